package join

import (
	"errors"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"roundtable/lang"
	"roundtable/session"
)

// page is one form of the flow. A door with a Gate asks the code on a page
// of its own, so that a wrong code is turned away before anyone types
// their name; a door without one asks everything on one page.
type page int

const (
	pageAll  page = iota // the language, the address (where the participant types it), the code, who
	pageCode             // the language, and the join code or a code that stands for a saved place
	pageWho              // name and institution, once the door has admitted the code
)

// The keys of the form's fields, which find the focused field again when
// the form is made anew in another language.
const (
	fieldLang        = "lang"
	fieldHost        = "host"
	fieldCode        = "code"
	fieldName        = "name"
	fieldInstitution = "institution"
)

// newForm makes the form of page p over the flow's answers, in the
// participant's language, under a note: the problem with the last answers
// when there is one, else what this page is about. The language comes
// first on the pages that open the way in, where everyone sees it, while
// the cursor starts on the first question after it (firstQuestion), so
// that English readers lose no keystroke; choosing a language makes the
// form anew in it at once.
func (m *Model) newForm(p page) *huh.Form {
	l := m.l
	language := keyed{
		Field: huh.NewSelect[lang.Tag]().Key(fieldLang).Title(l.S("join.form.lang")).Inline(true).
			Options(languages(m.a.Lang)...).Value(&m.a.Lang),
		lead: key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", l.S("join.key.change"))),
		lang: m.langKey,
	}
	code := keyed{Field: huh.NewInput().Key(fieldCode).Title(l.S("join.form.code")).Description(m.codeHint()).
		Value(&m.a.Code).Validate(checkText(l.S("join.check.code_empty"), l.N("join.check.code_long", maxCodeLen), maxCodeLen)), lang: m.langKey}
	name := keyed{Field: huh.NewInput().Key(fieldName).Title(l.S("join.form.name")).
		Value(&m.a.Name).Validate(checkText(l.S("join.check.name_empty"), l.N("join.check.name_long", session.MaxNameLen), session.MaxNameLen)), lang: m.langKey}
	inst := keyed{Field: huh.NewInput().Key(fieldInstitution).Title(l.S("join.form.institution")).Description(l.S("join.form.institution_hint")).
		Value(&m.a.Institution).Validate(checkText(l.S("join.check.institution_empty"), l.N("join.check.institution_long", session.MaxInstitutionLen), session.MaxInstitutionLen)), lang: m.langKey}
	var about string
	var fields []huh.Field
	switch p {
	case pageAll:
		about = l.S("join.form.about_code")
		fields = append(fields, language)
		if m.cfg.AskHost {
			about = l.S("join.form.about_host")
			fields = append(fields, keyed{Field: huh.NewInput().Key(fieldHost).Title(l.S("join.form.host")).Description(l.S("join.form.host_hint")).
				Value(&m.a.Host).Validate(validHost(l)), lang: m.langKey})
		}
		fields = append(fields, code, name, inst)
	case pageCode:
		about = l.S("join.form.about_code")
		fields = append(fields, language, code)
	case pageWho:
		about = l.S("join.form.about_who")
		fields = append(fields, name, inst)
	}
	title := l.S("join.form.title")
	if m.problem != nil {
		title, about = l.S("join.form.could_not"), m.problem(l)
	}
	if m.langNote != "" {
		about += "\n" + m.langNote
	}
	note := huh.NewNote().Title(title).Description(about)
	f := huh.NewForm(huh.NewGroup(append([]huh.Field{note}, fields...)...)).
		WithShowHelp(true).WithKeyMap(formKeys(l)).WithTheme(huh.ThemeFunc(formTheme))
	f.SubmitCmd = nil // the flow goes on instead of quitting
	f.CancelCmd = tea.Quit
	return f
}

// maxCodeLen bounds a typed join code (or rejoin code).
const maxCodeLen = 64

// languages are the options of the language field, each named in itself
// so that every reader finds their own, and cur among them even when it
// is none of lang.All (the pseudo language of tests): the field must not
// change it by merely showing it.
func languages(cur lang.Tag) []huh.Option[lang.Tag] {
	var opts []huh.Option[lang.Tag]
	for _, t := range lang.All {
		opts = append(opts, huh.NewOption(lang.Name(t), t))
	}
	if !slices.Contains(lang.All, cur) {
		opts = append(opts, huh.NewOption(lang.Name(cur), cur))
	}
	return opts
}

// formKeys are huh's keys with their help in the language of l; the keys
// themselves stay.
func formKeys(l *lang.Printer) *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	next, back, submit := l.S("join.key.next"), l.S("join.key.back"), l.S("join.key.submit")
	k.Input.Next.SetHelp("enter", next)
	k.Input.Prev.SetHelp("shift+tab", back)
	k.Input.Submit.SetHelp("enter", submit)
	k.Input.AcceptSuggestion.SetHelp("ctrl+e", l.S("join.key.complete"))
	k.Select.Next.SetHelp("enter", next)
	k.Select.Prev.SetHelp("shift+tab", back)
	k.Select.Submit.SetHelp("enter", submit)
	k.Note.Next.SetHelp("enter", next)
	k.Note.Prev.SetHelp("shift+tab", back)
	k.Note.Submit.SetHelp("enter", submit)
	return k
}

// formTheme is huh's theme with the note's title on the line above its
// text, so that the whole form fits 80×24 in every language.
func formTheme(dark bool) *huh.Styles {
	s := huh.ThemeCharm(dark)
	s.Focused.NoteTitle = s.Focused.NoteTitle.MarginBottom(0)
	s.Blurred.NoteTitle = s.Blurred.NoteTitle.MarginBottom(0)
	return s
}

// keyed is a field of the form whose key help ends in the language key
// (F2), which the flow takes before the form sees it. With lead set (the
// language field), the help begins with lead instead of the field's own
// keys but enter and shift+tab: huh lists ← and → apart, and a filter a
// list of three does not need.
type keyed struct {
	huh.Field
	lead key.Binding
	lang key.Binding
}

// Update keeps the wrapper in the form, not the field inside.
func (f keyed) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	m, cmd := f.Field.Update(msg)
	if inner, ok := m.(huh.Field); ok {
		f.Field = inner
	}
	return f, cmd
}

// KeyBinds are the field's keys, then the language key.
func (f keyed) KeyBinds() []key.Binding {
	own := f.Field.KeyBinds()
	if f.lead.Enabled() && len(f.lead.Keys()) > 0 {
		binds := []key.Binding{f.lead}
		for _, b := range own {
			if k := b.Help().Key; b.Enabled() && (k == "enter" || k == "shift+tab") {
				binds = append(binds, b)
			}
		}
		own = binds
	}
	return append(own, f.lang)
}

func (m *Model) codeHint() string {
	switch {
	case m.cfg.CodeHint != "":
		return m.cfg.CodeHint
	case m.cfg.RejoinCodes:
		return m.l.S("join.form.code_hint_rejoin")
	}
	return m.l.S("join.form.code_hint")
}

// ask shows the form of page p (the one page, for a door without a Gate)
// with problem above it. Where nobody can answer (Config.Ask unset), the
// flow ends instead, with the problem as its error.
func (m *Model) ask(p page, problem words) tea.Cmd {
	if !m.cfg.Ask {
		if problem == nil {
			problem = say("join.incomplete")
		}
		m.err = errors.New(problem(m.l))
		m.stage = stageDone
		return tea.Quit
	}
	if m.cfg.Gate == nil {
		p = pageAll
	}
	m.page, m.stage, m.problem = p, stageAsk, problem
	m.asked = true
	m.form = m.newForm(p)
	cmds := append([]tea.Cmd{m.form.Init()}, m.focus(firstQuestion(p, m.cfg.AskHost))...)
	return tea.Batch(append(cmds, m.sizeForm())...)
}

// firstQuestion is the field the cursor starts on: the first after the
// language.
func firstQuestion(p page, askHost bool) string {
	switch {
	case p == pageAll && askHost:
		return fieldHost
	case p == pageWho:
		return fieldName
	}
	return fieldCode
}

// focus moves the new form's cursor on to the field named key.
func (m *Model) focus(key string) []tea.Cmd {
	var cmds []tea.Cmd
	for range 8 { // at most the fields of a page
		f := m.form.GetFocusedField()
		if f == nil || f.GetKey() == key {
			break
		}
		cmds = append(cmds, m.form.NextField())
	}
	return cmds
}

// sizeForm tells a new form the terminal's size, once it is known.
func (m *Model) sizeForm() tea.Cmd {
	if m.width > 0 {
		return m.updateForm(formSize(m.width, m.height))
	}
	return nil
}

// formSize is the size to tell huh for a terminal w×h: a group of height
// H draws H+1 lines when it must scroll (its fields, a blank line and the
// key help).
func formSize(w, h int) tea.WindowSizeMsg {
	return tea.WindowSizeMsg{Width: w, Height: max(1, h-1)}
}

// relangForm makes the form anew in the participant's language, with the
// same answers and the same field focused.
func (m *Model) relangForm() tea.Cmd {
	focused := ""
	if f := m.form.GetFocusedField(); f != nil {
		focused = f.GetKey()
	}
	m.form = m.newForm(m.page)
	cmds := []tea.Cmd{m.form.Init()}
	if focused != "" {
		cmds = append(cmds, m.focus(focused)...)
	}
	return tea.Batch(append(cmds, m.sizeForm())...)
}

// updateForm hands msg to the form and acts on its end, and on a language
// chosen on it.
func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	f, cmd := m.form.Update(msg)
	if f, ok := f.(*huh.Form); ok {
		m.form = f
	}
	switch m.form.State {
	case huh.StateCompleted:
		m.form = nil
		return tea.Batch(cmd, m.submitted())
	case huh.StateAborted:
		return tea.Quit
	}
	if m.a.Lang != m.l.Tag() { // the language field moved
		m.setLang(m.a.Lang)
		m.sessionLang = false
		return tea.Batch(cmd, m.relangForm())
	}
	return cmd
}

// submitted acts on a completed form.
func (m *Model) submitted() tea.Cmd {
	m.a = m.a.tidy()
	if m.page == pageCode {
		return m.takeCode()
	}
	return m.dial(m.cfg.Store.Find(m.a))
}

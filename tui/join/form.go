package join

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"roundtable/session"
)

// page is one form of the flow. A door with a Gate asks the code on a page
// of its own, so that a wrong code is turned away before anyone types
// their name; a door without one asks everything on one page.
type page int

const (
	pageAll  page = iota // the address (where the participant types it), the code, who
	pageCode             // the join code, or a code that stands for a saved place
	pageWho              // name and institution, once the door has admitted the code
)

// Default words under the code field.
const defaultCodeHint = "letters and digits, for example K7Q2M"

// newForm makes the form of page p over the flow's answers, under a note:
// the problem with the last answers when there is one, else what this page
// is about.
func (m *Model) newForm(p page, problem string) *huh.Form {
	code := huh.NewInput().Title("Join code").Description(m.codeHint()).
		Value(&m.a.Code).Validate(NotEmpty("the join code", 64))
	name := huh.NewInput().Title("Your name").
		Value(&m.a.Name).Validate(NotEmpty("your name", session.MaxNameLen))
	inst := huh.NewInput().Title("Your institution").Description("the ministry, agency or organisation you represent").
		Value(&m.a.Institution).Validate(NotEmpty("your institution", session.MaxInstitutionLen))
	var about string
	var fields []huh.Field
	switch p {
	case pageAll:
		about = "The facilitator shows the join code."
		if m.cfg.AskHost {
			about = "The facilitator shows the address and the join code."
			fields = append(fields, huh.NewInput().Title("Address of the session").Description("for example 192.168.1.20:7777").
				Value(&m.a.Host).Validate(validHost))
		}
		fields = append(fields, code, name, inst)
	case pageCode:
		about = "The facilitator shows the join code."
		fields = append(fields, code)
	case pageWho:
		about = "The code is right: now say who you are."
		fields = append(fields, name, inst)
	}
	note := huh.NewNote().Title("Join a Roundtable session").Description(about)
	if problem != "" {
		note = huh.NewNote().Title("Could not join").Description(problem)
	}
	f := huh.NewForm(huh.NewGroup(append([]huh.Field{note}, fields...)...)).WithShowHelp(true)
	f.SubmitCmd = nil // the flow goes on instead of quitting
	f.CancelCmd = tea.Quit
	return f
}

func (m *Model) codeHint() string {
	if m.cfg.CodeHint != "" {
		return m.cfg.CodeHint
	}
	return defaultCodeHint
}

// ask shows the form of page p (the one page, for a door without a Gate)
// with problem above it. Where nobody can answer (Config.Ask unset), the
// flow ends instead, with the problem as its error.
func (m *Model) ask(p page, problem string) tea.Cmd {
	if !m.cfg.Ask {
		if problem == "" {
			problem = "the answers are incomplete"
		}
		m.err = errors.New(problem)
		m.stage = stageDone
		return tea.Quit
	}
	if m.cfg.Gate == nil {
		p = pageAll
	}
	m.page, m.stage, m.problem = p, stageAsk, problem
	m.form = m.newForm(p, problem)
	cmd := m.form.Init()
	if m.width > 0 {
		return tea.Batch(cmd, m.updateForm(tea.WindowSizeMsg{Width: m.width, Height: m.height}))
	}
	return cmd
}

// updateForm hands msg to the form and acts on its end.
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

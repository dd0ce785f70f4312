package participant

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"roundtable/server/client"
	"roundtable/tui"
	"roundtable/tui/components"
)

// layout is how the screen's height is shared out.
type layout struct {
	header, body, composer, footer int
}

func (m *Participant) layout() layout { return m.layoutFor(m.helpView()) }

// helpView draws the footer's keys as wide as the screen.
func (m *Participant) helpView() string {
	return components.HelpView(m.help, m.Cells, m.helpKeys(), m.Width)
}

// noticeLines is how many lines a notice or a question may take above the
// keys: wrapped, not cut, up to this many.
const noticeLines = 3

// layoutFor shares out the height with the footer's help already drawn.
func (m *Participant) layoutFor(help string) layout {
	l := layout{header: len(m.header(m.env(), m.Width)) + len(m.tableStrip(m.env(), m.Width)), footer: len(m.NoticeLines(m.Width, noticeLines)) + lipgloss.Height(help)}
	if m.compose.Open {
		l.composer = m.compose.Height()
	}
	l.body = m.Height - l.header - l.footer - l.composer
	if l.body < 3 && l.composer > 0 { // a short terminal: the text area wins
		l.body = 0
	}
	return l
}

// helpKeys returns the keys to show in the footer now.
func (m *Participant) helpKeys() components.HelpKeys {
	k := m.Keys
	if m.Confirm != nil {
		return components.ConfirmHelp(k)
	}
	if h, ok := m.agendaHelp(); ok && !m.compose.Open { // issue 15
		return h
	}
	if m.compose.Open {
		esc := m.L.S("participant.key.keep_draft")
		if m.compose.target.kind == composeConsent { // issue 16: esc sends nothing
			esc = m.L.S("consent.key.send_nothing")
		}
		b := []key.Binding{k.Submit, k.Newline, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", esc))}
		return components.HelpKeys{Pinned: b, Spare: []key.Binding{k.Lang}}
	}
	short, full := m.screen().help(m.env())
	if m.outcome.open {
		short, full = m.outcome.help(m.env())
	}
	// d, ? and q always show; the language key comes last and gives way
	// first where the room runs out, then the screen's keys from the end;
	// the full help always has them all
	pinned := []key.Binding{k.Done, k.Help, k.Quit}
	if m.Status == client.Ended {
		pinned = []key.Binding{k.Help, k.Quit}
	}
	return components.HelpKeys{
		Short:  short,
		Pinned: pinned,
		Spare:  []key.Binding{k.Lang},
		Full:   [][]key.Binding{full, m.withUndo(append(append(append([]key.Binding{}, pinned...), k.Outcome, k.Agenda, k.Signal, k.Lang), m.tablesHelp()...))}, // issue 15: o, a, b, u; issue 16: h, t, p
	}
}

// withUndo adds the undo key to the full help's global keys while the
// session goes on (issue 15).
func (m *Participant) withUndo(global []key.Binding) []key.Binding {
	if m.Status == client.Ended {
		return global
	}
	return append([]key.Binding{m.undoKey()}, global...)
}

// View draws the whole screen.
func (m *Participant) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "Roundtable — " + m.St.Settings.Title
	return v
}

func (m *Participant) render() string {
	w, h := m.Width, m.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	e := m.env()
	if w < 24 || h < 8 {
		return e.Cells.Block([]string{
			m.Styles.Paint.Title(e.Cells.Truncate(m.St.Settings.Title, w)),
			e.Cells.Truncate(tui.PhaseName(e.L, m.St.Phase), w),
			e.Cells.Truncate(e.L.S("participant.too_small"), w),
		}, w, h)
	}
	help := m.helpView()
	l := m.layoutFor(help)
	lines := make([]string, 0, h)
	lines = append(lines, m.header(e, w)...)
	lines = append(lines, m.tableStrip(e, w)...) // issue 16
	if l.body > 0 {
		// screens draw exactly w×h; only the line count is checked here
		view := m.bodyView // the agenda when open (issue 15)
		if m.outcome.open {
			view = m.outcome.view
		}
		body := tui.SplitLines(view(e, w, l.body))
		if len(body) > l.body {
			body = body[:l.body]
		}
		lines = append(lines, body...)
		for i := len(body); i < l.body; i++ {
			lines = append(lines, "")
		}
	}
	if l.composer > 0 {
		lines = append(lines, tui.SplitLines(m.compose.View(m.Styles, m.Cells, w))...)
	}
	// the keys stay at the bottom even when the text area overflows
	// (help.Model can run past its width when even its "…" does not fit)
	foot := append(m.NoticeLines(w, noticeLines), m.Cells.Clip(tui.SplitLines(help), w, len(tui.SplitLines(help)))...)
	return tui.PinFooter(lines, foot, h)
}

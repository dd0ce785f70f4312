package console

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// agendaOverlay is the console's agenda (a): each phase with the time
// planned for it, the time per discussed item, and the total. enter sets
// the selected row's time, x takes it off, esc closes. The agenda is the
// session's (settings), so every console and participant sees a change.
type agendaOverlay struct {
	open bool
	row  int // the selected row of components.AgendaRows
}

// show opens the agenda on the current phase.
func (a *agendaOverlay) show(c *desk) {
	a.open = true
	a.row = max(0, c.St.Phase.Index())
}

func (a *agendaOverlay) key(c *desk, msg tea.KeyPressMsg) tea.Cmd {
	k := c.Keys
	rows := components.AgendaRows(c.St)
	switch {
	case key.Matches(msg, k.Back):
		a.open = false
	case key.Matches(msg, k.Up):
		a.row = max(0, a.row-1)
	case key.Matches(msg, k.Down):
		a.row = min(len(rows)-1, a.row+1)
	case key.Matches(msg, k.Open):
		return a.edit(c, rows[a.row])
	case key.Matches(msg, k.Delete):
		if rows[a.row].Time == 0 {
			c.note(c.L.S("agenda.console.nothing_to_clear"))
			return nil
		}
		a.set(c, rows[a.row], 0)
	}
	return nil
}

// edit opens the field for the selected row's time.
func (a *agendaOverlay) edit(c *desk, r components.AgendaRow) tea.Cmd {
	l := c.L
	title := l.S("agenda.console.edit_item")
	if r.Phase != "" {
		title = l.S("agenda.console.edit_phase", "Phase", tui.PhaseName(l, r.Phase))
	}
	initial := ""
	if r.Time > 0 {
		initial = minutesText(r.Time)
	}
	return c.openInput(inputSpec{
		title: title, hint: l.S("agenda.console.edit_hint"), initial: initial, lines: 1, limit: 8,
		submit: func(text string) tea.Cmd {
			c := c.fresh()
			text = strings.TrimSpace(text)
			if text == "" || text == "0" {
				a.set(c, r, 0)
				return nil
			}
			secs, ok := parseMinutes(strings.Replace(text, ",", ".", 1))
			d := time.Duration(secs) * time.Second
			switch {
			case !ok || secs <= 0:
				c.fail(l.S("console.timer.not_a_time", "Text", text))
			case d > session.MaxTimer:
				c.fail(l.N("console.timer.too_long", int(session.MaxTimer/time.Hour)))
			default:
				a.set(c, r, d)
			}
			return nil
		},
	})
}

// set sends the agenda with row r's time changed to d (0 takes it off).
func (a *agendaOverlay) set(c *desk, r components.AgendaRow, d time.Duration) {
	l := c.L
	ag := c.St.Settings.Agenda
	name := l.S("agenda.row.item")
	if r.Phase != "" {
		ag = ag.With(r.Phase, d)
		name = tui.PhaseName(l, r.Phase)
	} else {
		ag = ag.Clone()
		ag.Item = d
	}
	c.send(session.Command{Type: session.CmdUpdateSettings, Agenda: &ag})
	if d == 0 {
		c.note(l.S("agenda.console.cleared", "Row", name))
		return
	}
	c.note(l.S("agenda.console.set", "Row", name, "Time", components.Span(l, d)))
}

// view draws the agenda into w×h.
func (a *agendaOverlay) view(c *desk, w, h int) []string {
	lines := components.AgendaLines(c.Common, c.St, c.Now(), w, a.row)
	lines = append(lines, "")
	return append(lines, components.AgendaNote(c.Common, w)...)
}

func (a *agendaOverlay) help(c *desk) (short, full []key.Binding) {
	k := c.Keys
	set := key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", c.L.S("agenda.console.key.set")))
	clear := key.NewBinding(key.WithKeys("x"), key.WithHelp("x", c.L.S("agenda.console.key.clear")))
	closeKey := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.L.S("agenda.key.close")))
	return []key.Binding{set, clear, closeKey}, []key.Binding{k.Up, k.Down, set, clear, closeKey}
}

// minutesText writes a planned time as the field reads it: "15", "2:30".
func minutesText(d time.Duration) string {
	secs := int(d / time.Second)
	if secs%60 == 0 {
		return strconv.Itoa(secs / 60)
	}
	return fmt.Sprintf("%d:%02d", secs/60, secs%60)
}

package console

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/components"
)

// View draws the whole console.
func (c *Console) View() tea.View {
	v := tea.NewView(c.render())
	v.AltScreen = true
	v.WindowTitle = c.L.S("console.window_title", "Title", c.St.Settings.Title)
	return v
}

// sideWidth is the width of the room overview beside the main pane, or 0
// when the terminal is too narrow for both.
func sideWidth(w int) int {
	if w < 90 {
		return 0
	}
	return min(56, max(30, w*3/10))
}

func (c *Console) render() string {
	w, h := c.Width, c.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	tx := c.Cells
	if w < 40 || h < 12 {
		return tx.Block([]string{
			c.Styles.Paint.Title(tx.Truncate(c.St.Settings.Title, w)),
			tx.Truncate(c.L.S("console.small.phase_code", "Phase", tui.PhaseName(c.L, c.St.Phase), "Code", c.opts.Join.Code), w),
			tx.Truncate(c.L.S("console.small.larger"), w),
		}, w, h)
	}
	helpView := components.HelpView(c.help, tx, c.helpKeys(), w)
	foot := append(c.NoticeLines(w, noticeLines), tx.Clip(tui.SplitLines(helpView), w, len(tui.SplitLines(helpView)))...)
	in := c.input.view(c.Styles, tx, w)
	lines := c.header(w)
	body := h - len(lines) - len(foot) - len(in)
	if body > 0 {
		lines = append(lines, c.body(w, body)...)
	}
	lines = append(lines, in...)
	return tui.PinFooter(lines, foot, h)
}

// body draws the main pane of the phase and the room overview beside it,
// exactly h lines.
func (c *Console) body(w, h int) []string {
	if c.tables.open { // issue 16: the tables take the whole width (tables.go)
		return c.fill(c.tables.view(c.tablesDesk(), w, h), w, h)
	}
	if c.St.TablesOpen && h > 1 { // issue 16: the banner above the plenary
		return append([]string{c.bannerLine(w)}, c.body2(w, h-1)...)
	}
	return c.body2(w, h)
}

// body2 is body without the breakout tables (issue 16).
func (c *Console) body2(w, h int) []string {
	if c.roster.open && !c.showCoFac { // the room takes the whole width
		lines := c.Cells.Clip(c.roster.view(c.desk(), w, h), w, h)
		for len(lines) < h {
			lines = append(lines, "")
		}
		return lines
	}
	side := sideWidth(w)
	mainW := w
	if side > 0 {
		mainW = w - side - 3
	}
	var main []string
	overlay, isOverlay := c.overlayView(mainW, h) // issue 15
	switch {
	case c.export.open:
		main = c.exportView(mainW, h)
	case isOverlay:
		main = overlay
	case c.showCoFac:
		main = c.coFacPanel(mainW)
	case c.comments.open:
		main = c.comments.view(c.desk(), mainW, h)
	case c.preview.open || c.St.Phase == session.PhaseClosed:
		main = c.preview.view(c.desk(), mainW, h)
	case c.St.Phase == session.PhaseLobby:
		main = c.joinPanel(mainW, h)
	default:
		if s := c.screen(); s != nil {
			main = s.view(c.desk(), mainW, h)
		}
	}
	main = c.Cells.Clip(main, mainW, h)
	if side == 0 {
		for len(main) < h {
			main = append(main, "")
		}
		return main
	}
	right := c.sidePane(side, h)
	bar := c.Styles.Paint.Rule(" │ ")
	out := make([]string, h)
	for i := range h {
		l := ""
		if i < len(main) {
			l = main[i]
		}
		r := ""
		if i < len(right) {
			r = right[i]
		}
		out[i] = c.Cells.Pad(l, mainW) + bar + r
	}
	return out
}

// header is the top of the console: title, timer and connection; the
// phase, how many are done and the votes' state; a rule.
func (c *Console) header(w int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	now := c.Now()
	conn := components.ConnText(c.L, st, c.Status, c.Waiting, c.Node)
	right := conn
	if t := components.TimerText(c.L, st, c.St.Timer, now); t != "" && c.Status != client.Ended {
		right = t + "   " + conn
		if tx.Width(right)+12 > w {
			right = t
		}
	}
	title := st.Paint.Title(tx.Truncate(c.St.Settings.Title, max(0, w-tx.Width(right)-1)))
	line1 := tx.Spread(title, right, w)
	if c.alarm.Flashing(now) { // issue 15: time is up
		line1 = c.flashLine(w)
	}

	phase := st.Paint.Phase(fmt.Sprintf("%s %d/7", tui.PhaseName(c.L, c.St.Phase), c.St.Phase.Index()+1))
	var facts []string
	if c.St.Phase != session.PhaseLobby && c.St.Phase != session.PhaseClosed && c.room.participants > 0 {
		facts = append(facts, l.N("console.header.done", c.room.done, "All", l.Number(c.room.participants)))
	}
	if c.St.Phase == session.PhaseVote { // the votes' state is news of the Vote phase only
		if c.St.VotesRevealed {
			facts = append(facts, l.S("console.header.tallies_shown"))
		} else {
			facts = append(facts, l.S("console.header.tallies_hidden"))
		}
		if c.St.VotingClosed {
			facts = append(facts, l.S("console.header.voting_closed"))
		}
	}
	if f := c.privateFact(); f != "" { // issue 15
		facts = append(facts, f)
	}
	nav := ""
	if p := c.St.Phase; p != session.PhaseClosed {
		nav = st.Paint.Meta("> " + tui.PhaseName(c.L, p.Next()))
	}
	// facts give way whole from the end rather than be cut mid-word
	for len(facts) > 0 && tx.Width(phase+" · "+strings.Join(facts, " · "))+tx.Width(nav)+1 > w {
		facts = facts[:len(facts)-1]
	}
	if len(facts) > 0 {
		phase += st.Paint.Meta(" · " + strings.Join(facts, " · "))
	}
	line2 := tx.Spread(phase, nav, w)
	return []string{line1, line2, st.Paint.Rule(strings.Repeat("─", max(0, w)))}
}

// noticeLines is how many lines a notice may take above the keys: the
// host's start notice (which session, which flags were ignored) is
// wrapped, not cut.
const noticeLines = 3

// helpKeys returns the keys to show in the footer now.
func (c *Console) helpKeys() components.HelpKeys {
	k := c.Keys
	if c.Confirm != nil {
		return components.ConfirmHelp(k)
	}
	if h, ok := c.overlayHelp(); ok && !c.input.open { // issue 15
		return h
	}
	if h, ok := c.tablesHelp(); ok && !c.input.open && c.Confirm == nil { // issue 16
		return h
	}
	if c.input.open {
		b := []key.Binding{k.Submit, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", c.L.S("console.key.cancel")))}
		if len(c.input.choices) > 0 {
			b = append(b, k.Complete)
		}
		if c.input.lines > 1 {
			b = append(b, k.Newline)
		}
		return components.HelpKeys{Pinned: b}
	}
	global := []key.Binding{k.Help, k.Quit}
	if c.placing() { // the placement dialog's own keys: letters search
		return components.HelpKeys{Pinned: c.roadmap.placeHelp(c.desk())}
	}
	if c.consenting() { // issue 16: the consent panel's own keys
		short, full := c.roadmap.consent.help(c.desk())
		return components.HelpKeys{Short: short, Pinned: global, Full: [][]key.Binding{full, append(global, c.undoKey())}}
	}
	if c.export.open { // the dialog's own keys
		short, _ := c.exportHelp()
		return components.HelpKeys{Short: short, Pinned: global}
	}
	if c.Status == client.Ended {
		return components.HelpKeys{Short: []key.Binding{k.Move, k.Export}, Pinned: global, Full: [][]key.Binding{{k.Up, k.Down, k.Export}, global}}
	}
	var short, full []key.Binding
	switch {
	case c.roster.open:
		short, full = c.roster.help(c.desk())
		return components.HelpKeys{Short: append(short, k.Help, k.Quit), Full: [][]key.Binding{full, {k.Help, k.Quit}}}
	case c.comments.open:
		short, full = c.comments.help(c.desk())
		return components.HelpKeys{Short: append(short, k.Help, k.Quit), Full: [][]key.Binding{full, {k.Help, k.Quit}}}
	case c.preview.open || c.St.Phase == session.PhaseClosed:
		short, full = c.preview.help(c.desk())
	case c.screen() != nil:
		short, full = c.screen().help(c.desk())
	}
	reveal := k.Reveal
	if c.St.Concealed { // issue 15: r reveals the private round's ideas
		reveal = k.RevealIdeas
	}
	phase := []key.Binding{k.NextPhase, k.PrevPhase, k.Timer, reveal, k.Preview, k.Export, k.Agenda, k.Settings, c.undoKey()}
	if c.St.Phase == session.PhaseClosed {
		phase = phase[1:] // the last phase: no next
	}
	phase = append(phase, k.Room, k.Tables) // issue 16: b
	if c.screen() != nil {
		phase = append(phase, k.Comments)
	}
	if c.opts.CoFacilitator != "" {
		phase = append(phase, k.CoFacilitator)
	}
	step := k.NextPhase
	if c.St.Phase == session.PhaseClosed {
		step = k.PrevPhase // the last phase: only back
	}
	// the screen's keys, then export and the timer; where the line runs
	// out they give way from the end, never the way on (> or <), ? and q
	shortAll := append([]key.Binding{}, short...)
	if !hasBinding(short, k.Export) {
		shortAll = append(shortAll, k.Export)
	}
	shortAll = append(shortAll, k.Timer)
	return components.HelpKeys{
		Short:  shortAll,
		Pinned: append([]key.Binding{step}, global...),
		Full:   [][]key.Binding{full, phase, global},
	}
}

// coFacPanel shows how a co-facilitator opens this console, w cells wide;
// the command wraps rather than losing the token's end.
func (c *Console) coFacPanel(w int) []string {
	st, tx, l := c.Styles, c.Cells, c.L
	out := []string{st.Paint.Section(tx.Truncate(l.S("console.cofac.title"), w)), ""}
	for _, line := range tx.Wrap(l.S("console.cofac.private"), w) {
		out = append(out, st.Paint.Error(line))
	}
	for _, line := range tx.Wrap(l.S("console.cofac.projector"), w) {
		out = append(out, st.Paint.Meta(line))
	}
	out = append(out, "")
	for _, line := range tx.Wrap(l.S("console.cofac.type"), w) {
		out = append(out, st.Paint.Meta(line))
	}
	for _, line := range tx.Wrap(c.opts.CoFacilitator, max(10, w-2)) {
		out = append(out, "  "+st.Paint.Title(line))
	}
	out = append(out, "")
	for _, line := range tx.Wrap(l.S("console.cofac.clipboard"), w) {
		out = append(out, st.Paint.Meta(line))
	}
	return out
}

// hasBinding reports whether bs holds b (by its help text and keys).
func hasBinding(bs []key.Binding, b key.Binding) bool {
	for _, x := range bs {
		if x.Help() == b.Help() && strings.Join(x.Keys(), " ") == strings.Join(b.Keys(), " ") {
			return true
		}
	}
	return false
}

// quoted is a text cut to n cells for a sentence, on one line; the
// sentence's message puts the quotes of its language around it.
func quoted(tx tui.Cells, s string, n int) string {
	return tx.Truncate(tui.OneLine(s), n)
}

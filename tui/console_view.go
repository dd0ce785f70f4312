package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/server/client"
	"roundtable/session"
)

// View draws the whole console.
func (c *Console) View() tea.View {
	v := tea.NewView(c.render())
	v.AltScreen = true
	v.WindowTitle = "Roundtable console — " + c.st.Settings.Title
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
	w, h := c.width, c.height
	if w <= 0 || h <= 0 {
		return ""
	}
	tx := c.tx
	if w < 40 || h < 12 {
		return tx.block([]string{
			c.styles.paint.Title(tx.truncate(c.st.Settings.Title, w)),
			tx.truncate(phaseName(c.st.Phase)+" · code "+c.opts.Join.Code, w),
			tx.truncate("Please make this window larger.", w),
		}, w, h)
	}
	helpView := c.help.View(c.helpKeys())
	foot := append(c.statusLines(w), tx.clip(splitLines(helpView), w, len(splitLines(helpView)))...)
	in := c.input.view(&c.styles, tx, w)
	lines := c.header(w)
	body := h - len(lines) - len(foot) - len(in)
	if body > 0 {
		lines = append(lines, c.body(w, body)...)
	}
	lines = append(lines, in...)
	return pinFooter(lines, foot, h)
}

// body draws the main pane of the phase and the room overview beside it,
// exactly h lines.
func (c *Console) body(w, h int) []string {
	side := sideWidth(w)
	mainW := w
	if side > 0 {
		mainW = w - side - 3
	}
	var main []string
	switch {
	case c.showCoFac:
		main = c.coFacPanel(mainW)
	case c.preview.open || c.st.Phase == session.PhaseClosed:
		main = c.preview.view(c, mainW, h)
	case c.st.Phase == session.PhaseLobby:
		main = c.joinPanel(mainW, h)
	default:
		if s := c.screen(); s != nil {
			main = s.view(c, mainW, h)
		}
	}
	main = c.tx.clip(main, mainW, h)
	if side == 0 {
		for len(main) < h {
			main = append(main, "")
		}
		return main
	}
	right := c.sidePane(side, h)
	bar := c.styles.paint.Rule(" │ ")
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
		out[i] = c.tx.pad(l, mainW) + bar + r
	}
	return out
}

// header is the top of the console: title, timer and connection; the
// phase, how many are done and the votes' state; a rule.
func (c *Console) header(w int) []string {
	st, tx := &c.styles, c.tx
	now := c.now()
	conn := connText(st, c.status, c.waiting)
	right := conn
	if t := timerText(st, c.st.Timer, now); t != "" && c.status != client.Ended {
		right = t + "   " + conn
		if tx.width(right)+12 > w {
			right = t
		}
	}
	title := st.paint.Title(tx.truncate(c.st.Settings.Title, max(0, w-tx.width(right)-1)))
	line1 := tx.spread(title, right, w)

	phase := st.paint.Phase(fmt.Sprintf("%s %d/7", phaseName(c.st.Phase), c.st.Phase.Index()+1))
	var facts []string
	if c.st.Phase != session.PhaseLobby && c.st.Phase != session.PhaseClosed && c.room.participants > 0 {
		facts = append(facts, strconv.Itoa(c.room.done)+" of "+strconv.Itoa(c.room.participants)+" done")
	}
	if c.st.Phase == session.PhaseVote || c.st.VotesRevealed {
		if c.st.VotesRevealed {
			facts = append(facts, "tallies shown")
		} else {
			facts = append(facts, "tallies hidden")
		}
		if c.st.VotingClosed {
			facts = append(facts, "voting closed")
		}
	}
	if len(facts) > 0 {
		phase += st.paint.Meta(" · " + strings.Join(facts, " · "))
	}
	nav := ""
	if p := c.st.Phase; p != session.PhaseClosed {
		nav = st.paint.Meta("> " + phaseName(p.Next()))
	}
	line2 := tx.spread(phase, nav, w)
	return []string{line1, line2, st.paint.Rule(strings.Repeat("─", max(0, w)))}
}

// noticeLines is how many lines a notice may take above the keys: the
// host's start notice (which session, which flags were ignored) is
// wrapped, not cut.
const noticeLines = 3

// statusLines are the lines above the keys: a question, or a refusal or a
// note, wrapped to at most noticeLines; one empty line when there is none.
func (c *Console) statusLines(w int) []string {
	st := &c.styles
	switch {
	case c.confirm != nil:
		return []string{st.paint.Error(c.tx.truncate(c.confirm.prompt, w))}
	case c.notice == "":
		return []string{""}
	}
	paint := st.paint.Notice
	if c.noticeErr {
		paint = st.paint.Error
	}
	lines := c.tx.wrap(c.notice, w)
	if len(lines) > noticeLines {
		lines = lines[:noticeLines]
		lines[noticeLines-1] = c.tx.truncate(lines[noticeLines-1]+" …", w)
	}
	for i := range lines {
		lines[i] = paint(lines[i])
	}
	if len(lines) == 0 {
		return []string{""}
	}
	return lines
}

// helpKeys returns the keys to show in the footer now.
func (c *Console) helpKeys() helpKeys {
	k := &c.keys
	if c.confirm != nil {
		return helpKeys{short: []key.Binding{k.Confirm, key.NewBinding(key.WithKeys("esc"), key.WithHelp("any other key", "keep"))}}
	}
	if c.input.open {
		b := []key.Binding{k.Submit, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
		if len(c.input.choices) > 0 {
			b = append(b, k.Complete)
		}
		if c.input.lines > 1 {
			b = append(b, k.Newline)
		}
		return helpKeys{short: b, full: [][]key.Binding{b}}
	}
	if c.status == client.Ended {
		b := []key.Binding{k.Move, k.Export, k.Help, k.Quit}
		return helpKeys{short: b, full: [][]key.Binding{{k.Up, k.Down, k.Export}, {k.Help, k.Quit}}}
	}
	var short, full []key.Binding
	switch {
	case c.preview.open || c.st.Phase == session.PhaseClosed:
		short, full = c.preview.help(c)
	case c.screen() != nil:
		short, full = c.screen().help(c)
	}
	phase := []key.Binding{k.NextPhase, k.PrevPhase, k.Timer, k.Reveal, k.Preview}
	if c.st.Phase == session.PhaseClosed {
		phase = phase[1:] // the last phase: no next
	}
	if c.opts.CoFacilitator != "" {
		phase = append(phase, k.CoFacilitator)
	}
	if c.exportPhase() {
		phase = append(phase, k.Export)
	}
	global := []key.Binding{k.Help, k.Quit}
	step := k.NextPhase
	if c.st.Phase == session.PhaseClosed {
		step = k.PrevPhase // the last phase: only back
	}
	shortAll := append(append([]key.Binding{}, short...), step, k.Timer)
	if c.exportPhase() && !hasBinding(short, k.Export) {
		shortAll = append(shortAll, k.Export)
	}
	return helpKeys{
		short: append(shortAll, global...),
		full:  [][]key.Binding{full, phase, global},
	}
}

// coFacPanel shows how a co-facilitator opens this console, w cells wide;
// the command wraps rather than losing the token's end.
func (c *Console) coFacPanel(w int) []string {
	st, tx := &c.styles, c.tx
	out := []string{
		st.paint.Section(tx.truncate("Co-facilitator", w)),
		"",
		st.paint.Error(tx.truncate("Keep this private: the token gives full control of the session.", w)),
		st.paint.Meta(tx.truncate("Not for the projector. ctrl+t or esc hides it.", w)),
		"",
		st.paint.Meta(tx.truncate("On the co-facilitator's laptop, type:", w)),
	}
	for _, l := range tx.wrap(c.opts.CoFacilitator, max(10, w-2)) {
		out = append(out, "  "+st.paint.Title(l))
	}
	return append(out, "", st.paint.Meta(tx.truncate("Also copied to the clipboard where the terminal allows it.", w)))
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

package components

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"roundtable/tui"
)

// HelpKeys is a help.KeyMap made for one screen and moment: the one-line
// footer and the full table.
type HelpKeys struct {
	// Short are the keys of this screen and moment, most useful first;
	// where the line is too short the last of them give way.
	Short []key.Binding
	// Pinned follow Short and are never left out (? help, q quit): a
	// person can always find the rest and the way out.
	Pinned []key.Binding
	// Spare follow Pinned where there is room, and give way first (the
	// language key).
	Spare []key.Binding
	// Full is the full help, in columns; nil shows the one-line footer
	// even while the full help is asked for (a question waiting for y,
	// an open text field).
	Full [][]key.Binding
}

// ShortHelp returns the bindings of the one-line footer.
func (h HelpKeys) ShortHelp() []key.Binding {
	return append(append(append([]key.Binding{}, h.Short...), h.Pinned...), h.Spare...)
}

// FullHelp returns the bindings of the full help, in columns.
func (h HelpKeys) FullHelp() [][]key.Binding { return h.Full }

// ConfirmHelp is the footer while a question waits for "y".
func ConfirmHelp(k *tui.KeyMap) HelpKeys {
	return HelpKeys{Pinned: []key.Binding{k.Confirm, k.Keep}}
}

// HelpView draws the footer's keys w cells wide: the full help when m
// shows all and k has one, its columns in as many bands as w needs and
// each key once; otherwise the one-line footer, which always ends in the
// pinned keys.
func HelpView(m help.Model, tx tui.Cells, k HelpKeys, w int) string {
	if m.ShowAll && len(k.Full) > 0 {
		return fullFit(m, tx, dedupe(k.Full), w)
	}
	return shortFit(m, tx, k, w)
}

// shortFit is the one-line footer: Short, Pinned and Spare, with Spare and
// then the last of Short left out until the line fits w.
func shortFit(m help.Model, tx tui.Cells, k HelpKeys, w int) string {
	m.SetWidth(0) // measured here, never cut by help with "…"
	spare := k.Spare
	short := k.Short
	for {
		line := m.ShortHelpView(append(append(append([]key.Binding{}, short...), k.Pinned...), spare...))
		switch {
		case tx.Width(line) <= w:
			return line
		case len(spare) > 0:
			spare = spare[:len(spare)-1]
		case len(short) > 0:
			short = short[:len(short)-1]
		default:
			return tx.Truncate(line, w)
		}
	}
}

// fullFit draws the columns of the full help side by side as long as they
// fit w, and the next ones in a band below, so that no column is lost.
func fullFit(m help.Model, tx tui.Cells, groups [][]key.Binding, w int) string {
	m.SetWidth(0)
	var bands []string
	var cur [][]key.Binding
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		try := append(append([][]key.Binding{}, cur...), g)
		if len(cur) > 0 && tx.Width(widest(m.FullHelpView(try), tx)) > w {
			bands = append(bands, m.FullHelpView(cur))
			cur = [][]key.Binding{g}
			continue
		}
		cur = try
	}
	if len(cur) > 0 {
		bands = append(bands, m.FullHelpView(cur))
	}
	return strings.Join(bands, "\n")
}

// widest returns the widest line of a block.
func widest(block string, tx tui.Cells) string {
	out := ""
	for _, l := range strings.Split(block, "\n") {
		if tx.Width(l) > tx.Width(out) {
			out = l
		}
	}
	return out
}

// dedupe leaves each key in the first column that lists it: a key both a
// screen and the console list (preview, export) is shown once.
func dedupe(groups [][]key.Binding) [][]key.Binding {
	seen := map[string]bool{}
	out := make([][]key.Binding, 0, len(groups))
	for _, g := range groups {
		var col []key.Binding
		for _, b := range g {
			id := b.Help().Key + "\x00" + b.Help().Desc
			if seen[id] || !b.Enabled() {
				continue
			}
			seen[id] = true
			col = append(col, b)
		}
		out = append(out, col)
	}
	return out
}

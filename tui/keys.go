package tui

import (
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
)

// KeyMap holds every key binding of the Roundtable screens, the same in
// every screen (PRODUCT.md, "Keys"). Build it with DefaultKeyMap and pass it
// down; nothing reads keys from a global.
type KeyMap struct {
	Help      key.Binding
	Quit      key.Binding
	NextTopic key.Binding
	PrevTopic key.Binding
	Up        key.Binding
	Down      key.Binding
	New       key.Binding
	Open      key.Binding
	Back      key.Binding
	VoteAdd   key.Binding
	VoteDel   key.Binding
	Comment   key.Binding
	Done      key.Binding
	// Outcome opens the participant's view of the outcome so far: notes,
	// decisions and the draft road map.
	Outcome key.Binding

	// Move and Topic stand for Up/Down and NextTopic/PrevTopic in the
	// one-line help, where room is short.
	Move  key.Binding
	Topic key.Binding

	// Own ideas and text entry.
	Edit    key.Binding
	Delete  key.Binding
	Confirm key.Binding
	Submit  key.Binding
	Newline key.Binding
	Rating  key.Binding // 1–5 on the feedback form

	// Facilitator console, in addition.
	NextPhase key.Binding
	PrevPhase key.Binding
	Timer     key.Binding
	Reveal    key.Binding
	FocusItem key.Binding
	Merge     key.Binding
	Hide      key.Binding
	Export    key.Binding // e: the export dialog, in every phase

	// Facilitator console: moderation, discussion and the road map.
	Mark          key.Binding // mark an idea (or a group) for a merge
	EditIdea      key.Binding // enter: edit an idea's text or rename a group
	MoveTopic     key.Binding // move an idea to another topic
	Split         key.Binding // s: dissolve a group or take an idea out of it
	CloseVoting   key.Binding // l: lock (close) or unlock (reopen) voting
	Notes         key.Binding // capture notes on an item
	Decision      key.Binding // record the decision on an item
	Place         key.Binding // place an item on the road map
	Unplace       key.Binding // x: take an item off the road map
	OrderUp       key.Binding // move a placed item up within its horizon
	OrderDown     key.Binding // move a placed item down within its horizon
	Preview       key.Binding // show the draft road map as a document
	CoFacilitator key.Binding // show how a co-facilitator opens this console
	Complete      key.Binding // cycle through suggestions in a text field

	// Facilitator console: the room and moderation of comments (issue 15).
	Room     key.Binding // w: the room view (roster), with its own keys
	Comments key.Binding // c: the comments on the selected item, to delete one
	// Issue 15: the agenda, the room settings, the time-up signal.
	Agenda      key.Binding // a: the agenda (the console edits it; a participant reads it)
	Settings    key.Binding // ,: the console's room settings
	Signal      key.Binding // b: a participant's time-up signal (bell and flash) on or off
	RevealIdeas key.Binding // r in a private ideas phase: reveal every private idea
	Toggle      key.Binding // space or enter: turn a setting on or off
	// Undo undoes the last action of whoever presses it (issue 15), in
	// every app that can act; the console's takes it before any screen.
	Undo key.Binding
	// Issue 16: consent rounds. Consent (g, console's Road map screen)
	// opens the consent panel of the selected road-map item; ConsentAnswer
	// (0–5, participant) answers an open round.
	Consent       key.Binding
	ConsentAnswer key.Binding

	// Issue 16: breakout tables (tables_ui). Tables opens the console's
	// tables overlay (b); Hand raises or lowers a seated participant's
	// table's hand (h); PickTable chooses a topic table (t); Promote is the
	// rapporteur's pick of the selected item for the plenary (p).
	Tables    key.Binding
	Hand      key.Binding
	PickTable key.Binding
	Promote   key.Binding

	// Lang switches the language of the screen (English, Azerbaijani,
	// Russian, in turn) on every screen of every app, even while a text
	// field has focus: F2 and ctrl+l type no text on any layout.
	Lang key.Binding
	// Keep stands for any other key in the footer while a question waits
	// for y.
	Keep key.Binding
}

// DefaultKeyMap returns the Roundtable key bindings, their help in the
// language of l. The keys themselves are the same in every language: a
// shortcut typed on another layout matches through LatinKey.
func DefaultKeyMap(l *lang.Printer) KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	space := l.S("tui.keycap.space")
	return KeyMap{
		Help:      b([]string{"?"}, "?", l.S("tui.key.help")),
		Quit:      b([]string{"q", "ctrl+c"}, "q", l.S("tui.key.quit")),
		NextTopic: b([]string{"tab", "right"}, "tab/→", l.S("tui.key.next_topic")),
		PrevTopic: b([]string{"shift+tab", "left"}, "shift+tab/←", l.S("tui.key.prev_topic")),
		Up:        b([]string{"up", "k"}, "↑/k", l.S("tui.key.up")),
		Down:      b([]string{"down", "j"}, "↓/j", l.S("tui.key.down")),
		New:       b([]string{"n"}, "n", l.S("tui.key.new")),
		Open:      b([]string{"enter"}, "enter", l.S("tui.key.open")),
		Back:      b([]string{"esc"}, "esc", l.S("tui.key.back")),
		VoteAdd:   b([]string{"space", "+", "="}, space+"/+", l.S("tui.key.vote_add")),
		VoteDel:   b([]string{"-", "_"}, "-", l.S("tui.key.vote_del")),
		Comment:   b([]string{"c"}, "c", l.S("tui.key.comment")),
		Done:      b([]string{"d"}, "d", l.S("tui.key.done")),
		Outcome:   b([]string{"o"}, "o", l.S("tui.key.outcome")),
		Move:      b([]string{"up", "down", "k", "j"}, "↑/↓", l.S("tui.key.move")),
		Topic:     b([]string{"tab", "shift+tab", "left", "right"}, "tab/←/→", l.S("tui.key.topic")),

		Edit:    b([]string{"e"}, "e", l.S("tui.key.edit")),
		Delete:  b([]string{"x", "delete"}, "x", l.S("tui.key.delete")),
		Confirm: b([]string{"y", "Y"}, "y", l.S("tui.key.confirm")),
		Submit:  b([]string{"enter"}, "enter", l.S("tui.key.submit")),
		Newline: b([]string{"alt+enter", "ctrl+j"}, "alt+enter", l.S("tui.key.newline")),
		Rating:  b([]string{"1", "2", "3", "4", "5"}, "1–5", l.S("tui.key.rating")),

		NextPhase: b([]string{">"}, ">", l.S("tui.key.next_phase")),
		PrevPhase: b([]string{"<"}, "<", l.S("tui.key.prev_phase")),
		Timer:     b([]string{"t"}, "t", l.S("tui.key.timer")),
		Reveal:    b([]string{"r"}, "r", l.S("tui.key.reveal")),
		FocusItem: b([]string{"f"}, "f", l.S("tui.key.focus")),
		Merge:     b([]string{"m"}, "m", l.S("tui.key.merge")),
		Hide:      b([]string{"h"}, "h", l.S("tui.key.hide")),
		Export:    b([]string{"e"}, "e", l.S("tui.key.export")),

		Mark:          b([]string{"space"}, space, l.S("tui.key.mark")),
		EditIdea:      b([]string{"enter"}, "enter", l.S("tui.key.edit_idea")),
		MoveTopic:     b([]string{"o"}, "o", l.S("tui.key.move_topic")),
		Split:         b([]string{"s"}, "s", l.S("tui.key.split")),
		CloseVoting:   b([]string{"l"}, "l", l.S("tui.key.close_voting")),
		Notes:         b([]string{"n"}, "n", l.S("tui.key.notes")),
		Decision:      b([]string{"d"}, "d", l.S("tui.key.decision")),
		Place:         b([]string{"p", "enter"}, "p", l.S("tui.key.place")),
		Unplace:       b([]string{"x", "delete"}, "x", l.S("tui.key.unplace")),
		OrderUp:       b([]string{"K", "shift+up"}, "K", l.S("tui.key.order_up")),
		OrderDown:     b([]string{"J", "shift+down"}, "J", l.S("tui.key.order_down")),
		Preview:       b([]string{"v"}, "v", l.S("tui.key.preview")),
		CoFacilitator: b([]string{"ctrl+t"}, "ctrl+t", l.S("tui.key.co_facilitator")),
		Complete:      b([]string{"tab"}, "tab", l.S("tui.key.complete")),

		Room:     b([]string{"w"}, "w", l.S("roster.key.room")),
		Comments: b([]string{"c"}, "c", l.S("roster.key.comments")),
		// issue 15
		Agenda:      b([]string{"a"}, "a", l.S("agenda.key.agenda")),
		Settings:    b([]string{","}, ",", l.S("agenda.key.settings")),
		Signal:      b([]string{"b"}, "b", l.S("agenda.key.signal")),
		RevealIdeas: b([]string{"r"}, "r", l.S("agenda.key.reveal_ideas")),
		Toggle:      b([]string{"space", "enter"}, space, l.S("agenda.key.toggle")),
		Undo:        b([]string{"u", "ctrl+z"}, "u", l.S("undo.key")), // issue 15
		// issue 16
		Consent:       b([]string{"g"}, "g", l.S("consent.key.panel")),
		ConsentAnswer: b([]string{"0", "1", "2", "3", "4", "5"}, "0–5", l.S("consent.key.answer")),
		// issue 16: breakout tables
		Tables:    b([]string{"b"}, "b", l.S("tables_ui.key.tables")),
		Hand:      b([]string{"h"}, "h", l.S("tables_ui.key.hand")),
		PickTable: b([]string{"t"}, "t", l.S("tables_ui.key.pick_table")),
		Promote:   b([]string{"p"}, "p", l.S("tables_ui.key.promote")),

		Lang: b([]string{"f2", "ctrl+l"}, "F2", l.S("tui.key.lang")),
		Keep: b([]string{"esc"}, l.S("tui.keycap.any_other"), l.S("tui.key.keep")),
	}
}

// NextLang is the language the language key switches to after t: the
// next of lang.All, round to the first (English after the pseudo language
// of tests too).
func NextLang(t lang.Tag) lang.Tag {
	for i, a := range lang.All {
		if a == t {
			return lang.All[(i+1)%len(lang.All)]
		}
	}
	return lang.All[0]
}

// LatinKey returns a key press as the same key gives it on a US layout, so
// that shortcuts work whichever layout is active: т (where n is on the
// Russian ЙЦУКЕН layout) is n, Т is N, Ю is >, ş is ".". It prefers the
// table of the standard Russian and Azerbaijani layouts
// (lang.KeyOnLatinLayout), then the base key the terminal reports (kitty
// keyboard protocol). Keys typed into a text field must not go through it.
func LatinKey(msg tea.KeyPressMsg) tea.KeyPressMsg {
	k := tea.Key(msg)
	r := k.Code
	if rs := []rune(k.Text); len(rs) == 1 {
		r = rs[0]
	}
	if r <= unicode.MaxASCII {
		return msg
	}
	latin, ok := lang.KeyOnLatinLayout(r)
	if !ok {
		if k.BaseCode == 0 || k.BaseCode > unicode.MaxASCII {
			return msg
		}
		latin = k.BaseCode
		if k.Mod.Contains(tea.ModShift) && k.Text != "" {
			latin = unicode.ToUpper(latin)
		}
	}
	k.Code = unicode.ToLower(latin)
	k.ShiftedCode = 0
	if unicode.IsUpper(latin) {
		k.ShiftedCode = latin
	}
	if k.Text != "" {
		k.Text = string(latin)
	}
	if k.Text != "" && !unicode.IsLetter(latin) {
		// A shifted symbol (< from Б) reads as itself, as on a US layout.
		k.Code = latin
	}
	k.Mod &^= tea.ModShift
	if k.Text == "" && unicode.IsUpper(latin) {
		k.Mod |= tea.ModShift
	}
	return tea.KeyPressMsg(k)
}

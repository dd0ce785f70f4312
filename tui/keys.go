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
	Export    key.Binding

	// Facilitator console: moderation, discussion and the road map.
	Mark          key.Binding // mark an idea (or a group) for a merge
	EditIdea      key.Binding // edit an idea's text or rename a group
	MoveTopic     key.Binding // move an idea to another topic
	Split         key.Binding // dissolve a group or take an idea out of it
	CloseVoting   key.Binding // close or reopen voting
	Notes         key.Binding // capture notes on an item
	Decision      key.Binding // record the decision on an item
	Place         key.Binding // place an item on the road map
	Unplace       key.Binding // take an item off the road map
	OrderUp       key.Binding // move a placed item up within its horizon
	OrderDown     key.Binding // move a placed item down within its horizon
	Preview       key.Binding // show the draft road map as a document
	CoFacilitator key.Binding // show how a co-facilitator opens this console
	Complete      key.Binding // cycle through suggestions in a text field
}

// DefaultKeyMap returns the Roundtable key bindings.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q", "ctrl+c"}, "q", "quit"),
		NextTopic: b([]string{"tab", "right"}, "tab/→", "next topic"),
		PrevTopic: b([]string{"shift+tab", "left"}, "shift+tab/←", "previous topic"),
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		New:       b([]string{"n"}, "n", "new idea"),
		Open:      b([]string{"enter"}, "enter", "open"),
		Back:      b([]string{"esc"}, "esc", "back"),
		VoteAdd:   b([]string{"space", "+", "="}, "space/+", "add vote"),
		VoteDel:   b([]string{"-", "_"}, "-", "remove"),
		Comment:   b([]string{"c"}, "c", "comment"),
		Done:      b([]string{"d"}, "d", "done"),
		Move:      b([]string{"up", "down", "k", "j"}, "↑/↓", "move"),
		Topic:     b([]string{"tab", "shift+tab", "left", "right"}, "tab/←/→", "topic"),

		Edit:    b([]string{"e"}, "e", "edit my idea"),
		Delete:  b([]string{"x", "delete"}, "x", "delete my idea"),
		Confirm: b([]string{"y", "Y"}, "y", "yes"),
		Submit:  b([]string{"enter"}, "enter", "send"),
		Newline: b([]string{"alt+enter", "ctrl+j"}, "alt+enter", "new line"),
		Rating:  b([]string{"1", "2", "3", "4", "5"}, "1–5", "rating"),

		NextPhase: b([]string{">"}, ">", "next phase"),
		PrevPhase: b([]string{"<"}, "<", "previous phase"),
		Timer:     b([]string{"t"}, "t", "timer"),
		Reveal:    b([]string{"r"}, "r", "reveal/hide votes"),
		FocusItem: b([]string{"f"}, "f", "focus"),
		Merge:     b([]string{"m"}, "m", "merge"),
		Hide:      b([]string{"h"}, "h", "hide/show"),
		Export:    b([]string{"e"}, "e", "export"),

		Mark:          b([]string{"space"}, "space", "mark"),
		EditIdea:      b([]string{"e", "enter"}, "e", "edit"),
		MoveTopic:     b([]string{"o"}, "o", "move to topic"),
		Split:         b([]string{"x"}, "x", "split/take out"),
		CloseVoting:   b([]string{"x"}, "x", "close/open voting"),
		Notes:         b([]string{"n"}, "n", "notes"),
		Decision:      b([]string{"d"}, "d", "decision"),
		Place:         b([]string{"p", "enter"}, "p", "place"),
		Unplace:       b([]string{"u"}, "u", "unplace"),
		OrderUp:       b([]string{"K", "shift+up"}, "K", "move up"),
		OrderDown:     b([]string{"J", "shift+down"}, "J", "move down"),
		Preview:       b([]string{"v"}, "v", "preview"),
		CoFacilitator: b([]string{"ctrl+t"}, "ctrl+t", "co-facilitator command"),
		Complete:      b([]string{"tab"}, "tab", "next suggestion"),
	}
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

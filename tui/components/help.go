package components

import (
	"charm.land/bubbles/v2/key"

	"roundtable/tui"
)

// HelpKeys is a help.KeyMap made for one screen and moment: the short line
// and the full table.
type HelpKeys struct {
	Short []key.Binding
	Full  [][]key.Binding
}

// ShortHelp returns the bindings of the one-line footer.
func (h HelpKeys) ShortHelp() []key.Binding { return h.Short }

// FullHelp returns the bindings of the full help, in columns.
func (h HelpKeys) FullHelp() [][]key.Binding { return h.Full }

// ConfirmHelp is the footer while a question waits for "y".
func ConfirmHelp(k *tui.KeyMap) HelpKeys {
	return HelpKeys{Short: []key.Binding{k.Confirm, k.Keep}}
}

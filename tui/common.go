package tui

import (
	"time"

	"roundtable/lang"
)

// Common is what every part of an app shares: the styles, the keys, how
// the terminal counts cells, the clock and the size of the screen. The
// root model owns it (in its Shell) and hands it to its screens and
// components by value; Styles and Keys point at the shell's own, so a
// change of background reaches every holder.
type Common struct {
	L      *lang.Printer // the language this person reads; never nil
	Styles *Styles
	Keys   *KeyMap
	Cells  Cells            // how the terminal counts cells
	Now    func() time.Time // the clock; tests fix it
	Width  int              // the screen, never below 0
	Height int
}

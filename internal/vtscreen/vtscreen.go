// Package vtscreen reads a terminal emulator's screen as text, for the
// tests that drive a TUI through github.com/charmbracelet/x/vt (the join
// flow's, the SSH server's). Only tests import it, so the binary does not
// carry the emulator.
package vtscreen

import (
	"strings"

	"github.com/charmbracelet/x/vt"
)

// Text returns the screen of emu, a line per row with trailing spaces
// trimmed. A wide character stands once, its right half adding nothing.
// The caller holds whatever lock guards emu.
func Text(emu *vt.Emulator) string {
	rows := make([]string, 0, emu.Height())
	var b strings.Builder
	for y := 0; y < emu.Height(); y++ {
		b.Reset()
		for x := 0; x < emu.Width(); x++ {
			c := emu.CellAt(x, y)
			switch {
			case c == nil || c.Content == "" && c.Width != 0:
				b.WriteByte(' ')
			case c.Content == "": // the right half of a wide character
			default:
				b.WriteString(c.Content)
			}
		}
		rows = append(rows, strings.TrimRight(b.String(), " "))
	}
	return strings.Join(rows, "\n")
}

package tui

import "strings"

// wallStyles are the wall's own styles, taken from the shared Styles so
// that the wall matches the other screens.
type wallStyles struct {
	st        *Styles
	phase     func(string) string // the phase name, large
	digits    func(string) string // the timer while time is left
	digitsLow func(string) string // the timer in its last minute or run out
	bar       func(string) string // the filled part of a vote bar
	track     func(string) string // the empty part of a vote bar
	column    func(string) string // a topic's or horizon's heading
	focus     func(string) string // the focused item's text
}

func newWallStyles(st *Styles) wallStyles {
	return wallStyles{
		st:        st,
		phase:     st.Paint.Title,
		digits:    st.Paint.Timer,
		digitsLow: st.Paint.TimerLow,
		bar:       st.Paint.Tally,
		track:     st.Paint.Rule,
		column:    st.Paint.Section,
		focus:     st.Paint.Phase,
	}
}

// wallGlyphs are digits and a colon three rows high, drawn with half
// blocks so that they read from the back of a room.
func wallGlyph(r rune) [3]string {
	switch r {
	case '0':
		return [3]string{"█▀█", "█ █", "█▄█"}
	case '1':
		return [3]string{"▀█ ", " █ ", "▄█▄"}
	case '2':
		return [3]string{"▀▀█", "█▀▀", "█▄▄"}
	case '3':
		return [3]string{"▀▀█", " ▀█", "▄▄█"}
	case '4':
		return [3]string{"█ █", "▀▀█", "  █"}
	case '5':
		return [3]string{"█▀▀", "▀▀█", "▄▄█"}
	case '6':
		return [3]string{"█▀▀", "█▀█", "█▄█"}
	case '7':
		return [3]string{"▀▀█", "  █", "  █"}
	case '8':
		return [3]string{"█▀█", "█▀█", "█▄█"}
	case '9':
		return [3]string{"█▀█", "▀▀█", "▄▄█"}
	case ':':
		return [3]string{" ", "▀", "▀"}
	}
	return [3]string{" ", " ", " "}
}

// bigDigits draws a clock text such as "04:32" three rows high; wide
// doubles every column.
func bigDigits(s string, wide bool) [3]string {
	var rows [3]strings.Builder
	for i, r := range s {
		g := wallGlyph(r)
		for k := range rows {
			if i > 0 {
				rows[k].WriteByte(' ')
			}
			for _, c := range g[k] {
				rows[k].WriteRune(c)
				if wide {
					rows[k].WriteRune(c)
				}
			}
		}
	}
	return [3]string{rows[0].String(), rows[1].String(), rows[2].String()}
}

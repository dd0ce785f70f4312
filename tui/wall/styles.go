package wall

import "roundtable/tui"

// wallStyles are the wall's own styles, taken from the shared Styles so
// that the wall matches the other screens.
type wallStyles struct {
	st        *tui.Styles
	phase     func(string) string // the phase name, large
	digits    func(string) string // the timer while time is left
	digitsLow func(string) string // the timer in its last minute or run out
	bar       func(string) string // the filled part of a vote bar
	track     func(string) string // the empty part of a vote bar
	column    func(string) string // a topic's or horizon's heading
	focus     func(string) string // the focused item's text
}

func newWallStyles(st *tui.Styles) wallStyles {
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

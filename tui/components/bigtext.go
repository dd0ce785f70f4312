package components

import "strings"

// bigGlyphs returns a 5×5 block font for join codes, readable from the
// back of a room on a projector. Zero carries a dot so that it differs
// from O.
func bigGlyphs() map[rune][5]string {
	return map[rune][5]string{
		'A': {" ### ", "#   #", "#####", "#   #", "#   #"},
		'B': {"#### ", "#   #", "#### ", "#   #", "#### "},
		'C': {" ####", "#    ", "#    ", "#    ", " ####"},
		'D': {"#### ", "#   #", "#   #", "#   #", "#### "},
		'E': {"#####", "#    ", "#### ", "#    ", "#####"},
		'F': {"#####", "#    ", "#### ", "#    ", "#    "},
		'G': {" ####", "#    ", "#  ##", "#   #", " ####"},
		'H': {"#   #", "#   #", "#####", "#   #", "#   #"},
		'I': {"#####", "  #  ", "  #  ", "  #  ", "#####"},
		'J': {"#####", "   # ", "   # ", "#  # ", " ##  "},
		'K': {"#   #", "#  # ", "###  ", "#  # ", "#   #"},
		'L': {"#    ", "#    ", "#    ", "#    ", "#####"},
		'M': {"#   #", "## ##", "# # #", "#   #", "#   #"},
		'N': {"#   #", "##  #", "# # #", "#  ##", "#   #"},
		'O': {" ### ", "#   #", "#   #", "#   #", " ### "},
		'P': {"#### ", "#   #", "#### ", "#    ", "#    "},
		'Q': {" ### ", "#   #", "# # #", "#  # ", " ## #"},
		'R': {"#### ", "#   #", "#### ", "#  # ", "#   #"},
		'S': {" ####", "#    ", " ### ", "    #", "#### "},
		'T': {"#####", "  #  ", "  #  ", "  #  ", "  #  "},
		'U': {"#   #", "#   #", "#   #", "#   #", " ### "},
		'V': {"#   #", "#   #", "#   #", " # # ", "  #  "},
		'W': {"#   #", "#   #", "# # #", "## ##", "#   #"},
		'X': {"#   #", " # # ", "  #  ", " # # ", "#   #"},
		'Y': {"#   #", " # # ", "  #  ", "  #  ", "  #  "},
		'Z': {"#####", "   # ", "  #  ", " #   ", "#####"},
		'0': {" ### ", "#   #", "# # #", "#   #", " ### "},
		'1': {"  #  ", " ##  ", "  #  ", "  #  ", " ### "},
		'2': {" ### ", "#   #", "  ## ", " #   ", "#####"},
		'3': {"#### ", "    #", " ### ", "    #", "#### "},
		'4': {"#   #", "#   #", "#####", "    #", "    #"},
		'5': {"#####", "#    ", "#### ", "    #", "#### "},
		'6': {" ### ", "#    ", "#### ", "#   #", " ### "},
		'7': {"#####", "    #", "   # ", "  #  ", "  #  "},
		'8': {" ### ", "#   #", " ### ", "#   #", " ### "},
		'9': {" ### ", "#   #", " ####", "    #", " ### "},
		'-': {"     ", "     ", " ### ", "     ", "     "},
	}
}

// BigHeight is the number of lines BigText draws.
const BigHeight = 5

// BigWidth is the width in cells of s drawn by BigText.
func BigWidth(s string) int {
	n := len([]rune(s))
	if n == 0 {
		return 0
	}
	return n*6 - 1
}

// BigText draws s in the block font, one string per line, or nil when s
// holds a character the font lacks.
func BigText(s string) []string {
	s = strings.ToUpper(s)
	font := bigGlyphs()
	lines := make([]string, BigHeight)
	for i, r := range []rune(s) {
		g, ok := font[r]
		if !ok {
			return nil
		}
		for row := range BigHeight {
			if i > 0 {
				lines[row] += " "
			}
			lines[row] += strings.ReplaceAll(g[row], "#", "█")
		}
	}
	return lines
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

// BigDigits draws a clock text such as "04:32" three rows high; wide
// doubles every column.
func BigDigits(s string, wide bool) [3]string {
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

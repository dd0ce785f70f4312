package tui

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

// bigHeight is the number of lines bigText draws.
const bigHeight = 5

// bigWidth is the width in cells of s drawn by bigText.
func bigWidth(s string) int {
	n := len([]rune(s))
	if n == 0 {
		return 0
	}
	return n*6 - 1
}

// bigText draws s in the block font, one string per line, or nil when s
// holds a character the font lacks.
func bigText(s string) []string {
	s = strings.ToUpper(s)
	font := bigGlyphs()
	lines := make([]string, bigHeight)
	for i, r := range []rune(s) {
		g, ok := font[r]
		if !ok {
			return nil
		}
		for row := range bigHeight {
			if i > 0 {
				lines[row] += " "
			}
			lines[row] += strings.ReplaceAll(g[row], "#", "█")
		}
	}
	return lines
}

package wall

import "roundtable/lang"

// privateEntries puts, at the top of each topic's column, how many of its
// ideas are private in a private round (issue 15): the wall, like every
// observer, holds them only as placeholders and shows the count alone.
func (b *wallBoard) privateEntries(private map[int]int, p *lang.Printer) {
	for c, n := range private {
		if c < 0 || c >= len(b.topics) || n == 0 {
			continue
		}
		e := wallEntry{mark: "🔒", text: p.N("agenda.wall.private", n)}
		b.topics[c].entries = append([]wallEntry{e}, b.topics[c].entries...)
		b.topics[c].extra = n - 1
	}
}

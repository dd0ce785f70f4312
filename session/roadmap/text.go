package roadmap

import (
	"strconv"
	"strings"
	"time"

	"roundtable/lang"
)

// day formats a date for people in p's language: "2 March 2026",
// "2 mart 2026", "2 марта 2026".
func day(p *lang.Printer, t time.Time) string {
	if t.IsZero() {
		return p.S("export.unknown_date")
	}
	return p.Date(t)
}

// stamp formats a moment for people: "2 March 2026, 14:05 UTC".
func stamp(p *lang.Printer, t time.Time) string {
	if t.IsZero() {
		return p.S("export.unknown_time")
	}
	return p.S("export.stamp", "Date", p.Date(t), "Time", t.Format("15:04 MST"))
}

// average formats an average rating to one decimal, with the language's
// decimal sign: "4.5", "4,5".
func average(p *lang.Printer, f Feedback) string {
	if f.Count == 0 {
		return "–"
	}
	s := strconv.FormatFloat(f.Average, 'f', 1, 64)
	whole, tenth, _ := strings.Cut(s, ".")
	return p.S("export.decimal", "Whole", whole, "Tenth", tenth)
}

// stars draws a rating as five stars, filled up to the rating.
func stars(n int) string {
	if n < 0 {
		n = 0
	}
	if n > 5 {
		n = 5
	}
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

// byline names an author: "Name, Institution", either part alone, or "".
func byline(a Author) string {
	switch {
	case a.Removed:
		return a.said
	case a.Name != "" && a.Institution != "":
		return a.Name + ", " + a.Institution
	case a.Name != "":
		return a.Name
	}
	return a.Institution
}

// authorship says in one sentence what the export shows of authors.
func authorship(p *lang.Printer, anonymous bool) string {
	if anonymous {
		return p.S("export.authorship.anonymous")
	}
	return p.S("export.authorship.named")
}

// kindLabel says what an item is: "Idea" or "Group of 3 ideas".
func kindLabel(p *lang.Printer, it Item) string {
	if it.Kind == KindGroup {
		return p.N("export.kind.group", len(it.Ideas))
	}
	return p.S("export.kind.idea")
}

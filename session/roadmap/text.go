package roadmap

import (
	"strconv"
	"strings"
	"time"
)

// day formats a date for people: "2 March 2026".
func day(t time.Time) string {
	if t.IsZero() {
		return "unknown date"
	}
	return t.Format("2 January 2006")
}

// stamp formats a moment for people: "2 March 2026, 14:05 UTC".
func stamp(t time.Time) string {
	if t.IsZero() {
		return "unknown time"
	}
	return t.Format("2 January 2006, 15:04 MST")
}

// count formats a number with its noun: "1 institution", "7 institutions".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// average formats an average rating to one decimal.
func average(f Feedback) string {
	if f.Count == 0 {
		return "–"
	}
	return strconv.FormatFloat(f.Average, 'f', 1, 64)
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
	case a.Name != "" && a.Institution != "":
		return a.Name + ", " + a.Institution
	case a.Name != "":
		return a.Name
	}
	return a.Institution
}

// authorship says in one sentence what the export shows of authors.
func authorship(anonymous bool) string {
	if anonymous {
		return "Anonymous session: institutions are shown, names are not."
	}
	return "Named session: authors are shown with their institutions."
}

// kindLabel says what an item is: "Idea" or "Group of 3 ideas".
func kindLabel(it Item) string {
	if it.Kind == KindGroup {
		return "Group of " + count(len(it.Ideas), "idea")
	}
	return "Idea"
}

package roadmap

import (
	"bytes"
	_ "embed"
	"html"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

//go:embed page.html.tmpl
var pageTemplate string

// HTML writes the road map as one self-contained HTML page: inline CSS, no
// script, no network, laid out to print on A4. Every participant string is
// escaped by html/template, and a Content-Security-Policy forbids scripts
// and remote loads even so. Headings and labels are in the language of
// Options.Printer, which the page declares in its lang attribute.
func HTML(w io.Writer, r *Roadmap) error {
	p := r.say
	t, err := template.New("page").Funcs(template.FuncMap{
		"stars":   stars,
		"byline":  byline,
		"average": func(f Feedback) string { return average(p, f) },
		"kind":    func(it Item) string { return kindLabel(p, it) },
		"authors": func(anonymous bool) string { return authorship(p, anonymous) },
		// the labels of the "details" template, whose dot is an item
		"proposedBy":    func() string { return p.S("export.label.proposed_by") },
		"notesLabel":    func() string { return p.S("export.label.notes") },
		"decisionLabel": func() string { return p.S("export.label.decision") },
		"num":           p.Number,
		"items":         func(n int) string { return p.N("export.items", n) },
		"ideas":         func(n int) string { return p.N("common.ideas", n) },
		"backing":       func(n int) string { return p.N("export.backing", n) },
		"supporting": func(n int) string {
			return p.S("export.html.supporting", "Count", p.Number(n))
		},
		"groupIdeas": func(n int) string { return p.S("export.html.group_ideas", "Count", p.Number(n)) },
		"comments":   func(n int) string { return p.S("export.comments", "Count", p.Number(n)) },
		"averageOf":  func(n int) string { return p.N("export.html.average_of", n) },
		"inc":        func(k int) int { return k + 1 },
		// issue 16: consent rounds (consent.go)
		"consentLabel":   func() string { return p.S("consent.export.label") },
		"consentOpen":    func(n int) string { return p.S("consent.export.open", "Round", p.Number(n)) },
		"consentEarlier": func() string { return p.S("consent.export.earlier") },
		"outcome":        func(o string) string { return outcomeWord(p, o) },
		"outcomeClass":   func(o string) string { return "o-" + strings.ReplaceAll(orNone(o), "_", "-") },
		"mark":           outcomeMark,
		"roundOf":        func(n int) string { return p.S("consent.export.round", "Round", p.Number(n)) },
		"turnout":        func(r ConsentRound) string { return turnout(p, r) },
		"distribution":   func(d []int) string { return distribution(p, d) },
		"reasons":        func(n int) string { return p.N("consent.export.reasons", n) },
		"level":          func(k int) string { return levelMark(p, k) },
		"pct":            consentPct,
		"consentScale":   func() string { return p.S("consent.export.scale") },
		"round":          func(f float64) int { return int(math.Round(f)) },
		// issue 16: the table a promoted item came from
		"tableLabel": func() string { return p.S("progexport.label.table") },
		"table":      func(t *ProgrammeTable) string { return progTable(p, t) },
	}).Parse(pageTemplate)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, newHTMLView(r)); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// htmlView is what the page template reads: the road map, the figures the
// page derives from it, and its words in the reader's language.
type htmlView struct {
	*Roadmap
	Overview   []overviewRow
	Placed     int // items on the road map
	Ideas      int // visible ideas
	L          htmlLabels
	Moderation auditView // the audit appendix (audit.go)
	maxCount   int       // the most responses any rating got
}

// htmlLabels are the page's words, said once per page.
type htmlLabels struct {
	Lang                                          string // the page's lang attribute
	Title, RoadMap, Draft, Status                 string
	StatusLabel, StatusLine                       string // issue 16
	SessionOf, LastChange, Generated, GeneratedBy string
	Note, BackingNote                             template.HTML // a sentence with a word marked up
	Participants, Institutions, Ideas, Items      string        // under the header's figures
	Topics, Horizons, Authorship, Session, Topic  string
	AtAGlance, NothingPlaced, Ranking             string
	TopicEmpty, Lead, NotNamed, NoneNamed         string
	Votes, Backing                                string
	Unplaced, UnplacedNone, UnplacedLede          string
	Item, Kind                                    string
	Feedback, FeedbackNone                        string
	Appendix, AppendixLede, AppendixEmpty         string
	Idea, Author, Institution, Group              string
	PageFoot, PageNumber                          template.CSS // the printed pages' footers, as CSS content
}

func newHTMLLabels(r *Roadmap, ideas, placed int) htmlLabels {
	p := r.say
	return htmlLabels{
		Lang:          string(p.Tag()),
		Title:         p.S("export.html.title", "Title", r.Session.Title),
		RoadMap:       p.S("export.road_map"),
		Draft:         titleOf(p, r),
		Status:        statusBadge(p, r),
		StatusLabel:   p.S("consent.export.label_status"),
		StatusLine:    statusLine(p, r),
		SessionOf:     p.S("export.html.session_of", "Date", day(p, r.Session.Created)),
		LastChange:    p.S("export.html.last_change", "Stamp", stamp(p, r.Session.LastChange)),
		Generated:     p.S("export.html.generated", "Stamp", stamp(p, r.Session.Generated)),
		GeneratedBy:   p.S("export.html.generated_by", "Stamp", stamp(p, r.Session.Generated)),
		Note:          htmlNote(p, r),
		BackingNote:   markedUp(p.S("export.backing_note", "Backing", marker), "em", p.S("export.label.backing")),
		Participants:  p.N("export.html.stat.participants", r.Participants),
		Institutions:  p.N("export.html.stat.institutions", r.Institutions),
		Ideas:         p.N("export.html.stat.ideas", ideas),
		Items:         p.N("export.html.stat.items", placed),
		Topics:        p.S("export.label.topics"),
		Horizons:      p.S("export.label.horizons"),
		Authorship:    p.S("export.label.authorship"),
		Session:       p.S("export.label.session"),
		Topic:         p.S("export.col.topic"),
		AtAGlance:     p.S("export.html.at_a_glance"),
		NothingPlaced: p.S("export.html.nothing_placed"),
		Ranking:       p.S("export.ranking"),
		TopicEmpty:    p.S("export.topic_empty"),
		Lead:          p.S("export.label.lead"),
		NotNamed:      p.S("export.html.not_named"),
		NoneNamed:     p.S("export.html.none_named"),
		Votes:         p.S("export.label.votes"),
		Backing:       p.S("export.label.backing"),
		Unplaced:      p.S("export.unplaced"),
		UnplacedNone:  p.S("export.unplaced_none"),
		UnplacedLede:  p.S("export.unplaced_lede"),
		Item:          p.S("export.col.item"),
		Kind:          p.S("export.col.kind"),
		Feedback:      p.S("export.feedback"),
		FeedbackNone:  p.S("export.feedback_none"),
		Appendix:      p.S("export.appendix"),
		AppendixLede:  p.S("export.appendix_lede"),
		AppendixEmpty: p.S("export.appendix_empty"),
		Idea:          p.S("export.col.idea"),
		Author:        p.S("export.col.author"),
		Institution:   p.S("export.col.institution"),
		Group:         p.S("export.col.group"),
		PageFoot:      cssContent(titleOf(p, r), nil),
		PageNumber:    cssContent(p.S("export.html.page", "Page", marker+"page"+marker, "Pages", marker+"pages"+marker), []string{"page", "pages"}),
	}
}

// marker stands in a sentence for what markedUp and cssContent put there.
// It is a character of Unicode's private use area: no message has it.
const marker = "\uE000"

// markedUp escapes a sentence for HTML and puts word, in the element tag,
// where the sentence has marker.
func markedUp(sentence, tag, word string) template.HTML {
	esc := html.EscapeString(sentence)
	return template.HTML(strings.Replace(esc, marker, "<"+tag+">"+html.EscapeString(word)+"</"+tag+">", 1))
}

// cssContent makes the value of a CSS content property from a sentence:
// its text as quoted strings, and each marker-quoted name of counters
// (counter(page)) as that counter.
func cssContent(sentence string, counters []string) template.CSS {
	var parts []string
	for k, piece := range strings.Split(sentence, marker) {
		if k%2 == 1 && slices.Contains(counters, piece) {
			parts = append(parts, "counter("+piece+")")
			continue
		}
		if piece != "" {
			parts = append(parts, cssString(piece))
		}
	}
	return template.CSS(strings.Join(parts, " "))
}

// cssString quotes s as a CSS string, every character that could end or
// escape it written as a CSS escape.
func cssString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '<' || r == '>' || r == '&' || r < ' ' || r == 0x7f:
			b.WriteString(`\` + strconv.FormatInt(int64(r), 16) + " ")
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// overviewRow is one topic's line of the at-a-glance grid.
type overviewRow struct {
	Topic TopicRef
	Cells []overviewCell
}

// overviewCell holds the items of one topic on one horizon.
type overviewCell struct {
	Horizon string
	Items   []Item
}

func newHTMLView(r *Roadmap) htmlView {
	v := htmlView{Roadmap: r}
	for _, t := range r.Topics {
		v.Ideas += t.Ideas
	}
	for _, sec := range r.Sections {
		row := overviewRow{Topic: sec.Topic, Cells: make([]overviewCell, len(r.Horizons))}
		for k, h := range r.Horizons {
			row.Cells[k].Horizon = h
		}
		for _, it := range sec.Items {
			v.Placed++
			if k := horizonIndex(r.Horizons, it.Placement.Horizon); k < len(row.Cells) {
				row.Cells[k].Items = append(row.Cells[k].Items, it)
			}
		}
		v.Overview = append(v.Overview, row)
	}
	for _, d := range r.Feedback.Distribution {
		v.maxCount = max(v.maxCount, d.Count)
	}
	v.L = newHTMLLabels(r, v.Ideas, v.Placed)
	v.Moderation = newAuditView(r)
	return v
}

// HClass returns the CSS class that colours a horizon by its position.
func (v htmlView) HClass(h string) string {
	k := horizonIndex(v.Horizons, h)
	if k >= 8 {
		return "hx"
	}
	return "h" + strconv.Itoa(k)
}

// RatingsDesc returns the rating distribution from 5 down to 1.
func (v htmlView) RatingsDesc() []RatingCount {
	d := v.Feedback.Distribution
	out := make([]RatingCount, 0, len(d))
	for k := len(d) - 1; k >= 0; k-- {
		out = append(out, d[k])
	}
	return out
}

// Long reports whether an item's card may be too tall for one printed
// page; such a card may break between its blocks, a short one never does.
func (v htmlView) Long(it Item) bool {
	return len(it.Ideas)+len(it.Comments) > 8 || len(it.Notes)+len(it.Decision) > 600
}

// Bar returns the width, in percent, of the bar for n responses.
func (v htmlView) Bar(n int) int {
	if v.maxCount == 0 {
		return 0
	}
	return n * 100 / v.maxCount
}

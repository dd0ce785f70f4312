package roadmap

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"math"
	"strconv"
)

//go:embed page.html.tmpl
var pageTemplate string

// HTML writes the road map as one self-contained HTML page: inline CSS, no
// script, no network, laid out to print on A4. Every participant string is
// escaped by html/template, and a Content-Security-Policy forbids scripts
// and remote loads even so.
func HTML(w io.Writer, r *Roadmap) error {
	t, err := template.New("page").Funcs(template.FuncMap{
		"day":     day,
		"stamp":   stamp,
		"count":   count,
		"stars":   stars,
		"byline":  byline,
		"average": average,
		"kind":    kindLabel,
		"authors": authorship,
		"inc":     func(k int) int { return k + 1 },
		"round":   func(f float64) int { return int(math.Round(f)) },
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

// htmlView is what the page template reads: the road map and the figures
// the page derives from it.
type htmlView struct {
	*Roadmap
	Overview []overviewRow
	Placed   int // items on the road map
	Ideas    int // visible ideas
	maxCount int // the most responses any rating got
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

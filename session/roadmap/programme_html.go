package roadmap

import (
	"bytes"
	_ "embed"
	"html/template"
	"io"
	"slices"
	"strconv"

	"roundtable/session"
)

//go:embed programme.html.tmpl
var programmeTemplate string

// ProgrammeHTML writes the programme's road map as one self-contained HTML
// page, like the session's (HTML): inline CSS, no script, no network, a
// Content-Security-Policy, every participant string escaped by
// html/template; wide enough for a screen, laid out to print on A4.
func ProgrammeHTML(w io.Writer, r *Programme) error {
	p := r.say
	t, err := template.New("programme").Funcs(template.FuncMap{
		"num":       p.Number,
		"byline":    byline,
		"deref":     deref,
		"where":     func(ref ProgrammeSessionRef) string { return progWhere(p, ref) },
		"dayOf":     func(d int) string { return progDay(p, d) },
		"table":     func(t *ProgrammeTable) string { return progTable(p, t) },
		"outcome":   func(o string) string { return progOutcome(p, o) },
		"consent":   func(c *ProgrammeConsent) string { return progConsent(p, c) },
		"placed":    func(st ProgrammeStep) string { return progPlaced(p, st) },
		"kind":      func(st ProgrammeStep) string { return progKind(p, st) },
		"from":      func(o *ProgrammeOrigin) string { return progFrom(p, o) },
		"date":      func(s ProgrammeSession) string { return day(p, s.Created) },
		"kept":      func(s ProgrammeSession) string { return progSessionState(p, s) },
		"votes":     func(n int) string { return p.N("progexport.votes", n) },
		"backing":   func(n int) string { return p.N("export.backing", n) },
		"round":     func(n int) string { return p.S("progexport.round", "Round", p.Number(n)) },
		"turnout":   func(r ProgrammeRound) string { return progTurnout(p, r) },
		"level":     func(n int) string { return p.S("progexport.reason_level", "Level", p.Number(n)) },
		"voted":     func(in ProgrammeInstitution) string { return progVoted(p, in) },
		"comments":  func(n int) string { return p.S("export.comments", "Count", p.Number(n)) },
		"supports":  func(n int) string { return p.S("export.html.supporting", "Count", p.Number(n)) },
		"items":     func(n int) string { return p.N("export.items", n) },
		"ocls":      outcomeClass,
		"bar":       barHeight,
		"lvlcls":    func(lvl int) string { return "l" + strconv.Itoa(lvl) },
		"stepCount": func(it ProgrammeItem) int { return len(it.History) + len(it.Later) },
	}).Parse(programmeTemplate)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, newProgView(r)); err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// outcomeClass is the CSS class that colours a consent outcome.
func outcomeClass(c *ProgrammeConsent) string {
	switch {
	case c == nil || c.Open:
		return "o-none"
	case c.Outcome == session.ConsentAgreed:
		return "o-agreed"
	case c.Outcome == session.ConsentReservations:
		return "o-res"
	case c.Outcome == session.ConsentNotAgreed:
		return "o-not"
	}
	return "o-none"
}

// barHeight is the height, in percent, of a level's bar in a round's chart.
func barHeight(r ProgrammeRound, lvl int) int {
	top := slices.Max(append([]int{0}, r.Distribution...))
	if top == 0 || lvl >= len(r.Distribution) {
		return 0
	}
	return r.Distribution[lvl] * 100 / top
}

// progView is what the programme's page reads.
type progView struct {
	*Programme
	L       progLabels
	Pending []ProgrammeItem
	Agreed  int // items whose outcome lets the programme be agreed
}

// progLabels are the page's words, said once per page.
type progLabels struct {
	Lang, Title, Eyebrow, Status, StatusClass string
	Days, LastChange, Generated, GeneratedBy  string
	StatusNote                                string
	Sessions, Items, Institutions, AgreedOf   string // under the header's figures
	SessionsTitle, Day, Session, Date         string
	Participants, InstCol, OnRoadmap, Kept    string
	AtAGlance, RoadMap, RoadmapLede, Nothing  string
	Lead, NotNamed, NoneNamed, Votes, Behind  string
	Consent, Named, History, Later, Recorded  string
	Table, Horizon, ProposedBy, Notes         string
	Decision, Carried                         string
	Coverage, CoverageLede, Institution       string
	Ideas, Comments, Leads, Supports, Voted   string
	Contributed, Led, Backed, Quiet           string // under the coverage's figures
	QuietList, Others                         string
	CoverageNotes                             []string
	PageFoot, PageNumber                      template.CSS
}

func newProgView(r *Programme) progView {
	p := r.say
	v := progView{Programme: r, Pending: r.progPending()}
	v.Agreed = r.Info.Items - len(v.Pending)
	days := ""
	for k, d := range r.Info.Days {
		if k > 0 {
			days += ", "
		}
		days += progDay(p, d)
	}
	status := "draft"
	if r.Info.Status == ProgrammeAgreed {
		status = "agreed"
	}
	c := r.Coverage
	quiet := 0
	for _, in := range c.Named {
		if !in.Contributed() {
			quiet++
		}
	}
	v.L = progLabels{
		Lang:          string(p.Tag()),
		Title:         p.S("progexport.title", "Name", r.Info.Name),
		Eyebrow:       p.S("progexport.eyebrow"),
		Status:        progStatus(p, r),
		StatusClass:   status,
		Days:          days,
		LastChange:    p.S("export.html.last_change", "Stamp", stamp(p, r.Info.LastChange)),
		Generated:     p.S("export.html.generated", "Stamp", stamp(p, r.Info.Generated)),
		GeneratedBy:   p.S("export.html.generated_by", "Stamp", stamp(p, r.Info.Generated)),
		StatusNote:    progStatusNote(p, r),
		Sessions:      p.N("progexport.stat.sessions", len(r.Sessions)),
		Items:         p.N("export.html.stat.items", r.Info.Items),
		Institutions:  p.N("progexport.stat.institutions", c.Institutions),
		AgreedOf:      p.N("progexport.stat.agreed", v.Agreed, "Total", p.Number(r.Info.Items)),
		SessionsTitle: p.S("progexport.sessions"),
		Day:           p.S("progexport.col.day"),
		Session:       p.S("export.label.session"),
		Date:          p.S("progexport.col.date"),
		Participants:  p.S("export.label.participants"),
		InstCol:       p.S("export.col.institutions"),
		OnRoadmap:     p.S("export.col.on_roadmap"),
		Kept:          p.S("progexport.col.kept"),
		AtAGlance:     p.S("export.html.at_a_glance"),
		RoadMap:       p.S("export.road_map"),
		RoadmapLede:   p.S("progexport.roadmap_lede"),
		Nothing:       p.S("export.html.nothing_placed"),
		Lead:          p.S("export.label.lead"),
		NotNamed:      p.S("export.html.not_named"),
		NoneNamed:     p.S("export.html.none_named"),
		Votes:         p.S("export.label.votes"),
		Behind:        p.S("progexport.label.behind"),
		Consent:       p.S("progexport.label.consent"),
		Named:         p.S("progexport.named_label"),
		History:       p.S("progexport.label.history"),
		Later:         p.S("progexport.label.later"),
		Recorded:      p.S("progexport.recorded"),
		Table:         p.S("progexport.label.table"),
		Horizon:       p.S("export.label.horizon"),
		ProposedBy:    p.S("export.label.proposed_by"),
		Notes:         p.S("export.label.notes"),
		Decision:      p.S("export.label.decision"),
		Carried:       p.S("progexport.carried"),
		Coverage:      p.S("progexport.coverage.title"),
		CoverageLede:  p.S("progexport.coverage_lede"),
		Institution:   p.S("export.col.institution"),
		Ideas:         p.S("export.col.ideas"),
		Comments:      p.S("progexport.col.comments"),
		Leads:         p.S("progexport.col.leads"),
		Supports:      p.S("progexport.col.supports"),
		Voted:         p.S("progexport.col.voted"),
		Contributed:   p.N("progexport.stat.contributed", c.Contributed),
		Led:           p.N("progexport.stat.led", c.Led),
		Backed:        p.N("progexport.stat.backed", c.Backed),
		Quiet:         p.N("progexport.stat.quiet", c.Quiet),
		QuietList:     p.N("progexport.quiet", quiet),
		Others:        p.S("progexport.others"),
		CoverageNotes: progCoverageNotes(p, c),
		PageFoot:      cssContent(p.S("progexport.title", "Name", r.Info.Name)+" · "+progDocument(p, r), nil),
		PageNumber:    cssContent(p.S("export.html.page", "Page", marker+"page"+marker, "Pages", marker+"pages"+marker), []string{"page", "pages"}),
	}
	return v
}

// HClass returns the CSS class that colours a horizon by its position.
func (v progView) HClass(h string) string {
	k := horizonIndex(v.Horizons, h)
	if k >= 8 {
		return "hx"
	}
	return "h" + strconv.Itoa(k)
}

// Quietly lists the named institutions that posted nothing.
func (v progView) Quietly() []string {
	var out []string
	for _, in := range v.Coverage.Named {
		if !in.Contributed() {
			out = append(out, in.Name)
		}
	}
	return out
}

// WithStep is what the page's step, consent and body templates read: a
// step and the page's words.
func (v progView) WithStep(st ProgrammeStep) progStepView {
	return progStepView{Step: st, C: st.Consent, Labels: v.L}
}

// progStepView is one step as the page's templates read it.
type progStepView struct {
	Step   ProgrammeStep
	C      *ProgrammeConsent
	Labels progLabels
}

// Levels are the fist-to-five levels a round's chart draws, 0 to 5.
func (progStepView) Levels() []int { return []int{0, 1, 2, 3, 4, 5} }

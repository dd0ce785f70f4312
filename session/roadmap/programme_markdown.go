package roadmap

import (
	"bytes"
	"io"
	"strings"

	"roundtable/lang"
)

// ProgrammeMarkdown writes the programme's road map as CommonMark with
// GitHub tables, escaping participant text as Markdown does for a session
// (mdInline, mdBlock). Headings and labels are in Options.Printer's
// language.
func ProgrammeMarkdown(w io.Writer, r *Programme) error {
	var b bytes.Buffer
	m := progMD{mdWriter{b: &b, p: r.say}, r}
	m.header()
	m.sessions()
	m.roadmap()
	m.coverage()
	out := append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
	_, err := w.Write(out)
	return err
}

// progMD writes one programme document.
type progMD struct {
	mdWriter
	r *Programme
}

func (m progMD) header() {
	r, p := m.r, m.p
	m.f("# %s\n\n", p.S("progexport.title", "Name", mdInline(r.Info.Name)))
	days := make([]string, 0, len(r.Info.Days))
	for _, d := range r.Info.Days {
		days = append(days, progDay(p, d))
	}
	m.f("**%s** · %s · %s · %s\n\n", progDocument(p, r), strings.Join(days, ", "),
		p.S("export.md.last_change", "Stamp", stamp(p, r.Info.LastChange)), p.S("export.md.generated", "Stamp", stamp(p, r.Info.Generated)))
	m.f("> %s\n", progStatusNote(p, r))
	for _, it := range r.progPending() {
		m.f("> - %s — %s (%s)\n", mdInline(it.Title), mdInline(it.Placement.Horizon), progConsent(p, it.Consent))
	}
	m.f("\n")
	c := r.Coverage
	m.label(p.S("progexport.label.sessions"), p.Number(len(r.Sessions)))
	m.label(p.S("progexport.label.items"), p.Number(r.Info.Items))
	m.label(p.S("progexport.label.institutions"), p.S("progexport.coverage.summary",
		"TookPart", p.N("progexport.coverage.took_part", c.Institutions), "Contributed", p.Number(c.Contributed),
		"Led", p.Number(c.Led), "Backed", p.Number(c.Backed), "Quiet", p.Number(c.Quiet)))
	hs := make([]string, 0, len(r.Horizons))
	for _, h := range r.Horizons {
		hs = append(hs, mdInline(h))
	}
	m.label(p.S("export.label.horizons"), orDash(strings.Join(hs, " → ")))
	m.f("\n")
}

func (m progMD) sessions() {
	p := m.p
	m.f("## %s\n\n", p.S("progexport.sessions"))
	m.f("| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|--:|--:|--:|---|\n",
		p.S("progexport.col.day"), p.S("export.label.session"), p.S("progexport.col.date"), p.S("export.label.participants"),
		p.S("export.col.institutions"), p.S("export.col.on_roadmap"), p.S("progexport.col.kept"))
	for _, s := range m.r.Sessions {
		inst, placed := p.Number(s.Institutions), p.Number(s.Placed)
		if s.Purged != nil {
			inst, placed = "—", "—"
		}
		m.f("| %s | %s (%s) | %s | %s | %s | %s | %s |\n", progDay(p, s.Day), mdInline(s.Title), mdInline(s.ID), day(p, s.Created),
			p.Number(s.Participants), inst, placed, progSessionState(p, s))
	}
	m.f("\n")
}

func (m progMD) roadmap() {
	p := m.p
	m.f("## %s\n\n", p.S("export.road_map"))
	m.f("%s\n\n", p.S("progexport.roadmap_lede"))
	if len(m.r.Sections) == 0 {
		m.f("*%s*\n\n", p.S("export.html.nothing_placed"))
		return
	}
	for _, sec := range m.r.Sections {
		m.f("### %s\n\n", mdInline(sec.Horizon))
		for _, it := range sec.Items {
			m.item(it)
		}
	}
}

// item writes one item of the merged road map: a heading, its facts as
// its latest session had them, then its history.
func (m progMD) item(it ProgrammeItem) {
	p := m.p
	m.f("#### %s. %s\n\n", p.Number(it.Rank), mdInline(it.Title))
	m.step(it.ProgrammeStep, "")
	backing := p.N("export.backing", it.Institutions.Count)
	if len(it.Institutions.Named) > 0 {
		names := make([]string, 0, len(it.Institutions.Named))
		for _, n := range it.Institutions.Named {
			names = append(names, mdInline(n))
		}
		backing += " — " + p.S("progexport.named", "Names", strings.Join(names, "; "))
	}
	m.label(p.S("progexport.label.behind"), backing)
	m.steps(p.S("progexport.label.history"), it.History)
	m.steps(p.S("progexport.label.later"), it.Later)
	m.f("\n")
}

// steps writes a list of steps under a label.
func (m progMD) steps(label string, steps []ProgrammeStep) {
	if len(steps) == 0 {
		return
	}
	m.f("- **%s:**\n", label)
	for _, st := range steps {
		m.f("  - **%s** — %s\n", mdInline(progWhere(m.p, st.Session)), mdInline(st.Title))
		m.step(st, "    ")
	}
}

// step writes a step's facts, each line after indent.
func (m progMD) step(st ProgrammeStep, in string) {
	p := m.p
	lbl := func(name, value string) { m.f("%s- **%s:** %s\n", in, name, value) }
	if in == "" {
		lbl(p.S("export.label.session"), mdInline(progWhere(p, st.Session)))
	}
	kind := progKind(p, st)
	if st.Topic != "" {
		kind += " · " + mdInline(st.Topic)
	}
	if st.Carried {
		kind += " · " + p.S("progexport.carried")
	}
	lbl(p.S("export.col.kind"), kind)
	if st.Recorded {
		m.f("%s- *%s*\n", in, p.S("progexport.recorded"))
	}
	if st.Table != nil {
		lbl(p.S("progexport.label.table"), mdInline(progTable(p, st.Table)))
	}
	switch pl := st.Placement; {
	case pl == nil:
		lbl(p.S("export.label.horizon"), p.S("progexport.not_placed"))
	case pl.Order > 0:
		lbl(p.S("export.label.horizon"), p.S("export.horizon_position", "Horizon", mdInline(pl.Horizon), "Order", p.Number(pl.Order)))
	default:
		lbl(p.S("export.label.horizon"), mdInline(pl.Horizon))
	}
	if pl := st.Placement; pl != nil && !st.Recorded {
		lbl(p.S("export.label.lead"), orDash(mdInline(pl.Lead)))
		sup := make([]string, 0, len(pl.Supporters))
		for _, s := range pl.Supporters {
			sup = append(sup, mdInline(s))
		}
		lbl(p.S("export.md.supporters", "Count", p.Number(len(sup))), orDash(strings.Join(sup, "; ")))
	}
	lbl(p.S("export.label.votes"), p.Number(st.Votes))
	m.consent(st.Consent, in)
	if st.ProposedBy != nil {
		lbl(p.S("export.label.proposed_by"), orDash(mdInline(byline(*st.ProposedBy))))
	}
	if st.Kind == KindGroup && len(st.Ideas) > 0 {
		m.f("%s- **%s:**\n", in, progKind(p, st))
		for k, i := range st.Ideas {
			num := p.Number(k+1) + ". "
			extra := ""
			if i.From != nil {
				extra = " (" + mdInline(progFrom(p, i.From)) + ")"
			}
			if i.Table != nil {
				extra += " (" + mdInline(progTable(p, i.Table)) + ")"
			}
			m.f("%s  %s%s%s%s\n", in, num, mdBlock(i.Text, in+"  "+strings.Repeat(" ", len(num))), mdBy(i.Author), extra)
		}
	}
	if st.Notes != "" {
		lbl(p.S("export.label.notes"), mdBlock(st.Notes, in+"  "))
	}
	if st.Decision != "" {
		lbl(p.S("export.label.decision"), mdBlock(st.Decision, in+"  "))
	}
	if len(st.Comments) > 0 {
		m.f("%s- **%s:**\n", in, p.S("export.comments", "Count", p.Number(len(st.Comments))))
		for _, c := range st.Comments {
			m.f("%s  - %s%s\n", in, mdBlock(c.Text, in+"    "), mdBy(c.Author))
		}
	}
}

// consent writes a step's consent: its outcome, then each round's answers
// and reasons.
func (m progMD) consent(c *ProgrammeConsent, in string) {
	p := m.p
	m.f("%s- **%s:** %s\n", in, p.S("progexport.label.consent"), progConsent(p, c))
	if c == nil {
		return
	}
	for _, r := range c.Rounds {
		outcome := ""
		if r.Outcome != "" {
			outcome = " — " + progOutcome(p, r.Outcome)
		}
		m.f("%s  - %s: %s%s\n", in, p.S("progexport.round", "Round", p.Number(r.Round)), progDistribution(p, r), outcome)
		for _, why := range r.Reasons {
			m.f("%s    - %s %s%s\n", in, p.S("progexport.reason_level", "Level", p.Number(why.Level)), mdBlock(why.Text, in+"      "), mdBy(deref(why.Author)))
		}
	}
}

func (m progMD) coverage() {
	p, c := m.p, m.r.Coverage
	m.f("## %s\n\n", p.S("progexport.coverage.title"))
	m.f("%s\n\n", p.S("progexport.coverage_lede"))
	if len(c.Named) > 0 {
		m.f("| %s | %s | %s | %s | %s | %s | %s |\n|---|--:|--:|--:|--:|--:|---|\n", p.S("export.col.institution"), p.S("progexport.label.sessions"),
			p.S("export.col.ideas"), p.S("progexport.col.comments"), p.S("progexport.col.leads"), p.S("progexport.col.supports"), p.S("progexport.col.voted"))
		for _, in := range c.Named {
			m.f("| %s | %s | %s | %s | %s | %s | %s |\n", mdInline(in.Name), p.Number(in.Sessions), p.Number(in.Ideas), p.Number(in.Comments),
				p.Number(in.Leads), p.Number(in.Supports), progVoted(p, in))
		}
		m.f("\n")
	}
	var quiet []string
	for _, in := range c.Named {
		if !in.Contributed() {
			quiet = append(quiet, mdInline(in.Name))
		}
	}
	if len(quiet) > 0 {
		m.f("%s %s\n\n", p.N("progexport.quiet", len(quiet)), strings.Join(quiet, "; "))
	}
	for _, line := range progCoverageNotes(p, c) {
		m.f("%s\n\n", line)
	}
	if len(c.Others) > 0 {
		others := make([]string, 0, len(c.Others))
		for _, o := range c.Others {
			others = append(others, mdInline(o))
		}
		m.f("%s %s\n\n", p.S("progexport.others"), strings.Join(others, "; "))
	}
}

// progCoverageNotes are the sentences that say what the coverage could not
// name: institutions withheld, posts without an institution.
func progCoverageNotes(p *lang.Printer, c ProgrammeCoverage) []string {
	var out []string
	if c.Unnamed > 0 {
		out = append(out, p.N("progexport.unnamed", c.Unnamed))
	}
	if w := c.Withheld; w.Ideas+w.Comments > 0 {
		out = append(out, p.S("progexport.withheld", "Ideas", p.N("common.ideas", w.Ideas), "Comments", p.N("progexport.comments", w.Comments)))
	}
	return out
}

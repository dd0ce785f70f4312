package roadmap

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"roundtable/lang"
)

// Markdown writes the road map as CommonMark (with GitHub tables) that reads
// well raw, on a code forge and in a terminal renderer such as glamour.
// Participant text is escaped so it cannot make headings, lists, links or
// HTML. Headings and labels are in the language of Options.Printer.
func Markdown(w io.Writer, r *Roadmap) error {
	var b bytes.Buffer
	m := mdWriter{b: &b, r: r, p: r.say}
	m.header()
	m.roadmap()
	m.unplaced()
	m.feedback()
	m.appendix()
	m.audit()
	out := append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
	_, err := w.Write(out)
	return err
}

// mdWriter writes one Markdown document.
type mdWriter struct {
	b *bytes.Buffer
	r *Roadmap
	p *lang.Printer
}

func (m mdWriter) f(format string, args ...any) { fmt.Fprintf(m.b, format, args...) }

// label writes a list item that starts with a bold label.
func (m mdWriter) label(name, value string) {
	m.f("- **%s:** %s\n", name, value)
}

func (m mdWriter) header() {
	r, p := m.r, m.p
	m.f("# %s\n\n", mdInline(r.Session.Title))
	m.f("**%s** · %s · %s · %s\n\n", titleOf(p, r), // issue 16: Draft or Agreed
		p.S("export.md.session_of", "Date", day(p, r.Session.Created)), p.S("export.md.last_change", "Stamp", stamp(p, r.Session.LastChange)),
		p.S("export.md.generated", "Stamp", stamp(p, r.Session.Generated)))
	if r.Agreed() { // issue 16
		m.f("> %s\n\n", p.S("consent.export.md_note"))
	} else {
		m.f("> %s\n\n", p.S("export.md.note"))
	}
	m.label(p.S("export.label.participants"), p.S("export.participants_from",
		"People", p.Number(r.Participants), "Institutions", p.N("export.from_institutions", r.Institutions)))
	names := make([]string, 0, len(r.Topics))
	for _, t := range r.Topics {
		names = append(names, mdInline(t.Name))
	}
	m.label(p.S("export.label.topics"), strings.Join(names, " · "))
	hs := make([]string, 0, len(r.Horizons))
	for _, h := range r.Horizons {
		hs = append(hs, mdInline(h))
	}
	m.label(p.S("export.label.horizons"), strings.Join(hs, " → "))
	m.label(p.S("export.label.authorship"), authorship(p, r.Session.Anonymous))
	m.label(p.S("consent.export.label_status"), statusLine(p, r)) // issue 16
	if r.Session.ID != "" {
		m.label(p.S("export.label.session"), mdInline(r.Session.ID))
	}
	m.f("\n| %s | %s | %s | %s |\n|---|--:|--:|--:|\n",
		p.S("export.col.topic"), p.S("export.col.ideas"), p.S("export.col.institutions"), p.S("export.col.on_roadmap"))
	for _, t := range r.Topics {
		m.f("| %s | %s | %s | %s |\n", mdInline(t.Name), p.Number(t.Ideas), p.Number(t.Institutions), p.Number(t.Items))
	}
	m.f("\n")
}

func (m mdWriter) roadmap() {
	p := m.p
	m.f("## %s\n\n", p.S("export.road_map"))
	m.f("%s %s\n\n", p.S("export.ranking"), p.S("export.backing_note", "Backing", "*"+p.S("export.label.backing")+"*"))
	if m.r.HasConsent() { // issue 16: what the levels of a consent round mean
		m.f("%s\n\n", p.S("consent.export.scale"))
	}
	for _, sec := range m.r.Sections {
		m.f("### %s\n\n", mdInline(sec.Topic.Name))
		if len(sec.Items) == 0 {
			m.f("*%s*\n\n", p.S("export.topic_empty"))
			continue
		}
		for _, it := range sec.Items {
			m.item(it)
		}
	}
}

// item writes one road map item: a heading and a list of its facts.
func (m mdWriter) item(it Item) {
	p, pl := m.p, it.Placement
	m.f("#### %s. %s\n\n", p.Number(it.Rank), mdInline(it.Title))
	m.label(p.S("export.label.horizon"), p.S("export.horizon_position", "Horizon", mdInline(pl.Horizon), "Order", p.Number(pl.Order)))
	m.label(p.S("export.label.lead"), orDash(mdInline(pl.Lead)))
	sup := make([]string, 0, len(pl.Supporters))
	for _, s := range pl.Supporters {
		sup = append(sup, mdInline(s))
	}
	m.label(p.S("export.md.supporters", "Count", p.Number(len(sup))), orDash(strings.Join(sup, "; ")))
	m.facts(it)
	m.f("\n")
}

// facts writes what road map items and candidates share: votes, backing,
// origin, member ideas, notes, decision and comments.
func (m mdWriter) facts(it Item) {
	p := m.p
	m.f("- **%s:** %s · **%s:** %s\n", p.S("export.label.votes"), p.Number(it.Votes), p.S("export.label.backing"), p.N("export.backing", it.Backing))
	if it.ProposedBy != nil {
		m.label(p.S("export.label.proposed_by"), orDash(mdInline(byline(*it.ProposedBy))))
	}
	if it.Table != nil { // issue 16: the table it came from
		m.label(p.S("progexport.label.table"), mdInline(progTable(p, it.Table)))
	}
	if it.Kind == KindGroup {
		m.f("- **%s:**\n", kindLabel(p, it))
		for k, i := range it.Ideas {
			num := p.Number(k+1) + ". "
			m.f("  %s%s%s\n", num, mdBlock(i.Text, "  "+strings.Repeat(" ", len(num))), mdBy(i.Author))
		}
	}
	if it.Notes != "" {
		m.label(p.S("export.label.notes"), mdBlock(it.Notes, "  "))
	}
	if it.Decision != "" {
		m.label(p.S("export.label.decision"), mdBlock(it.Decision, "  "))
	}
	if len(it.Comments) > 0 {
		m.f("- **%s:**\n", p.S("export.comments", "Count", p.Number(len(it.Comments))))
		for _, c := range it.Comments {
			m.f("  - %s%s\n", mdBlock(c.Text, "    "), mdBy(c.Author))
		}
	}
	m.consent(it) // issue 16
}

// mdBy formats an author after a text: " — *Name, Institution*".
func mdBy(a Author) string {
	if by := byline(a); by != "" {
		return " — *" + mdInline(by) + "*"
	}
	return ""
}

func (m mdWriter) unplaced() {
	p := m.p
	m.f("## %s\n\n", p.S("export.unplaced"))
	if len(m.r.Unplaced) == 0 {
		m.f("*%s*\n\n", p.S("export.unplaced_none"))
		return
	}
	m.f("%s\n\n", p.S("export.unplaced_lede"))
	m.f("| # | %s | %s | %s | %s | %s |\n|--:|---|---|---|--:|--:|\n", p.S("export.col.item"), p.S("export.col.topic"),
		p.S("export.col.kind"), p.S("export.label.votes"), p.S("export.label.backing"))
	for _, it := range m.r.Unplaced {
		m.f("| %s | %s | %s | %s | %s | %s |\n", p.Number(it.Rank), mdInline(it.Title), mdInline(it.Topic.Name), kindLabel(p, it), p.Number(it.Votes), p.Number(it.Backing))
	}
	m.f("\n")
	for _, it := range m.r.Unplaced {
		if it.Notes == "" && it.Decision == "" && len(it.Comments) == 0 && it.Consent == nil {
			continue
		}
		m.f("#### %s. %s\n\n", p.Number(it.Rank), mdInline(it.Title))
		m.facts(it)
		m.f("\n")
	}
}

func (m mdWriter) feedback() {
	f, p := m.r.Feedback, m.p
	m.f("## %s\n\n", p.S("export.feedback"))
	if f.Count == 0 {
		m.f("*%s*\n\n", p.S("export.feedback_none"))
		return
	}
	m.f("%s\n\n", p.S("export.md.average", "Average", "**"+average(p, f)+"**", "Responses", p.N("export.md.responses", f.Count)))
	m.f("| %s | %s |\n|---|--:|\n", p.S("export.col.rating"), p.S("export.col.responses"))
	for k := len(f.Distribution) - 1; k >= 0; k-- {
		d := f.Distribution[k]
		m.f("| %s %d | %s |\n", stars(d.Rating), d.Rating, p.Number(d.Count))
	}
	m.f("\n")
	if len(f.Comments) == 0 {
		return
	}
	m.f("%s\n\n", p.S("export.feedback_wrote"))
	for _, c := range f.Comments {
		m.f("- %s %s%s\n", stars(c.Rating), mdBlock(c.Text, "  "), mdBy(c.Author))
	}
	m.f("\n")
}

func (m mdWriter) appendix() {
	p := m.p
	m.f("## %s\n\n", p.S("export.appendix"))
	m.f("%s\n\n", p.S("export.appendix_lede"))
	idea, author, inst, votes, grp := p.S("export.col.idea"), p.S("export.col.author"), p.S("export.col.institution"), p.S("export.label.votes"), p.S("export.col.group")
	for _, t := range m.r.Appendix {
		m.f("### %s\n\n", mdInline(t.Topic.Name))
		if len(t.Ideas) == 0 {
			m.f("*%s*\n\n", p.S("export.appendix_empty"))
			continue
		}
		if m.r.Session.Anonymous {
			m.f("| # | %s | %s | %s | %s |\n|--:|---|---|--:|---|\n", idea, inst, votes, grp)
		} else {
			m.f("| # | %s | %s | %s | %s | %s |\n|--:|---|---|---|--:|---|\n", idea, author, inst, votes, grp)
		}
		for k, i := range t.Ideas {
			group := ""
			if i.Group != nil {
				group = mdInline(i.Group.Name)
			}
			if m.r.Session.Anonymous {
				m.f("| %s | %s | %s | %s | %s |\n", p.Number(k+1), mdInline(i.Text), mdInline(i.Author.Institution), p.Number(i.Votes), group)
			} else {
				m.f("| %s | %s | %s | %s | %s | %s |\n", p.Number(k+1), mdInline(i.Text), mdInline(i.Author.Name), mdInline(i.Author.Institution), p.Number(i.Votes), group)
			}
		}
		m.f("\n")
	}
}

// orDash returns s, or a dash when s is empty.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

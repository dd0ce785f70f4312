package roadmap

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Markdown writes the road map as CommonMark (with GitHub tables) that reads
// well raw, on a code forge and in a terminal renderer such as glamour.
// Participant text is escaped so it cannot make headings, lists, links or
// HTML.
func Markdown(w io.Writer, r *Roadmap) error {
	var b bytes.Buffer
	m := mdWriter{b: &b, r: r}
	m.header()
	m.roadmap()
	m.unplaced()
	m.feedback()
	m.appendix()
	out := append(bytes.TrimRight(b.Bytes(), "\n"), '\n')
	_, err := w.Write(out)
	return err
}

// mdWriter writes one Markdown document.
type mdWriter struct {
	b *bytes.Buffer
	r *Roadmap
}

func (m mdWriter) f(format string, args ...any) { fmt.Fprintf(m.b, format, args...) }

func (m mdWriter) header() {
	r := m.r
	m.f("# %s\n\n", mdInline(r.Session.Title))
	m.f("**%s road map** · session of %s · generated %s\n\n", Status, day(r.Session.Created), stamp(r.Session.Generated))
	m.f("> This road map is a draft for review by the participating institutions.\n\n")
	m.f("- **Participants:** %d from %s\n", r.Participants, count(r.Institutions, "institution"))
	names := make([]string, 0, len(r.Topics))
	for _, t := range r.Topics {
		names = append(names, mdInline(t.Name))
	}
	m.f("- **Topics:** %s\n", strings.Join(names, " · "))
	hs := make([]string, 0, len(r.Horizons))
	for _, h := range r.Horizons {
		hs = append(hs, mdInline(h))
	}
	m.f("- **Horizons:** %s\n", strings.Join(hs, " → "))
	m.f("- **Authorship:** %s\n", authorship(r.Session.Anonymous))
	if r.Session.ID != "" {
		m.f("- **Session:** %s\n", mdInline(r.Session.ID))
	}
	m.f("\n| Topic | Ideas | Institutions | On the road map |\n|---|--:|--:|--:|\n")
	for _, t := range r.Topics {
		m.f("| %s | %d | %d | %d |\n", mdInline(t.Name), t.Ideas, t.Institutions, t.Items)
	}
	m.f("\n")
}

func (m mdWriter) roadmap() {
	m.f("## Road map\n\n")
	m.f("Items are ranked by horizon, then by their place within it, then by votes. ")
	m.f("*Backing* counts the institutions whose participants posted or voted for an item.\n\n")
	for _, sec := range m.r.Sections {
		m.f("### %s\n\n", mdInline(sec.Topic.Name))
		if len(sec.Items) == 0 {
			m.f("*No items on the road map for this topic yet.*\n\n")
			continue
		}
		for _, it := range sec.Items {
			m.item(it)
		}
	}
}

// item writes one road map item: a heading and a list of its facts.
func (m mdWriter) item(it Item) {
	p := it.Placement
	m.f("#### %d. %s\n\n", it.Rank, mdInline(it.Title))
	m.f("- **Horizon:** %s (position %d)\n", mdInline(p.Horizon), p.Order)
	m.f("- **Lead institution:** %s\n", orDash(mdInline(p.Lead)))
	sup := make([]string, 0, len(p.Supporters))
	for _, s := range p.Supporters {
		sup = append(sup, mdInline(s))
	}
	m.f("- **Supporting institutions (%d):** %s\n", len(sup), orDash(strings.Join(sup, "; ")))
	m.facts(it)
	m.f("\n")
}

// facts writes what road map items and candidates share: votes, backing,
// origin, member ideas, notes, decision and comments.
func (m mdWriter) facts(it Item) {
	m.f("- **Votes:** %d · **Backing:** %s\n", it.Votes, count(it.Backing, "institution"))
	if it.ProposedBy != nil {
		m.f("- **Proposed by:** %s\n", orDash(mdInline(byline(*it.ProposedBy))))
	}
	if it.Kind == KindGroup {
		m.f("- **%s:**\n", kindLabel(it))
		for k, i := range it.Ideas {
			num := strconv.Itoa(k+1) + ". "
			m.f("  %s%s%s\n", num, mdBlock(i.Text, "  "+strings.Repeat(" ", len(num))), mdBy(i.Author))
		}
	}
	if it.Notes != "" {
		m.f("- **Notes:** %s\n", mdBlock(it.Notes, "  "))
	}
	if it.Decision != "" {
		m.f("- **Decision:** %s\n", mdBlock(it.Decision, "  "))
	}
	if len(it.Comments) > 0 {
		m.f("- **Comments (%d):**\n", len(it.Comments))
		for _, c := range it.Comments {
			m.f("  - %s%s\n", mdBlock(c.Text, "    "), mdBy(c.Author))
		}
	}
}

// mdBy formats an author after a text: " — *Name, Institution*".
func mdBy(a Author) string {
	if by := byline(a); by != "" {
		return " — *" + mdInline(by) + "*"
	}
	return ""
}

func (m mdWriter) unplaced() {
	m.f("## Unplaced candidates\n\n")
	if len(m.r.Unplaced) == 0 {
		m.f("*Every voted item is on the road map.*\n\n")
		return
	}
	m.f("Items that received votes but are not on the road map yet, most votes first.\n\n")
	m.f("| # | Item | Topic | Kind | Votes | Backing |\n|--:|---|---|---|--:|--:|\n")
	for _, it := range m.r.Unplaced {
		m.f("| %d | %s | %s | %s | %d | %d |\n", it.Rank, mdInline(it.Title), mdInline(it.Topic.Name), kindLabel(it), it.Votes, it.Backing)
	}
	m.f("\n")
	for _, it := range m.r.Unplaced {
		if it.Notes == "" && it.Decision == "" && len(it.Comments) == 0 {
			continue
		}
		m.f("#### %d. %s\n\n", it.Rank, mdInline(it.Title))
		m.facts(it)
		m.f("\n")
	}
}

func (m mdWriter) feedback() {
	f := m.r.Feedback
	m.f("## Participant feedback\n\n")
	if f.Count == 0 {
		m.f("*No participant has rated the session yet.*\n\n")
		return
	}
	m.f("Average rating **%s** out of 5 from %s.\n\n", average(f), count(f.Count, "response"))
	m.f("| Rating | Responses |\n|---|--:|\n")
	for k := len(f.Distribution) - 1; k >= 0; k-- {
		d := f.Distribution[k]
		m.f("| %s %d | %d |\n", stars(d.Rating), d.Rating, d.Count)
	}
	m.f("\n")
	if len(f.Comments) == 0 {
		return
	}
	m.f("What participants wrote:\n\n")
	for _, c := range f.Comments {
		m.f("- %s %s%s\n", stars(c.Rating), mdBlock(c.Text, "  "), mdBy(c.Author))
	}
	m.f("\n")
}

func (m mdWriter) appendix() {
	m.f("## Appendix: all ideas\n\n")
	m.f("Every visible idea by topic, in the order posted. Hidden ideas are left out. ")
	m.f("Votes given to an idea in a group count for the group.\n\n")
	for _, t := range m.r.Appendix {
		m.f("### %s\n\n", mdInline(t.Topic.Name))
		if len(t.Ideas) == 0 {
			m.f("*No ideas.*\n\n")
			continue
		}
		if m.r.Session.Anonymous {
			m.f("| # | Idea | Institution | Votes | Group |\n|--:|---|---|--:|---|\n")
		} else {
			m.f("| # | Idea | Author | Institution | Votes | Group |\n|--:|---|---|---|--:|---|\n")
		}
		for k, i := range t.Ideas {
			group := ""
			if i.Group != nil {
				group = mdInline(i.Group.Name)
			}
			if m.r.Session.Anonymous {
				m.f("| %d | %s | %s | %d | %s |\n", k+1, mdInline(i.Text), mdInline(i.Author.Institution), i.Votes, group)
			} else {
				m.f("| %d | %s | %s | %s | %d | %s |\n", k+1, mdInline(i.Text), mdInline(i.Author.Name), mdInline(i.Author.Institution), i.Votes, group)
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

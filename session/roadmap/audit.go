package roadmap

import (
	"strconv"
	"strings"
	"time"

	"roundtable/lang"
	"roundtable/session"
)

// AuditEntry is one act of the facilitator's moderation, as the audit
// appendix lists it: from the session's audit trail (session.Moderation),
// with the people named as the export names them.
type AuditEntry struct {
	Seq         int64     `json:"seq"` // the act's place in the session's log
	At          time.Time `json:"at"`
	Act         string    `json:"act"`                   // the event's type: idea_hidden, participant_removed, …
	Item        string    `json:"item,omitempty"`        // the idea or comment acted on
	Author      *Author   `json:"author,omitempty"`      // who wrote that idea or comment
	Participant *Author   `json:"participant,omitempty"` // the participant acted on (participant_* acts)
	Text        string    `json:"text,omitempty"`        // the idea's or comment's text before the act
	From        string    `json:"from,omitempty"`        // a move's old topic, a rename's old name
	To          string    `json:"to,omitempty"`          // an edit's new text, a move's new topic, a rename's new name, a removal's attribution
}

// audit lists the session's audit trail in log order. It quotes no text
// the export does not show elsewhere: a hidden or deleted idea's text, a
// deleted comment's or an edit's old text stay out (hiding them was the
// point), and in an anonymous session so do names, a rename's too. People
// are named as the export names authors (builder.author).
func (b *builder) audit() []AuditEntry {
	out := make([]AuditEntry, 0, len(b.s.Audit))
	for _, m := range b.s.Audit {
		e := AuditEntry{Seq: m.Seq, At: m.At.In(b.loc), Act: m.Act, Item: m.Item}
		switch {
		case strings.HasPrefix(m.Act, "participant_"):
			a := b.author(m.Participant, "", false)
			e.Participant, e.Item = &a, ""
			switch {
			case m.Act == session.EvParticipantRemoved:
				e.To = m.To // keep or removed: an identifier, not text
			case m.Act == session.EvParticipantRenamed && !b.anon && !b.s.Unnamed(m.Participant):
				e.From, e.To = line(m.From), line(m.To)
			}
		default:
			inst := ""
			if c := b.s.Comments[m.Item]; c != nil {
				inst = c.Institution
			}
			if i := b.s.Ideas[m.Item]; i != nil {
				inst = i.Institution
				if !i.Hidden && m.Text == i.Text {
					e.Text = text(i.Text)
				}
				if !i.Hidden && m.Act == session.EvIdeaEdited && m.To == i.Text {
					e.To = text(i.Text)
				}
			}
			if m.Participant != "" {
				a := b.author(m.Participant, inst, m.Withheld) // as the export names the item's author elsewhere
				e.Author = &a
			}
			if m.Act == session.EvIdeaMoved {
				e.From, e.To = line(m.From), line(m.To) // topic names
			}
		}
		out = append(out, e)
	}
	return out
}

// unnamed is how the export names what a removed participant posted when
// the facilitator chose so (session.AttributionRemoved).
func unnamed(p *lang.Printer) Author {
	return Author{Removed: true, said: p.S("roster.removed_participant")}
}

// auditActs are the words of the acts, by event type.
var auditActs = map[string]string{
	session.EvIdeaHidden:                "roster.audit.act.idea_hidden",
	session.EvIdeaShown:                 "roster.audit.act.idea_shown",
	session.EvIdeaDeleted:               "roster.audit.act.idea_deleted",
	session.EvIdeaEdited:                "roster.audit.act.idea_edited",
	session.EvIdeaMoved:                 "roster.audit.act.idea_moved",
	session.EvCommentDeleted:            "roster.audit.act.comment_deleted",
	session.EvParticipantRenamed:        "roster.audit.act.participant_renamed",
	session.EvParticipantRemoved:        "roster.audit.act.participant_removed",
	session.EvParticipantReadmitted:     "roster.audit.act.participant_readmitted",
	session.EvParticipantMadeReadOnly:   "roster.audit.act.participant_made_read_only",
	session.EvParticipantReadOnlyLifted: "roster.audit.act.participant_read_only_lifted",
}

// auditAct says an act in p's language; an act this export does not know
// (a newer host's) as its id.
func auditAct(p *lang.Printer, act string) string {
	if id, ok := auditActs[act]; ok {
		return p.S(id)
	}
	return act
}

// auditOn says what an act was on, on one line: the idea's text (or,
// when the export does not show it, which idea or comment) and who wrote
// it, or the participant.
func auditOn(p *lang.Printer, e AuditEntry) string {
	if e.Participant != nil {
		return orDash(byline(*e.Participant))
	}
	what := line(e.Text)
	switch {
	case what != "":
	case e.Act == session.EvCommentDeleted:
		what = p.S("roster.audit.comment_ref", "ID", e.Item)
	default:
		what = p.S("roster.audit.idea_ref", "ID", e.Item)
	}
	if e.Author != nil && byline(*e.Author) != "" {
		return what + " — " + byline(*e.Author)
	}
	return what
}

// auditChange says what an act changed, on one line: an edit's new text, a
// move's or a rename's "from → to", a removal's attribution.
func auditChange(p *lang.Printer, e AuditEntry) string {
	switch e.Act {
	case session.EvIdeaEdited:
		if e.To != "" {
			return "→ " + line(e.To)
		}
	case session.EvIdeaMoved, session.EvParticipantRenamed:
		if e.From != "" || e.To != "" {
			return line(e.From) + " → " + line(e.To)
		}
	case session.EvParticipantRemoved:
		if e.To == session.AttributionRemoved {
			return p.S("roster.audit.attribution_removed")
		}
		return p.S("roster.audit.attribution_kept")
	}
	return ""
}

// auditTime says when an act happened: the time of day, with the date when
// it is not the session's first day.
func auditTime(p *lang.Printer, created, at time.Time) string {
	if y, m, d := at.Date(); created.IsZero() || y != created.Year() || m != created.Month() || d != created.Day() {
		return stamp(p, at)
	}
	return at.Format("15:04")
}

// audit writes the audit appendix in Markdown.
func (m mdWriter) audit() {
	p, r := m.p, m.r
	m.f("## %s\n\n", p.S("roster.audit.title"))
	if len(r.Audit) == 0 {
		m.f("*%s*\n\n", p.S("roster.audit.none"))
		return
	}
	m.f("%s\n\n", p.S("roster.audit.lede"))
	m.f("| # | %s | %s | %s | %s |\n|--:|---|---|---|---|\n", p.S("roster.audit.col.time"), p.S("roster.audit.col.act"), p.S("roster.audit.col.on"), p.S("roster.audit.col.change"))
	for k, e := range r.Audit {
		m.f("| %s | %s | %s | %s | %s |\n", p.Number(k+1), mdInline(auditTime(p, r.Session.Created, e.At)), mdInline(auditAct(p, e.Act)), mdInline(auditOn(p, e)), mdInline(auditChange(p, e)))
	}
	m.f("\n")
}

// auditCSV is the audit appendix as CSV rows (section "audit"): rank the
// act's position, order its seq, id the idea, comment or participant, kind
// the act's id, title what it was on, proposed_by who wrote it, notes what
// it changed, at when.
func auditCSV(p *lang.Printer, r *Roadmap) [][]string {
	rows := make([][]string, 0, len(r.Audit))
	for k, e := range r.Audit {
		id, by, title := e.Item, "", line(e.Text)
		if e.Participant != nil {
			title = byline(*e.Participant)
		} else if title == "" {
			title = auditOn(p, AuditEntry{Act: e.Act, Item: e.Item})
		}
		if e.Author != nil {
			by = byline(*e.Author)
		}
		row := make([]string, len(CSVHeader()))
		set := func(col, v string) {
			for i, c := range CSVHeader() {
				if c == col {
					row[i] = v
				}
			}
		}
		set("section", "audit")
		set("rank", strconv.Itoa(k+1))
		set("order", strconv.FormatInt(e.Seq, 10))
		set("id", id)
		set("kind", e.Act)
		set("title", title)
		set("proposed_by", by)
		set("notes", auditChange(p, e))
		set("at", e.At.Format(time.RFC3339))
		for i, c := range row {
			row[i] = csvCell(c)
		}
		rows = append(rows, row)
	}
	return rows
}

// auditView is the audit appendix as the HTML page shows it.
type auditView struct {
	Title, Lede, None     string
	Time, Act, On, Change string
	Rows                  []auditRow
}

// auditRow is one act on the page.
type auditRow struct {
	N, Time, Act, On, Change string
}

func newAuditView(r *Roadmap) auditView {
	p := r.say
	v := auditView{
		Title: p.S("roster.audit.title"), Lede: p.S("roster.audit.lede"), None: p.S("roster.audit.none"),
		Time: p.S("roster.audit.col.time"), Act: p.S("roster.audit.col.act"), On: p.S("roster.audit.col.on"), Change: p.S("roster.audit.col.change"),
	}
	for k, e := range r.Audit {
		v.Rows = append(v.Rows, auditRow{N: p.Number(k + 1), Time: auditTime(p, r.Session.Created, e.At), Act: auditAct(p, e.Act), On: auditOn(p, e), Change: auditChange(p, e)})
	}
	return v
}

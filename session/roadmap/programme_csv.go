package roadmap

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"roundtable/lang"
)

// The roles of a step in the CSV's role column.
const (
	RoleHistory = "history" // a step before the item's latest placed one
	RoleCurrent = "current" // the latest step that placed it: where the road map shows it
	RoleLater   = "later"   // carried on to a later session that did not place it
)

// ProgrammeCSVHeader returns the names of the programme CSV's columns, in
// order.
func ProgrammeCSVHeader() []string {
	return []string{
		"item", "horizon", "rank", "status", "step", "role",
		"session", "session_title", "day", "step_item", "kind", "title", "topic", "table", "carried",
		"placed", "order", "lead", "supporters", "votes", "proposed_by", "ideas",
		"consent_round", "level_0", "level_1", "level_2", "level_3", "level_4", "level_5",
		"took_part", "absent", "outcome", "reasons", "earlier_rounds",
		"notes", "decision", "comment_count", "comments", "backing_institutions", "backing_named",
	}
}

// LocalizedProgrammeCSVHeader returns the column names in p's language, in
// ProgrammeCSVHeader's order.
func LocalizedProgrammeCSVHeader(p *lang.Printer) []string {
	lvl := func(n int) string { return p.S("progexport.csv.level", "Level", p.Number(n)) }
	return []string{
		p.S("progexport.csv.item"), p.S("export.csv.horizon"), p.S("export.csv.rank"), p.S("progexport.csv.status"),
		p.S("progexport.csv.step"), p.S("progexport.csv.role"),
		p.S("progexport.csv.session"), p.S("progexport.csv.session_title"), p.S("progexport.col.day"), p.S("progexport.csv.step_item"),
		p.S("export.csv.kind"), p.S("export.csv.title"), p.S("export.csv.topic"), p.S("progexport.label.table"), p.S("progexport.csv.carried"),
		p.S("progexport.csv.placed"), p.S("export.csv.order"), p.S("export.csv.lead"), p.S("export.csv.supporters"), p.S("export.csv.votes"),
		p.S("export.csv.proposed_by"), p.S("export.csv.ideas"),
		p.S("progexport.csv.consent_round"), lvl(0), lvl(1), lvl(2), lvl(3), lvl(4), lvl(5),
		p.S("progexport.csv.took_part"), p.S("progexport.csv.absent"), p.S("progexport.csv.outcome"), p.S("progexport.csv.reasons"),
		p.S("progexport.csv.earlier_rounds"),
		p.S("export.csv.notes"), p.S("export.csv.decision"), p.S("export.csv.comment_count"), p.S("export.csv.comments"),
		p.S("export.csv.backing"), p.S("progexport.csv.backing_named"),
	}
}

// ProgrammeCSV writes one row per step of every item of the merged road
// map: its history, oldest first, then the step the road map shows it at
// (role "current"), then later sessions that carried it without placing
// it; items in road map order. The item's columns (item, horizon, rank,
// status, backing) repeat on each of its rows. As the session CSV: UTF-8
// with a byte order mark, CRLF line ends, RFC 4180 quoting, and a cell
// that a spreadsheet would run as a formula gets a leading apostrophe.
// Lists within a cell are one entry per line. The coverage is not in the
// CSV; the other formats hold it.
func ProgrammeCSV(w io.Writer, r *Programme) error {
	header := ProgrammeCSVHeader()
	if r.csvHeader {
		header = LocalizedProgrammeCSVHeader(r.say)
	}
	return writeCSV(w, header, func(cw *csv.Writer) error {
		for _, sec := range r.Sections {
			for _, it := range sec.Items {
				n := 0
				write := func(role string, st ProgrammeStep) error {
					n++
					return cw.Write(progCSVRow(r.say, it, n, role, st))
				}
				for _, st := range it.History {
					if err := write(RoleHistory, st); err != nil {
						return err
					}
				}
				if err := write(RoleCurrent, it.ProgrammeStep); err != nil {
					return err
				}
				for _, st := range it.Later {
					if err := write(RoleLater, st); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// progCSVRow makes the cells of one step of an item.
func progCSVRow(p *lang.Printer, it ProgrammeItem, n int, role string, st ProgrammeStep) []string {
	var placed, order, lead, supporters string
	if pl := st.Placement; pl != nil {
		placed, lead, supporters = pl.Horizon, pl.Lead, strings.Join(pl.Supporters, "\n")
		if pl.Order > 0 {
			order = strconv.Itoa(pl.Order)
		}
	}
	table := ""
	if st.Table != nil {
		table = progTable(p, st.Table)
	}
	proposed := ""
	if st.ProposedBy != nil {
		proposed = byline(*st.ProposedBy)
	}
	ideas := make([]string, 0, len(st.Ideas))
	for _, i := range st.Ideas {
		s := "• " + line(i.Text) + csvBy(i.Author)
		if i.From != nil {
			s += " [" + progFrom(p, i.From) + "]"
		}
		ideas = append(ideas, s)
	}
	comments := make([]string, 0, len(st.Comments))
	for _, c := range st.Comments {
		comments = append(comments, "• "+line(c.Text)+csvBy(c.Author))
	}
	var round, tookPart, absent, outcome, reasons string
	levels := make([]string, 6)
	var earlier []string
	if c := st.Consent; c != nil {
		outcome = c.Outcome
		if k := len(c.Rounds); k > 0 {
			last := c.Rounds[k-1]
			round, tookPart, absent = strconv.Itoa(last.Round), strconv.Itoa(last.TookPart), strconv.Itoa(last.Absent)
			for lvl := range levels {
				if lvl < len(last.Distribution) {
					levels[lvl] = strconv.Itoa(last.Distribution[lvl])
				}
			}
			var rs []string
			for _, why := range last.Reasons {
				rs = append(rs, "• "+strconv.Itoa(why.Level)+": "+line(why.Text)+csvBy(deref(why.Author)))
			}
			reasons = strings.Join(rs, "\n")
			for _, e := range c.Rounds[:k-1] {
				s := p.S("progexport.round", "Round", p.Number(e.Round)) + ": " + progDistribution(p, e)
				if e.Outcome != "" {
					s += " — " + progOutcome(p, e.Outcome)
				}
				earlier = append(earlier, s)
			}
		}
	}
	carried := ""
	if st.Carried {
		carried = "yes"
	}
	named := strings.Join(it.Institutions.Named, "\n")
	row := []string{
		it.Ref, it.Placement.Horizon, strconv.Itoa(it.Rank), it.outcomeOrNone(), strconv.Itoa(n), role,
		st.Session.ID, st.Session.Title, strconv.Itoa(st.Session.Day), st.Item, st.Kind, st.Title, st.Topic, table, carried,
		placed, order, lead, supporters, strconv.Itoa(st.Votes), proposed, strings.Join(ideas, "\n"),
		round, levels[0], levels[1], levels[2], levels[3], levels[4], levels[5],
		tookPart, absent, outcome, reasons, strings.Join(earlier, "\n"),
		st.Notes, st.Decision, strconv.Itoa(len(st.Comments)), strings.Join(comments, "\n"),
		strconv.Itoa(it.Institutions.Count), named,
	}
	for k, c := range row {
		row[k] = csvCell(c)
	}
	return row
}

// outcomeOrNone is an item's status column: its consent outcome's id, or
// "pending" while none is recorded.
func (it ProgrammeItem) outcomeOrNone() string {
	if o := it.outcome(); o != "" {
		return o
	}
	return "pending"
}

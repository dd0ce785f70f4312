package roadmap

import (
	"bytes"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"roundtable/lang"
)

// bom is the UTF-8 byte order mark. Excel, which many institutions open a
// CSV file with, reads a file without it in the local ANSI code page and
// garbles Azerbaijani and Russian text; with it, Excel, LibreOffice, Google
// Sheets and Python's "utf-8-sig" all read UTF-8. The cost is that a naive
// reader sees the mark at the start of the first header cell.
const bom = "\xEF\xBB\xBF"

// CSVHeader returns the names of the CSV columns, in order.
func CSVHeader() []string {
	return []string{
		"section", "topic", "rank", "horizon", "order", "id", "kind", "title",
		"lead", "supporters", "supporter_count", "votes", "backing_institutions",
		"proposed_by", "ideas", "notes", "decision", "comment_count", "comments",
		"at",
		// issue 16: consent rounds (consent_text.go)
		"consent_outcome", "consent_answers", "consent_took_part", "consent_absent", "consent_reasons", "consent_earlier", "roadmap_status",
		// issue 16: the breakout table a promoted item came from
		"table",
	}
}

// LocalizedCSVHeader returns the names of the CSV columns in p's
// language, in CSVHeader's order: the header row for a person, which
// Options.LocalizedCSVHeader asks for.
func LocalizedCSVHeader(p *lang.Printer) []string {
	return []string{
		p.S("export.csv.section"), p.S("export.csv.topic"), p.S("export.csv.rank"), p.S("export.csv.horizon"),
		p.S("export.csv.order"), p.S("export.csv.item_id"), p.S("export.csv.kind"), p.S("export.csv.title"),
		p.S("export.csv.lead"), p.S("export.csv.supporters"), p.S("export.csv.supporter_count"), p.S("export.csv.votes"),
		p.S("export.csv.backing"), p.S("export.csv.proposed_by"), p.S("export.csv.ideas"), p.S("export.csv.notes"),
		p.S("export.csv.decision"), p.S("export.csv.comment_count"), p.S("export.csv.comments"),
		p.S("roster.audit.csv_at"),
		// issue 16
		p.S("consent.export.csv.outcome"), p.S("consent.export.csv.answers"), p.S("consent.export.csv.took_part"),
		p.S("consent.export.csv.absent"), p.S("consent.export.csv.reasons"), p.S("consent.export.csv.earlier"),
		p.S("consent.export.csv.status"),
		p.S("progexport.csv.table"),
	}
}

// CSV writes one row per road map item, then one per unplaced candidate,
// under a header row: UTF-8 with a byte order mark, CRLF line ends and
// RFC 4180 quoting. A cell that a spreadsheet would run as a formula
// (starting with = + - @, tab or carriage return) gets a leading apostrophe.
// Lists within a cell (supporters, ideas, comments) are one entry per line.
// The header row is CSVHeader's stable ids unless Options.LocalizedCSVHeader
// asked for LocalizedCSVHeader; the cells are the session's text, numbers
// as digits, and the ids of kinds and sections ("idea", "unplaced"), in any
// language.
func CSV(w io.Writer, r *Roadmap) error {
	header := CSVHeader()
	if r.csvHeader {
		header = LocalizedCSVHeader(r.say)
	}
	return writeCSV(w, header, func(cw *csv.Writer) error { return csvRows(cw, r) })
}

// writeCSV writes a CSV document as both exports do: the byte order mark,
// the header row, the rows rows writes, CRLF line ends; nothing reaches w
// unless every row was written.
func writeCSV(w io.Writer, header []string, rows func(*csv.Writer) error) error {
	var b bytes.Buffer
	b.WriteString(bom)
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := rows(cw); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// csvRows writes the session road map's rows.
func csvRows(cw *csv.Writer, r *Roadmap) error {
	for _, sec := range r.Sections {
		for _, it := range sec.Items {
			if err := cw.Write(append(append(csvRow("roadmap", it), csvCells(csvConsent(r, it))...), csvCell(progTable(r.say, it.Table)))); err != nil {
				return err
			}
		}
	}
	for _, it := range r.Unplaced {
		if err := cw.Write(append(append(csvRow("unplaced", it), csvCells(csvConsent(r, it))...), csvCell(progTable(r.say, it.Table)))); err != nil {
			return err
		}
	}
	audit := auditCSV(r.say, r)
	status := slices.Index(CSVHeader(), "roadmap_status")
	for k := range audit { // issue 16: the road map's status in every row
		audit[k][status] = r.Session.Status
	}
	for _, row := range audit {
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// csvRow makes the cells of one item, each defended against formulas.
func csvRow(section string, it Item) []string {
	var horizon, order, lead, supporters, supCount string
	if p := it.Placement; p != nil {
		horizon, order, lead = p.Horizon, strconv.Itoa(p.Order), p.Lead
		supporters, supCount = strings.Join(p.Supporters, "\n"), strconv.Itoa(len(p.Supporters))
	}
	proposed := ""
	if it.ProposedBy != nil {
		proposed = byline(*it.ProposedBy)
	}
	ideas := make([]string, 0, len(it.Ideas))
	for _, i := range it.Ideas {
		ideas = append(ideas, "• "+line(i.Text)+csvBy(i.Author))
	}
	comments := make([]string, 0, len(it.Comments))
	for _, c := range it.Comments {
		comments = append(comments, "• "+line(c.Text)+csvBy(c.Author))
	}
	row := []string{
		section, it.Topic.Name, strconv.Itoa(it.Rank), horizon, order, it.ID, it.Kind, it.Title,
		lead, supporters, supCount, strconv.Itoa(it.Votes), strconv.Itoa(it.Backing),
		proposed, strings.Join(ideas, "\n"), it.Notes, it.Decision, strconv.Itoa(len(it.Comments)), strings.Join(comments, "\n"),
		"",
	}
	for k, c := range row {
		row[k] = csvCell(c)
	}
	return row
}

// csvBy formats an author after a text: " (Name, Institution)".
func csvBy(a Author) string {
	if by := byline(a); by != "" {
		return " (" + by + ")"
	}
	return ""
}

// csvCell sanitises a cell and defends it against formula injection: a cell
// a spreadsheet would evaluate gets a leading apostrophe, which spreadsheets
// show as text. Every line of a multi-line cell is sanitised; only the
// start of the cell can begin a formula.
func csvCell(s string) string {
	s = text(s)
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

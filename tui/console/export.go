package console

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/session/roadmap"
)

// exportDialog is the console's export overlay (e, in every phase): the
// formats to write (several at once), the folder, then where the files
// went. It never overwrites a file silently: when one of the names is
// taken it asks whether to overwrite or to write new names beside them.
type exportDialog struct {
	open    bool
	formats []string        // roadmap.Formats(), in order
	chosen  map[string]bool // the formats ticked
	row     int             // the formats' rows, then the folder's
	dir     string          // the folder, as given or typed
	typed   bool            // the facilitator typed the folder
	step    exportStep
	base    string   // the files' name without extension
	exists  []string // the paths that exist, while asking
	written []string // the full paths written
	renamed bool     // new names were chosen because the first were taken
	err     string
}

// exportStep is where the dialog is.
type exportStep int

const (
	exportChoosing exportStep = iota // formats and folder
	exportWriting                    // the files are being written
	exportAsking                     // some names are taken: overwrite or new names
	exportDone                       // the files are written: where they went
)

// exportedMsg is what the command that writes the files reports.
type exportedMsg struct {
	paths   []string // the full paths written
	exists  []string // the paths that were taken (nothing written), or nil
	renamed bool     // new names were chosen beside base's
	base    string   // the files' name that was asked for

	err error
}

// openExport opens the export dialog on the formats, with the folder of
// the options.
func (c *Console) openExport() {
	d := &c.export
	if d.chosen == nil {
		d.formats = roadmap.Formats()
		d.chosen = map[string]bool{}
		for _, f := range d.formats {
			d.chosen[f] = true
		}
		d.dir = c.opts.ExportDir
	}
	d.open, d.step, d.row, d.err = true, exportChoosing, 0, ""
	d.exists, d.written, d.renamed = nil, nil, false
}

// exportKey handles a key while the dialog is open; it reports whether it
// took it (q, ? and the language key stay the console's).
func (c *Console) exportKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	d, k := &c.export, c.Keys
	if key.Matches(msg, k.Quit) || key.Matches(msg, k.Help) {
		return nil, false
	}
	switch d.step {
	case exportWriting:
		return nil, true
	case exportDone:
		if key.Matches(msg, k.Back) || key.Matches(msg, k.Open) {
			d.open = false
		}
		return nil, true
	case exportAsking:
		switch {
		case key.Matches(msg, k.Back):
			d.step = exportChoosing
		case msg.String() == "o":
			return c.writeExport(true, false), true
		case msg.String() == "n":
			return c.writeExport(false, true), true
		}
		return nil, true
	}
	folder := d.row == len(d.formats)
	switch {
	case key.Matches(msg, k.Back):
		d.open = false
	case key.Matches(msg, k.Up):
		d.row = max(0, d.row-1)
	case key.Matches(msg, k.Down):
		d.row = min(len(d.formats), d.row+1)
	case folder && (key.Matches(msg, k.Open) || key.Matches(msg, k.Mark)):
		return c.editExportFolder(), true
	case key.Matches(msg, k.Mark):
		f := d.formats[d.row]
		d.chosen[f] = !d.chosen[f]
		d.err = ""
	case key.Matches(msg, k.Open):
		return c.writeExport(false, false), true
	}
	return nil, true
}

// editExportFolder opens the text field on the folder.
func (c *Console) editExportFolder() tea.Cmd {
	d := &c.export
	return c.input.start(inputSpec{
		title: c.L.S("console.export.folder_title"), hint: c.L.S("console.export.folder_hint"),
		initial: d.dir, lines: 1, limit: 1024,
		submit: func(text string) tea.Cmd {
			if t := strings.TrimSpace(text); t != d.dir {
				d.dir, d.typed = t, true
			}
			d.row = 0 // back on the formats, where enter exports
			return nil
		},
	}, c.Width)
}

// exportBase is the files' name without extension: the session and the
// day of the export ("roadmap-s1-2026-03-10").
func (c *Console) exportBase() string {
	return "roadmap-" + fileSafe(c.St.ID) + "-" + c.Now().Format("2006-01-02")
}

// writeExport writes the chosen formats into the folder, in a command:
// "generated" is now, the session's last change its last event. Unless
// overwrite, nothing is written when a name is taken (the dialog asks);
// with fresh, new names are found beside the taken ones.
func (c *Console) writeExport(overwrite, fresh bool) tea.Cmd {
	d := &c.export
	var formats []string
	for _, f := range d.formats {
		if d.chosen[f] {
			formats = append(formats, f)
		}
	}
	if len(formats) == 0 {
		d.err = c.L.S("console.export.choose_one")
		return nil
	}
	rm := roadmap.Build(c.St, roadmap.Options{Generated: c.Now(), Printer: c.L})
	dir, base := expandHome(d.dir), c.exportBase()
	d.step, d.err, d.base = exportWriting, "", base
	c.Note(c.L.S("console.export.writing"))
	at, told := c.Now(), c.opts.Exported
	return func() tea.Msg {
		msg := writeRoadmap(rm, formats, dir, base, overwrite, fresh)
		if msg.err == nil && len(msg.paths) > 0 && told != nil {
			told(at)
		}
		return msg
	}
}

// writeRoadmap renders the road map in each format and writes the files;
// see writeExport. It runs in a command.
func writeRoadmap(rm *roadmap.Roadmap, formats []string, dir, base string, overwrite, fresh bool) exportedMsg {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	paths := func(base string) []string {
		out := make([]string, len(formats))
		for i, f := range formats {
			out[i] = filepath.Join(dir, base+"."+f)
		}
		return out
	}
	asked, renamed := base, false
	if !overwrite {
		taken := existing(paths(base))
		if len(taken) > 0 && !fresh {
			return exportedMsg{exists: taken, base: base}
		}
		for n := 2; len(taken) > 0; n++ {
			next := base + "-" + strconv.Itoa(n)
			if taken = existing(paths(next)); len(taken) == 0 {
				base, renamed = next, true
			}
		}
	}
	var out []string
	for i, path := range paths(base) {
		var b bytes.Buffer
		if err := roadmap.Render(&b, rm, formats[i]); err != nil {
			return exportedMsg{paths: out, err: err, base: asked}
		}
		flag := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		if !overwrite {
			flag = os.O_WRONLY | os.O_CREATE | os.O_EXCL // never over a file made meanwhile
		}
		if err := writeFile(path, flag, b.Bytes()); err != nil {
			return exportedMsg{paths: out, err: err, base: asked}
		}
		out = append(out, path)
	}
	return exportedMsg{paths: out, renamed: renamed, base: asked}
}

// existing returns the paths that exist.
func existing(paths []string) []string {
	var out []string
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			out = append(out, p)
		}
	}
	return out
}

// writeFile writes data to path opened with flag.
func writeFile(path string, flag int, data []byte) error {
	f, err := os.OpenFile(path, flag, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// expandHome reads a leading ~ as the home folder; "" is the current one.
func expandHome(dir string) string {
	if dir == "~" || strings.HasPrefix(dir, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(dir, "~"))
		}
	}
	if dir == "" {
		return "."
	}
	return dir
}

// exported takes in what the command wrote.
func (c *Console) exported(msg exportedMsg) {
	d := &c.export
	d.base = msg.base
	switch {
	case msg.err != nil:
		d.step = exportChoosing
		d.err = c.L.S("console.export.failed", "Err", msg.err.Error())
		c.Fail(d.err)
		if len(msg.paths) > 0 { // some were written before it failed
			d.written, d.step = msg.paths, exportDone
		}
	case len(msg.exists) > 0:
		d.step, d.exists = exportAsking, msg.exists
		c.Notice = ""
	default:
		d.step, d.written, d.renamed = exportDone, msg.paths, msg.renamed
		c.Note(c.L.S("console.export.written", "Paths", exportSummary(msg.paths)))
	}
	if !d.open { // the ended console's e writes at once, without the dialog
		d.step = exportChoosing
	}
}

// exportSummary names exported files briefly: the first in full, the
// others by their extension ("/dir/roadmap-s1-2026-03-10.md, .json, .csv").
func exportSummary(paths []string) string {
	out := ""
	for i, p := range paths {
		switch {
		case i == 0:
			out = p
		case strings.LastIndex(p, ".") >= 0:
			out += ", " + p[strings.LastIndex(p, "."):]
		default:
			out += ", " + p
		}
	}
	return out
}

// fileSafe keeps letters, digits, dashes and underscores of s.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "session"
	}
	return b.String()
}

// exportHelp is the footer of the open dialog.
func (c *Console) exportHelp() ([]key.Binding, []key.Binding) {
	d, k, l := &c.export, c.Keys, c.L
	b := func(keys []string, help, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	closeKey := b([]string{"esc"}, "esc", l.S("console.export.key.close"))
	switch d.step {
	case exportAsking:
		return []key.Binding{b([]string{"o"}, "o", l.S("console.export.key.overwrite")), b([]string{"n"}, "n", l.S("console.export.key.new_names")), b([]string{"esc"}, "esc", l.S("console.export.key.back"))}, nil
	case exportDone, exportWriting:
		return []key.Binding{closeKey}, nil
	}
	choose := b([]string{"space"}, k.Mark.Help().Key, l.S("console.export.key.choose"))
	write := b([]string{"enter"}, "enter", l.S("console.export.key.write"))
	if d.row == len(d.formats) {
		choose = b([]string{"enter"}, "enter", l.S("console.export.key.folder"))
		return []key.Binding{k.Move, choose, closeKey}, nil
	}
	return []key.Binding{k.Move, choose, write, closeKey}, nil
}

// exportView draws the dialog w cells wide and h lines high.
func (c *Console) exportView(w, h int) []string {
	d, st, tx, l := &c.export, c.Styles, c.Cells, c.L
	out := []string{st.Paint.Section(tx.Truncate(l.S("console.export.title"), w)), ""}
	wrap := func(text string, paint func(string) string, indent string) {
		for _, line := range tx.Indent(text, indent, w) {
			out = append(out, paint(line))
		}
	}
	switch d.step {
	case exportDone:
		wrap(l.N("console.export.written_to", len(d.written)), st.Paint.Done, "")
		for _, p := range d.written {
			wrap(p, st.Paint.Title, "  ")
		}
		if d.renamed {
			out = append(out, "")
			wrap(l.S("console.export.renamed", "Base", d.base), st.Paint.Meta, "")
		}
		if d.err != "" {
			out = append(out, "")
			wrap(d.err, st.Paint.Error, "")
		}
		return tx.Clip(out, w, h)
	case exportAsking:
		wrap(l.N("console.export.exists", len(d.exists)), st.Paint.Error, "")
		for _, p := range d.exists {
			wrap(p, st.Paint.Item, "  ")
		}
		out = append(out, "")
		wrap(l.N("console.export.ask", len(d.exists)), st.Paint.Meta, "")
		return tx.Clip(out, w, h)
	}
	out = append(out, st.Paint.Meta(tx.Truncate(l.S("console.export.formats"), w)))
	names := map[string]string{
		roadmap.FormatMarkdown: l.S("console.export.format.md"),
		roadmap.FormatJSON:     l.S("console.export.format.json"),
		roadmap.FormatCSV:      l.S("console.export.format.csv"),
		roadmap.FormatHTML:     l.S("console.export.format.html"),
	}
	for i, f := range d.formats {
		box := "[ ] "
		if d.chosen[f] {
			box = "[x] "
		}
		cursor, paint := "  ", st.Paint.Item
		if i == d.row {
			cursor, paint = "› ", st.Paint.Selected
		}
		out = append(out, tx.Line(cursor+box, names[f], paint, "", w))
	}
	out = append(out, "", st.Paint.Meta(tx.Truncate(l.S("console.export.folder"), w)))
	cursor, paint := "  ", st.Paint.Item
	if d.row == len(d.formats) {
		cursor, paint = "› ", st.Paint.Selected
	}
	shown := d.dir
	if shown == "" {
		shown = "."
	}
	for i, line := range tx.Indent(shown, cursor, w) {
		if i == 0 {
			line = strings.TrimPrefix(line, cursor)
			out = append(out, cursor+paint(line))
			continue
		}
		out = append(out, paint(line))
	}
	switch {
	case d.typed:
	case c.opts.ExportBesideDB:
		wrap(l.S("console.export.beside_db"), st.Paint.Meta, "  ")
	default:
		wrap(l.S("console.export.current_dir"), st.Paint.Meta, "  ")
	}
	out = append(out, "")
	wrap(l.S("console.export.names", "Base", c.exportBase()), st.Paint.Meta, "")
	if d.err != "" {
		wrap(d.err, st.Paint.Error, "")
	}
	return tx.Clip(out, w, h)
}

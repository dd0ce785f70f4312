package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/roadmap"
	"roundtable/session/store"
)

// openExisting opens a database that must already exist: export and
// sessions never create one by accident.
func openExisting(p *lang.Printer, path string) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s", p.S("cli.db.missing", "Path", path))
	}
	st, err := store.Open(path)
	if err != nil {
		return nil, sayErr{p.S("cli.db.open", "Path", path, "Err", err), err}
	}
	return st, nil
}

// The values of export's --csv-header.
const (
	csvHeaderIDs       = "ids"
	csvHeaderLocalized = "localized"
)

// exportClock is the time an export says it was made: now, or, for output
// that must be byte-identical from run to run (a build, a test), the
// moment $SOURCE_DATE_EPOCH names in seconds since 1970, as reproducible
// builds set it.
func exportClock(getenv func(string) string) func() time.Time {
	if s := getenv("SOURCE_DATE_EPOCH"); s != "" {
		if secs, err := strconv.ParseInt(s, 10, 64); err == nil {
			at := time.Unix(secs, 0).UTC()
			return func() time.Time { return at }
		}
	}
	return time.Now
}

func runExport(ctx context.Context, p *lang.Printer, args []string, now func() time.Time, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", "roundtable.db", p.S("cli.flag.db"))
	sessionID := fl.String("session", "latest", p.S("cli.export.flag.session"))
	format := fl.String("format", "", p.S("cli.export.flag.format"))
	out := fl.String("o", "", p.S("cli.export.flag.o"))
	csvHeader := fl.String("csv-header", csvHeaderIDs, p.S("cli.export.flag.csv_header"))
	programme := fl.String("programme", "", p.S("progexport.cli.flag.programme")) // issue 16: export_programme.go
	code := fl.String("code", "", p.S("cluster_data.export.flag.code"))           // issue 17: cluster_data.go
	nats := fl.String("nats", "", p.S("cluster_data.flag.nats"))
	addLangFlag(fl, p.S("cli.export.flag.lang"))
	setUsage(fl, stderr, p, p.S("cli.export.usage_line")+"\n       "+p.S("progexport.cli.usage_line")+"\n       "+p.S("cluster_data.export.usage_line"),
		p.S("cli.export.about")+"\n\n"+p.S("progexport.cli.about")+"\n\n"+p.S("cluster_data.export.about"))
	if err := parseFlags(fl, p, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{p.S("cli.unexpected_argument", "Arg", fl.Arg(0))}
	}
	if *csvHeader != csvHeaderIDs && *csvHeader != csvHeaderLocalized {
		return usageError{p.S("cli.export.bad_csv_header", "Value", *csvHeader)}
	}
	f := roadmap.FormatMarkdown
	var err error
	switch {
	case *format != "":
		if f, err = roadmap.ParseFormat(*format); err != nil {
			return usageError{p.S("cli.export.unknown_format", "Format", *format)}
		}
	case *out != "":
		if f, err = roadmap.FormatFromPath(*out); err != nil {
			return usageError{formatFromPathProblem(p, *out)}
		}
	}
	if err := whereProblem(p, fl); err != nil {
		return err
	}
	if given(fl, "code") && given(fl, "session") {
		return usageError{p.S("cluster_data.export.session_or_code")}
	}
	if given(fl, "programme") {
		if given(fl, "session") {
			return usageError{p.S("progexport.cli.exclusive")}
		}
		if given(fl, "code") {
			return usageError{p.S("cluster_data.export.code_programme")}
		}
		if given(fl, "nats") {
			return usageError{p.S("cluster_data.export.no_programme")}
		}
		return exportProgramme(ctx, p, programmeExport{db: *db, name: *programme, format: f, out: *out, localizedCSV: *csvHeader == csvHeaderLocalized}, now, stdout, stderr)
	}
	w := roadmapWrite{format: f, out: *out, localizedCSV: *csvHeader == csvHeaderLocalized}
	if given(fl, "nats") {
		return exportCluster(ctx, p, natsURLs(*nats), *sessionID, *code, w, now, stdout, stderr)
	}
	st, err := openExisting(p, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	var info store.SessionInfo
	if given(fl, "code") {
		info, err = st.SessionByCode(ctx, protocol.NormalizeCode(*code))
	} else {
		info, err = st.Session(ctx, *sessionID)
	}
	if err != nil {
		return err
	}
	state, err := st.Load(ctx, info.ID)
	if said := purgedProblem(p, err); said != nil {
		return said
	}
	if err != nil {
		return err
	}
	if *sessionID == "latest" && !given(fl, "code") && len(state.Participants) == 0 && len(state.Ideas) == 0 {
		warnEmptyLatest(ctx, p, st, info, *db, stderr)
	}
	if err := writeRoadmap(p, state, info.ID, w, now, stdout, stderr); err != nil {
		return err
	}
	// Recorded, so that roundtable purge and host --retain know the road
	// map is safe elsewhere (roundtable sessions shows it).
	if err := st.MarkExported(ctx, info.ID, time.Time{}); err != nil {
		fmt.Fprintln(stderr, p.S("data.export.not_recorded", "Err", err))
	}
	return nil
}

// roadmapWrite is where and how an export writes a session's road map.
type roadmapWrite struct {
	format       string // roadmap.FormatMarkdown…
	out          string // a file; "" for stdout
	localizedCSV bool
}

// writeRoadmap builds session id's road map from its state and writes it
// as w says: the same bytes for the same events, whether the state was
// replayed from a database or from a cluster's log.
func writeRoadmap(p *lang.Printer, state *session.State, id string, w roadmapWrite, now func() time.Time, stdout, stderr io.Writer) error {
	var buf bytes.Buffer
	// generated now; the session's last change (its last event) is read
	// from the state and given beside it
	opts := roadmap.Options{Generated: now(), Printer: p, LocalizedCSVHeader: w.localizedCSV}
	rm := roadmap.Build(state, opts)
	if err := roadmap.Render(&buf, rm, w.format); err != nil {
		return err
	}
	if w.out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(w.out, buf.Bytes()); err != nil {
		return err
	}
	wrote := "cli.export.wrote"
	if rm.Agreed() { // issue 16: every item agreed in a consent round
		wrote = "consent.cli.wrote_agreed"
	}
	fmt.Fprintln(stderr, p.S(wrote, "Title", state.Settings.Title, "ID", id, "Path", w.out))
	return nil
}

// formatFromPathProblem says why a file name names no export format.
func formatFromPathProblem(p *lang.Printer, path string) string {
	ext := filepath.Ext(path)
	if ext == "" {
		return p.S("cli.export.no_extension", "Name", path)
	}
	return p.S("cli.export.unknown_extension", "Ext", ext)
}

// warnEmptyLatest tells whoever exports the latest session when nobody has
// joined it yet while an earlier session has content: a host started again
// after a closed session opens a new, empty one, and the road map wanted is
// most likely the one before it.
func warnEmptyLatest(ctx context.Context, p *lang.Printer, st *store.Store, latest store.SessionInfo, db string, stderr io.Writer) {
	all, err := st.Sessions(ctx)
	if err != nil {
		return
	}
	for _, s := range all {
		if s.ID == latest.ID || s.LastSeq <= 1 || s.Purged() {
			continue
		}
		fmt.Fprintf(stderr, "%s\n  roundtable export --db %s --session %s\n",
			p.N("cli.export.empty_latest", int(s.LastSeq), "ID", latest.ID, "Title", latest.Title, "BeforeID", s.ID, "BeforeTitle", s.Title, "Phase", s.Phase), db, s.ID)
		return
	}
}

// writeFileAtomic writes through a temporary file and a rename, so a
// failure never leaves half a file where an old one was.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

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
	"text/tabwriter"
	"time"

	"roundtable/session"
	"roundtable/session/roadmap"
	"roundtable/session/store"
)

// openExisting opens a database that must already exist: export and
// sessions never create one by accident.
func openExisting(path string) (*store.Store, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("there is no database at %s (use --db to name it)", path)
	}
	st, err := store.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	return st, nil
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("export", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", "roundtable.db", "database file")
	sessionID := fl.String("session", "latest", `session id (see "roundtable sessions") or "latest"`)
	format := fl.String("format", "", "md, json, csv or html (default: from -o's extension, else md)")
	out := fl.String("o", "", "write to this `file` instead of standard output")
	setUsage(fl, stderr, "roundtable export [--db roundtable.db] [--session ID|latest] [--format md|json|csv|html] [-o FILE]",
		`Writes the draft road map of a session: Markdown, JSON (see session/roadmap/roadmap.schema.json),
CSV or HTML. The latest session is the most recently created one ("roundtable sessions"
lists them all). Exporting the same session twice gives the same bytes.`)
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usagef("unexpected argument %q", fl.Arg(0))
	}
	f := roadmap.FormatMarkdown
	var err error
	switch {
	case *format != "":
		if f, err = roadmap.ParseFormat(*format); err != nil {
			return usagef("%v", err)
		}
	case *out != "":
		if f, err = roadmap.FormatFromPath(*out); err != nil {
			return usagef("%v Name the format with --format.", err)
		}
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	info, err := st.Session(ctx, *sessionID)
	if err != nil {
		return err
	}
	state, err := st.Load(ctx, info.ID)
	if err != nil {
		return err
	}
	if *sessionID == "latest" && len(state.Participants) == 0 && len(state.Ideas) == 0 {
		warnEmptyLatest(ctx, st, info, *db, stderr)
	}
	var buf bytes.Buffer
	if err := roadmap.Render(&buf, roadmap.Build(state, roadmap.Options{Generated: lastActivity(ctx, st, state)}), f); err != nil {
		return err
	}
	if *out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "Wrote the draft road map of %q (session %s) to %s\n", state.Settings.Title, info.ID, *out)
	return nil
}

// warnEmptyLatest tells whoever exports the latest session when nobody has
// joined it yet while an earlier session has content: a host started again
// after a closed session opens a new, empty one, and the road map wanted is
// most likely the one before it.
func warnEmptyLatest(ctx context.Context, st *store.Store, latest store.SessionInfo, db string, stderr io.Writer) {
	all, err := st.Sessions(ctx)
	if err != nil {
		return
	}
	for _, s := range all {
		if s.ID == latest.ID || s.LastSeq <= 1 {
			continue
		}
		fmt.Fprintf(stderr, "Note: the latest session, %s %q, is empty (nobody has joined it). The one before it is %s %q (%s phase, %d events):\n  roundtable export --db %s --session %s\n",
			latest.ID, latest.Title, s.ID, s.Title, s.Phase, s.LastSeq, db, s.ID)
		return
	}
}

// lastActivity is the time of the session's last event: the export's date,
// so that exporting the same session twice gives the same bytes.
func lastActivity(ctx context.Context, st *store.Store, state *session.State) time.Time {
	at := state.CreatedAt
	st.Events(ctx, state.ID, max(state.Seq-1, 0), func(e session.Event) error {
		at = e.At
		return nil
	})
	return at
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

func runSessions(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("sessions", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", "roundtable.db", "database file")
	setUsage(fl, stderr, "roundtable sessions [--db roundtable.db]",
		`Lists the sessions in a database, the latest first: id, creation time, phase, number of
events, join code and title. "roundtable host --code CODE" reopens one, "roundtable export
--session ID" exports it.`)
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usagef("unexpected argument %q", fl.Arg(0))
	}
	st, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.Sessions(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintf(stdout, "No sessions in %s yet.\n", *db)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tPHASE\tEVENTS\tCODE\tTITLE")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", s.ID, s.CreatedAt.Local().Format("2006-01-02 15:04"), s.Phase, s.LastSeq, s.Code, s.Title)
	}
	return tw.Flush()
}

package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"roundtable/lang"
	"roundtable/session/roadmap"
	"roundtable/session/store"
)

// programmeExport is what `roundtable export --programme NAME` was asked.
type programmeExport struct {
	db, name, format, out string
	localizedCSV          bool
}

// given reports whether flag name was set on the command line.
func given(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// exportProgramme writes the merged road map of every session of a
// programme (issue 16; roadmap.BuildProgramme). A purged session is listed
// with its tombstone and said on stderr; it never fails the export. The
// sessions are not recorded as exported: the programme's road map holds
// their road map items, not all that a session's own export holds.
func exportProgramme(ctx context.Context, p *lang.Printer, x programmeExport, now func() time.Time, stdout, stderr io.Writer) error {
	if strings.TrimSpace(x.name) == "" {
		return usageError{p.S("progexport.cli.no_name")}
	}
	st, err := openExisting(p, x.db)
	if err != nil {
		return err
	}
	defer st.Close()
	infos, err := st.ProgrammeSessions(ctx, x.name)
	if err != nil {
		return err
	}
	recs := make([]roadmap.SessionRecord, 0, len(infos))
	for _, info := range infos {
		rec := roadmap.SessionRecord{ID: info.ID, Title: info.Title, Day: info.Day, Created: info.CreatedAt, LastChange: info.LastEventAt}
		if !info.Purged() {
			rec.State, err = st.Load(ctx, info.ID)
		}
		var purged *store.PurgedError
		if info.Purged() || errors.As(err, &purged) {
			// purged before or while we read: its tombstone says what it held
			sum, serr := st.Summary(ctx, info.ID)
			if serr != nil {
				return serr
			}
			rec.State, rec.PurgedAt, rec.Events = nil, sum.PurgedAt, sum.LastSeq
			rec.Participants, rec.Ideas = sum.Participants, sum.Ideas
			fmt.Fprintln(stderr, p.S("progexport.cli.purged", "ID", info.ID, "Title", info.Title, "When", when(sum.PurgedAt)))
		} else if err != nil {
			return err
		}
		if rec.State != nil && rec.Title == "" {
			rec.Title = rec.State.Settings.Title
		}
		recs = append(recs, rec)
	}
	r := roadmap.BuildProgramme(x.name, recs, roadmap.Options{Generated: now(), Printer: p, LocalizedCSVHeader: x.localizedCSV})
	var buf bytes.Buffer
	if err := roadmap.RenderProgramme(&buf, r, x.format); err != nil {
		return err
	}
	if x.out == "" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := writeFileAtomic(x.out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintln(stderr, p.N("progexport.cli.wrote", len(recs), "Name", x.name, "Path", x.out))
	return nil
}

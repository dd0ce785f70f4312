package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"roundtable/lang"
	"roundtable/session/store"
)

// sessionJSON is one session as `roundtable sessions --json` prints it.
type sessionJSON struct {
	ID           string     `json:"id"`
	Title        string     `json:"title"`
	Code         string     `json:"code,omitempty"` // "" once purged: the code is free again
	Phase        string     `json:"phase"`
	Created      time.Time  `json:"created"`
	LastEvent    time.Time  `json:"last_event"`
	Participants int        `json:"participants"`
	Ideas        int        `json:"ideas"`
	Events       int64      `json:"events"`
	Exported     *time.Time `json:"exported"`       // the last `roundtable export`; null when never
	ExportedLast bool       `json:"export_current"` // exported after the last event
	Hosted       bool       `json:"hosted"`         // a running host serves it now
	Purged       *time.Time `json:"purged"`         // null while it has its events
	Lock         string     `json:"lock,omitempty"` // the lock file of the host serving it
	HostPID      int        `json:"host_pid,omitempty"`
	Node         string     `json:"node,omitempty"` // issue 17: the node of a cluster serving it
	// Issue 16: the programme the session belongs to and its day there.
	Programme string `json:"programme,omitempty"`
	Day       int    `json:"day,omitempty"`
}

func runSessions(ctx context.Context, p *lang.Printer, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("sessions", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", "roundtable.db", p.S("cli.flag.db"))
	asJSON := fl.Bool("json", false, p.S("cli.flag.json"))
	nats := fl.String("nats", "", p.S("cluster_data.flag.nats")) // issue 17: cluster_data.go
	addLangFlag(fl, p.S("cli.flag.lang"))
	setUsage(fl, stderr, p, p.S("data.sessions.usage_line")+"\n       "+p.S("cluster_data.sessions.usage_line"),
		p.S("data.sessions.about")+"\n\n"+p.S("cluster_data.sessions.about"))
	if err := parseFlags(fl, p, args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return usageError{p.S("cli.unexpected_argument", "Arg", fl.Arg(0))}
	}
	if err := whereProblem(p, fl); err != nil {
		return err
	}
	if given(fl, "nats") {
		return sessionsCluster(ctx, p, natsURLs(*nats), *asJSON, stdout)
	}
	st, err := openExisting(p, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.Summaries(ctx)
	if err != nil {
		return err
	}
	rows := make([]sessionJSON, len(list))
	for i, s := range list {
		rows[i] = sessionRow(*db, s)
	}
	if *asJSON {
		return printJSON(stdout, rows)
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, p.S("data.sessions.none", "Path", *db))
		return nil
	}
	return printSessions(p, stdout, list, rows) // issue 16: in 80 columns (sessions_table.go)
}

// printJSON writes the list as `roundtable sessions --json` does.
func printJSON(w io.Writer, rows []sessionJSON) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

// sessionRow is what the list says of session s of database db.
func sessionRow(db string, s store.Summary) sessionJSON {
	r := summaryRow(s)
	if s.Purged() {
		return r
	}
	if held, err := sessionHeld(db, s.ID); err == nil && held != nil {
		r.Hosted, r.Lock, r.HostPID = true, held.Path, held.PID
	}
	return r
}

// summaryRow is what the list says of session s wherever it is kept,
// besides who serves it.
func summaryRow(s store.Summary) sessionJSON {
	r := sessionJSON{ID: s.ID, Title: s.Title, Code: s.Code, Phase: string(s.Phase), Created: s.CreatedAt.UTC(),
		LastEvent: s.LastEventAt.UTC(), Participants: s.Participants, Ideas: s.Ideas, Events: s.LastSeq,
		ExportedLast: s.Exported(), Programme: s.Programme, Day: s.Day}
	if !s.ExportedAt.IsZero() {
		t := s.ExportedAt.UTC()
		r.Exported = &t
	}
	if s.Purged() {
		t := s.PurgedAt.UTC()
		r.Purged, r.Code = &t, ""
	}
	return r
}

// dataState is the DATA column: purged, hosted now, exported or not.
func dataState(p *lang.Printer, r sessionJSON) string {
	switch {
	case r.Purged != nil:
		return p.S("data.sessions.purged", "When", when(*r.Purged))
	case r.Hosted && r.Node != "":
		return p.S("cluster_data.sessions.served", "Node", r.Node)
	case r.Hosted:
		return p.S("data.sessions.hosted")
	case r.Exported == nil:
		return p.S("data.sessions.not_exported")
	case r.ExportedLast:
		return p.S("data.sessions.exported", "When", when(*r.Exported))
	}
	return p.S("data.sessions.stale_export", "When", when(*r.Exported))
}

// when is a time as the data's commands write it: local, to the minute.
func when(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }

package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"roundtable/lang"
	"roundtable/server"
	"roundtable/session/store"
)

// retention is host --retain: how long a session is kept after its last
// event. It reads Go durations (12h, 90m) and whole days (30d); 0 keeps
// every session.
type retention struct {
	d    time.Duration
	text string // as given, for the start note
	p    *lang.Printer
}

func (r *retention) String() string {
	if r == nil || r.text == "" {
		return "0"
	}
	return r.text
}

func (r *retention) Set(s string) error {
	s = strings.TrimSpace(s)
	d, err := parseRetention(s)
	if err != nil {
		return errors.New(r.p.S("data.retain.bad", "Value", s))
	}
	r.d, r.text = d, s
	return nil
}

// parseRetention reads 30d, 12h, 90m or 0.
func parseRetention(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, errors.New("not a number of days")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("not a duration")
	}
	return d, nil
}

// addRetainFlag defines --retain on fs.
func addRetainFlag(fs *flag.FlagSet, p *lang.Printer) *retention {
	r := &retention{p: p}
	fs.Var(r, "retain", p.S("data.retain.flag"))
	return r
}

// retainEvery is how often a host with --retain looks for old sessions
// after its start.
const retainEvery = 24 * time.Hour

// retainOutcome is what one pass of the retention did with one session.
type retainOutcome struct {
	ID     string
	Purged *purged // set when purged
	Err    error   // why not (a *heldError, a *notExportedError, a failure)
}

// retainOnce purges the sessions of st (database db) whose last event is
// older than keep at now, except the host's own (self) and those a purge
// would refuse: held by a running host, or not exported since their last
// event while they have participants or ideas. It logs each.
func retainOnce(ctx context.Context, st *store.Store, db, self string, keep time.Duration, now time.Time, log *slog.Logger) []retainOutcome {
	list, err := st.Sessions(ctx)
	if err != nil {
		log.Error("retention: listing sessions", "err", err)
		return nil
	}
	var out []retainOutcome
	cutoff := now.Add(-keep)
	for _, info := range list {
		if info.ID == self || info.Purged() || !info.LastEventAt.Before(cutoff) {
			continue
		}
		attrs := []any{"session", info.ID, "title", info.Title, "last_event", info.LastEventAt, "retain", keep.String()}
		sum, err := st.Summary(ctx, info.ID)
		var done purged
		if err == nil {
			done, err = purgeSession(ctx, st, db, sum, false)
		}
		o := retainOutcome{ID: info.ID, Err: err}
		var held *heldError
		var notExported *notExportedError
		switch {
		case errors.As(err, &held):
			log.Warn("retention: session kept: a running host serves it", append(attrs, "pid", held.PID)...)
		case errors.As(err, &notExported):
			log.Warn("retention: session kept: not exported since its last event (roundtable export it, or roundtable purge --force)", attrs...)
		case err != nil && !errors.Is(err, store.ErrNotScrubbed):
			log.Error("retention: purging a session", append(attrs, "err", err)...)
		default:
			o.Purged = &done
			log.Info("retention: session purged", append(attrs, "participants", done.Participants, "ideas", done.Ideas,
				"events", done.LastSeq, "ssh_entries", done.SSH, "err", err, "ssh_err", done.SSHErr)...)
		}
		out = append(out, o)
	}
	purgedN := 0
	for _, o := range out {
		if o.Purged != nil {
			purgedN++
		}
	}
	log.Info("retention: pass done", "retain", keep.String(), "sessions", len(list), "purged", purgedN, "kept", len(out)-purgedN)
	return out
}

// startRetention runs the retention of a host beside it when keep is set
// (host --retain), and returns what stops it and waits until it stopped.
func startRetention(ctx context.Context, h *server.Host, db string, keep time.Duration, log *slog.Logger) (stop func()) {
	if keep <= 0 {
		return func() {}
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		retainLoop(rctx, h.Store, db, h.SessionID, keep, log, h.Done())
	}()
	return func() {
		cancel()
		<-done
	}
}

// retainLoop runs retainOnce at once and then every retainEvery until ctx
// ends or stop is closed.
func retainLoop(ctx context.Context, st *store.Store, db, self string, keep time.Duration, log *slog.Logger, stop <-chan struct{}) {
	tick := time.NewTicker(retainEvery)
	defer tick.Stop()
	for {
		retainOnce(ctx, st, db, self, keep, time.Now(), log)
		select {
		case <-ctx.Done():
			return
		case <-stop:
			return
		case <-tick.C:
		}
	}
}

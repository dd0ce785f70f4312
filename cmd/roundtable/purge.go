package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/session/store"
	"roundtable/sshd"
	"roundtable/tui"
)

// notExportedError is the refusal to purge a session whose road map was not
// exported since its last event.
type notExportedError struct{ info store.Summary }

func (e *notExportedError) Error() string {
	return fmt.Sprintf("session %s was not exported since its last event", e.info.ID)
}

// purged is what purging one session did.
type purged struct {
	store.Summary     // the tombstone
	SSH           int // SSH keys and rejoin codes removed
	// SSHErr is why the SSH participants file could not be cleaned; the
	// session is purged all the same.
	SSHErr error
}

// purgeSession purges session sum of st (database db) when nothing stops
// it: a running host that holds it (*heldError), its road map not exported
// since its last event while it has participants or ideas
// (*notExportedError; force purges anyway). It holds the session's lock
// while it purges, so that no host starts on it meanwhile, then removes its
// participants' SSH keys and rejoin codes. The returned error may be
// store.ErrNotScrubbed with a purge done.
func purgeSession(ctx context.Context, st *store.Store, db string, sum store.Summary, force bool) (purged, error) {
	if !force && !sum.Exported() && (sum.Participants > 0 || sum.Ideas > 0) {
		return purged{}, &notExportedError{info: sum}
	}
	lock, err := lockSession(db, sum.ID)
	if err != nil {
		return purged{}, err
	}
	defer lock.release()
	tomb, err := st.Purge(ctx, sum.ID)
	if err != nil && !errors.Is(err, store.ErrNotScrubbed) {
		return purged{}, err
	}
	out := purged{Summary: tomb}
	out.SSH, out.SSHErr = sshd.ForgetSession(sshStorePath(db), sum.Code)
	return out, err
}

func runPurge(ctx context.Context, p *lang.Printer, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("purge", flag.ContinueOnError)
	fl.SetOutput(stderr)
	db := fl.String("db", "roundtable.db", p.S("cli.flag.db"))
	id := fl.String("session", "", p.S("data.purge.flag.session"))
	yes := fl.Bool("yes", false, p.S("data.purge.flag.yes"))
	force := fl.Bool("force", false, p.S("data.purge.flag.force"))
	nats := fl.String("nats", "", p.S("cluster_data.flag.nats")) // issue 17: cluster_data.go
	addLangFlag(fl, p.S("cli.flag.lang"))
	setUsage(fl, stderr, p, p.S("data.purge.usage_line")+"\n       "+p.S("cluster_data.purge.usage_line"),
		p.S("data.purge.about")+"\n\n"+p.S("cluster_data.purge.about"))
	if err := parseFlags(fl, p, args); err != nil {
		return err
	}
	switch {
	case fl.NArg() > 0:
		return usageError{p.S("cli.unexpected_argument", "Arg", fl.Arg(0))}
	case *id == "":
		return usageError{p.S("data.purge.no_session_flag")}
	case *id == "latest":
		return usageError{p.S("data.purge.latest")}
	}
	if err := whereProblem(p, fl); err != nil {
		return err
	}
	if given(fl, "nats") {
		return purgeCluster(ctx, p, natsURLs(*nats), *id, *yes, *force, stdin, stdout, stderr)
	}
	st, err := openExisting(p, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	sum, err := st.Summary(ctx, *id)
	if session.ErrorCode(err) == session.ENOTFOUND {
		return sayErr{p.S("data.purge.no_such", "ID", *id, "Path", *db), err}
	}
	if err != nil {
		return err
	}
	if sum.Purged() {
		// Purging again scrubs again: the way to finish a scrub that
		// another reader of the database stopped.
		if err := st.Scrub(ctx); err != nil {
			return scrubProblem(p, *db, err)
		}
		fmt.Fprintln(stdout, p.S("data.purge.already", "ID", sum.ID, "When", when(sum.PurgedAt)))
		return nil
	}
	if held, err := sessionHeld(*db, sum.ID); err != nil {
		return err
	} else if held != nil {
		return heldProblem(p, held)
	}
	if !*force && !sum.Exported() && (sum.Participants > 0 || sum.Ideas > 0) {
		return notExportedProblem(p, "--db "+shellQuote(*db), sum)
	}
	fmt.Fprintln(stderr, describe(p, sum))
	if !*yes {
		fmt.Fprintf(stderr, "%s\n%s", p.S("data.purge.what"), p.S("data.purge.ask"))
		if !confirmed(stdin, sum) {
			fmt.Fprintln(stderr)
			return errors.New(p.S("data.purge.not_confirmed"))
		}
	}
	done, err := purgeSession(ctx, st, *db, sum, *force)
	var held *heldError
	var notExported *notExportedError
	switch {
	case errors.As(err, &held):
		return heldProblem(p, held)
	case errors.As(err, &notExported):
		return notExportedProblem(p, "--db "+shellQuote(*db), notExported.info)
	case session.ErrorCode(err) == session.ECONFLICT:
		return sayErr{p.S("data.purge.changed", "ID", sum.ID), err}
	case err != nil && !errors.Is(err, store.ErrNotScrubbed):
		return err
	}
	fmt.Fprintln(stdout, p.S("data.purge.done", "ID", done.ID, "Title", done.Title))
	if done.SSH > 0 {
		fmt.Fprintln(stdout, p.N("data.purge.ssh_forgot", done.SSH))
	}
	if done.SSHErr != nil {
		fmt.Fprintln(stderr, p.S("data.purge.ssh_failed", "Path", sshStorePath(*db), "Err", done.SSHErr))
	}
	if err != nil {
		return scrubProblem(p, *db, err)
	}
	return nil
}

// describe is the session in two lines: what it is, and its size.
func describe(p *lang.Printer, s store.Summary) string {
	return p.S("data.purge.summary", "ID", s.ID, "Title", s.Title, "Created", when(s.CreatedAt), "Last", when(s.LastEventAt),
		"Phase", tui.PhaseName(p, s.Phase)) + "\n  " + strings.Join([]string{p.N("data.count.participants", s.Participants),
		p.N("data.count.ideas", s.Ideas), p.N("data.count.events", int(s.LastSeq))}, " · ")
}

// confirmed reads one line from in and reports whether it is the
// session's id or its title (letter case aside).
func confirmed(in io.Reader, s store.Summary) bool {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return false
	}
	answer := strings.TrimSpace(line)
	return answer != "" && (answer == s.ID || (s.Title != "" && lang.Fold(answer) == lang.Fold(strings.TrimSpace(s.Title))))
}

// heldProblem says which host holds the session.
func heldProblem(p *lang.Printer, h *heldError) error {
	return sayErr{p.S("data.purge.held", "ID", h.ID, "PID", h.PID, "Path", h.Path), h}
}

// notExportedProblem says that the session needs an export first, and how;
// where is the export's flag that names the data ("--db FILE", "--nats URL").
func notExportedProblem(p *lang.Printer, where string, s store.Summary) error {
	return sayErr{fmt.Sprintf("%s\n  roundtable export %s --session %s -o roadmap-%s.md\n%s",
		p.S("data.purge.not_exported", "ID", s.ID, "Title", s.Title, "Last", when(s.LastEventAt)),
		where, s.ID, s.ID, p.S("data.purge.or_force")), &notExportedError{info: s}}
}

// scrubProblem says why the file may still hold purged data.
func scrubProblem(p *lang.Printer, db string, err error) error {
	if errors.Is(err, store.ErrNotScrubbed) {
		return sayErr{p.S("data.purge.not_scrubbed", "Path", db+"-wal"), err}
	}
	return err
}

// purgedProblem says that a session asked for by export or host was
// purged; nil when err is not a *store.PurgedError.
func purgedProblem(p *lang.Printer, err error) error {
	var pe *store.PurgedError
	if !errors.As(err, &pe) {
		return nil
	}
	return sayErr{p.S("data.purged", "ID", pe.Info.ID, "Title", pe.Info.Title, "When", when(pe.Info.PurgedAt)), err}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"roundtable/cluster"
	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/store"
)

// The data's commands against a cluster (issue 17): `export`, `sessions`
// and `purge` with --nats read and purge the cluster's log through any
// node's NATS client port, with the same checks and output as on a
// database (--db).

// natsURLs reads --nats: URLs separated by commas; a bare host:port is
// nats://host:port.
func natsURLs(s string) []string {
	var out []string
	for _, u := range strings.Split(s, ",") {
		u = strings.TrimSpace(u)
		if u == "" {
			continue
		}
		if !strings.Contains(u, "://") {
			u = "nats://" + u
		}
		out = append(out, u)
	}
	return out
}

// whereProblem refuses a command line that names both a database and a
// cluster, or a cluster without an address.
func whereProblem(p *lang.Printer, fl *flag.FlagSet) error {
	if !given(fl, "nats") {
		return nil
	}
	if given(fl, "db") {
		return usageError{p.S("cluster_data.db_and_nats")}
	}
	if len(natsURLs(fl.Lookup("nats").Value.String())) == 0 {
		return usageError{p.S("cluster_data.no_urls")}
	}
	return nil
}

// openCluster connects to the cluster at urls.
func openCluster(ctx context.Context, p *lang.Printer, urls []string) (*cluster.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	c, err := cluster.ConnectURLs(cctx, urls)
	if err != nil {
		return nil, sayErr{p.S("cluster_data.connect", "URL", strings.Join(urls, ","), "Err", err), err}
	}
	return c, nil
}

// clusterSession finds the id of the session an export names: by join
// code, the latest, or by id.
func clusterSession(ctx context.Context, p *lang.Printer, c *cluster.Conn, url, id, code string) (string, error) {
	var rec cluster.Record
	var err error
	switch {
	case code != "":
		code = protocol.NormalizeCode(code)
		if rec, err = c.SessionByCode(ctx, code); session.ErrorCode(err) == session.ENOTFOUND {
			return "", sayErr{p.S("cluster_data.no_code", "Code", code, "URL", url), err}
		}
	case id == "latest":
		if rec, err = c.Latest(ctx); session.ErrorCode(err) == session.ENOTFOUND {
			return "", sayErr{p.S("cluster_data.none", "URL", url), err}
		}
	default:
		if rec, _, err = c.Session(ctx, id); session.ErrorCode(err) == session.ENOTFOUND {
			return "", sayErr{p.S("cluster_data.no_session", "ID", id, "URL", url), err}
		}
	}
	return rec.ID, err
}

// exportCluster writes the road map of a session of the cluster at urls,
// replayed from its log, and records the export in its record.
func exportCluster(ctx context.Context, p *lang.Printer, urls []string, id, code string, w roadmapWrite, now func() time.Time, stdout, stderr io.Writer) error {
	c, err := openCluster(ctx, p, urls)
	if err != nil {
		return err
	}
	defer c.Close()
	url := strings.Join(urls, ",")
	if id, err = clusterSession(ctx, p, c, url, id, code); err != nil {
		return err
	}
	info, state, err := c.Replay(ctx, id)
	if said := purgedProblem(p, err); said != nil {
		return said
	}
	if err != nil {
		return err
	}
	if err := writeRoadmap(p, state, info.ID, w, now, stdout, stderr); err != nil {
		return err
	}
	if err := c.MarkExported(ctx, info.ID, time.Time{}); err != nil {
		fmt.Fprintln(stderr, p.S("cluster_data.export.not_recorded", "Err", err))
	}
	return nil
}

// sessionsCluster lists the sessions of the cluster at urls as `roundtable
// sessions` lists a database's.
func sessionsCluster(ctx context.Context, p *lang.Printer, urls []string, asJSON bool, stdout io.Writer) error {
	c, err := openCluster(ctx, p, urls)
	if err != nil {
		return err
	}
	defer c.Close()
	list, err := c.Summaries(ctx)
	if err != nil {
		return err
	}
	sums := make([]store.Summary, len(list))
	rows := make([]sessionJSON, len(list))
	for i, s := range list {
		sums[i] = s.Summary
		rows[i] = summaryRow(s.Summary)
		if !s.Purged() && s.Owner != "" {
			rows[i].Hosted, rows[i].Node = true, s.Owner
		}
	}
	if asJSON {
		return printJSON(stdout, rows)
	}
	if len(list) == 0 {
		fmt.Fprintln(stdout, p.S("cluster_data.none", "URL", strings.Join(urls, ",")))
		return nil
	}
	return printSessions(p, stdout, sums, rows)
}

// purgeCluster purges session id of the cluster at urls, with the checks
// and the confirmation of a database's purge: not while a node serves it,
// not before an export unless force, the id or title typed unless yes.
func purgeCluster(ctx context.Context, p *lang.Printer, urls []string, id string, yes, force bool, stdin io.Reader, stdout, stderr io.Writer) error {
	c, err := openCluster(ctx, p, urls)
	if err != nil {
		return err
	}
	defer c.Close()
	url := strings.Join(urls, ",")
	sum, err := c.Summary(ctx, id)
	if session.ErrorCode(err) == session.ENOTFOUND {
		return sayErr{p.S("cluster_data.no_session", "ID", id, "URL", url), err}
	}
	if err != nil {
		return err
	}
	if sum.Purged() {
		// Purging again erases again: the way to finish an erase that
		// failed half way.
		if err := c.Erase(ctx, id); err != nil {
			return sayErr{p.S("cluster_data.purge.not_erased", "ID", id, "Err", err), err}
		}
		fmt.Fprintln(stdout, p.S("cluster_data.purge.already", "ID", sum.ID, "When", when(sum.PurgedAt)))
		return nil
	}
	if sum.Owner != "" {
		return servedProblem(p, &cluster.ServedError{ID: id, Node: sum.Owner})
	}
	if !force && !sum.Exported() && (sum.Participants > 0 || sum.Ideas > 0) {
		return notExportedProblem(p, "--nats "+shellQuote(url), sum.Summary)
	}
	fmt.Fprintln(stderr, describe(p, sum.Summary))
	if !yes {
		fmt.Fprintf(stderr, "%s\n%s", p.S("cluster_data.purge.what"), p.S("data.purge.ask"))
		if !confirmed(stdin, sum.Summary) {
			fmt.Fprintln(stderr)
			return errors.New(p.S("data.purge.not_confirmed"))
		}
	}
	tomb, err := c.Purge(ctx, id)
	var served *cluster.ServedError
	var pe *store.PurgedError
	switch {
	case errors.As(err, &served):
		return servedProblem(p, served)
	case errors.As(err, &pe):
		fmt.Fprintln(stdout, p.S("cluster_data.purge.already", "ID", pe.Info.ID, "When", when(pe.Info.PurgedAt)))
		return nil
	case err != nil && tomb.Purged(): // the tombstone is written; the log is not all erased
		return sayErr{p.S("cluster_data.purge.not_erased", "ID", id, "Err", err), err}
	case session.ErrorCode(err) == session.ECONFLICT:
		return sayErr{p.S("cluster_data.purge.changed", "ID", id), err}
	case err != nil:
		return err
	}
	fmt.Fprintln(stdout, p.S("data.purge.done", "ID", tomb.ID, "Title", tomb.Title))
	return nil
}

// servedProblem says which node serves the session.
func servedProblem(p *lang.Printer, e *cluster.ServedError) error {
	return sayErr{p.S("cluster_data.purge.served", "ID", e.ID, "Node", e.Node), e}
}

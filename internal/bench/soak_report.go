package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// SoakResult is what a soak saw. Failures is empty when the soak passed:
// no connection dropped, every command was answered, every replica
// converged and the host stopped cleanly.
type SoakResult struct {
	Participants  int      `json:"participants"`
	OneAddress    bool     `json:"one_address"` // every participant dialled from 127.0.0.1
	Duration      string   `json:"duration"`
	HostCommand   string   `json:"host_command"` // the host as the soak ran it
	Machine       string   `json:"machine"`
	Started       string   `json:"started"`
	WallS         float64  `json:"wall_s"`
	Schedule      []Spell  `json:"schedule"`
	LongestQuietS float64  `json:"longest_quiet_s"`
	Dir           string   `json:"dir,omitempty"`      // kept with --keep: soak.db, host.out (stdout), host.log (stderr)
	LogFile       string   `json:"log_file,omitempty"` // the host's stderr (host.log)
	Failures      []string `json:"failures"`
	Notes         []string `json:"notes,omitempty"`

	Pings SoakPings `json:"pings"` // as the ping probe saw them

	UnexpectedCloses int            `json:"unexpected_closes"` // connections that dropped, all clients and the probe
	Reconnects       int            `json:"reconnects"`
	ClientsDropped   int            `json:"clients_dropped"` // clients with at least one drop
	CloseReasons     map[string]int `json:"close_reasons,omitempty"`
	Closes           []SoakClose    `json:"closes,omitempty"` // the first 200

	Commands struct {
		Sent   int64            `json:"sent"`
		Acked  int64            `json:"acked"`
		Nacked map[string]int64 `json:"nacked,omitempty"` // by error code
		Lost   int64            `json:"lost"`             // still in an outbox at the end
	} `json:"commands"`

	Replicas struct {
		HubSeq    int64    `json:"hub_seq"`
		Checked   int      `json:"checked"`
		Converged int      `json:"converged"`
		Diverged  []string `json:"diverged,omitempty"`
		Ideas     int      `json:"ideas"`
		Comments  int      `json:"comments"`
	} `json:"replicas"`

	Host SoakHostRecord `json:"host"`
}

// SoakPings is what the ping probe saw: the intervals between two pings on
// one connection.
type SoakPings struct {
	Intervals int     `json:"intervals"`
	MedianS   float64 `json:"median_s"`
	MinS      float64 `json:"min_s"`
	MaxS      float64 `json:"max_s"`
}

// SoakHostRecord is the host process over the soak.
type SoakHostRecord struct {
	StartRSS     uint64       `json:"start_rss_bytes"` // before anyone joined
	PeakRSS      uint64       `json:"peak_rss_bytes"`
	End          HostSample   `json:"end"`               // after the last burst, everyone still connected
	Idle         []HostSample `json:"idle"`              // at the end of each quiet spell
	IdleGrowth   int64        `json:"idle_growth_bytes"` // last idle reading minus the first
	IdleGrowthPc float64      `json:"idle_growth_pct"`   // of the first
	PeakThreads  int          `json:"peak_threads"`      // OS threads
	Exit         string       `json:"exit"`              // how it ended when the soak stopped it
	Samples      []HostSample `json:"samples,omitempty"` // every 5 s
}

// fill computes the peak and the idle growth from the samples.
func (h *SoakHostRecord) fill() {
	for _, s := range h.Samples {
		h.PeakRSS = max(h.PeakRSS, s.RSS)
		h.PeakThreads = max(h.PeakThreads, s.Threads)
	}
	if n := len(h.Idle); n >= 2 && h.Idle[0].RSS > 0 {
		h.IdleGrowth = int64(h.Idle[n-1].RSS) - int64(h.Idle[0].RSS)
		h.IdleGrowthPc = float64(int64(float64(h.IdleGrowth)/float64(h.Idle[0].RSS)*1000)) / 10
	}
}

// gather adds up the clients' and the probe's records.
func (r *SoakResult) gather(clients []*soakClient, probe *pingProbe) {
	var all []SoakClose
	r.Commands.Nacked = map[string]int64{}
	for _, c := range clients {
		closes, reconnects, sent, acked, nacks := c.record()
		all = append(all, closes...)
		if len(closes) > 0 {
			r.ClientsDropped++
		}
		r.Reconnects += reconnects
		r.Commands.Sent += sent
		r.Commands.Acked += acked
		for code, n := range nacks {
			r.Commands.Nacked[code] += n
		}
		c.mu.Lock()
		r.Commands.Lost += int64(c.pending)
		c.mu.Unlock()
	}
	if probe != nil {
		probe.mu.Lock()
		all = append(all, probe.closes...)
		r.Reconnects += probe.redials
		if len(probe.closes) > 0 {
			r.ClientsDropped++
		}
		probe.mu.Unlock()
	}
	slices.SortStableFunc(all, func(a, b SoakClose) int {
		switch {
		case a.AtS < b.AtS:
			return -1
		case a.AtS > b.AtS:
			return 1
		}
		return 0
	})
	r.UnexpectedCloses = len(all)
	r.CloseReasons = map[string]int{}
	for _, c := range all {
		r.CloseReasons[c.Reason]++
	}
	r.Closes = all[:min(len(all), 200)]
}

// verdict fills Failures from the record.
func (r *SoakResult) verdict() {
	r.Failures = nil
	fail := func(format string, args ...any) { r.Failures = append(r.Failures, fmt.Sprintf(format, args...)) }
	if r.UnexpectedCloses > 0 {
		fail("%d unexpected connection closes (%d clients dropped at least once)", r.UnexpectedCloses, r.ClientsDropped)
	}
	if r.Commands.Lost > 0 {
		fail("%d commands never answered", r.Commands.Lost)
	}
	if r.Commands.Acked == 0 {
		fail("no command was acknowledged")
	}
	if r.Replicas.Checked == 0 || r.Replicas.Converged != r.Replicas.Checked || len(r.Replicas.Diverged) > 0 {
		fail("%d of %d replicas converged to the hub's view", r.Replicas.Converged, r.Replicas.Checked)
	}
	if r.Host.Exit != "exit 0" {
		fail("the host did not stop cleanly: %s", r.Host.Exit)
	}
	if r.LongestQuietS > 2*ShippedPingPeriod.Seconds() && r.Pings.Intervals == 0 {
		r.Notes = append(r.Notes, "the probe saw no ping, although quiet spells were longer than the shipped ping period")
	}
}

// Passed reports whether the soak found nothing wrong.
func (r *SoakResult) Passed() bool { return len(r.Failures) == 0 }

// WriteSoakText writes a soak's result for people.
func WriteSoakText(w io.Writer, r *SoakResult) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	mib := func(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
	bursts, quiets := 0, 0
	var spells []string
	for _, s := range r.Schedule {
		if s.Kind == "quiet" {
			quiets++
			spells = append(spells, fmt.Sprintf("%.0f", s.Seconds))
		} else {
			bursts++
		}
	}
	from := "each from its own loopback address"
	if r.OneAddress {
		from = "all from 127.0.0.1"
	}
	p("Roundtable soak: %d participants (%s), a facilitator and a ping probe; %s planned, %.0f s in all", r.Participants, from, r.Duration, r.WallS)
	p("Host             %s", r.HostCommand)
	p("%s", r.Machine)
	p("Schedule         %d bursts, %d quiet spells (s): %s", bursts, quiets, strings.Join(spells, ", "))
	if r.Pings.Intervals > 0 {
		p("Pings            every %.1f s (median of %d; %.1f to %.1f s); longest quiet spell %.0f s = %.1f× that",
			r.Pings.MedianS, r.Pings.Intervals, r.Pings.MinS, r.Pings.MaxS, r.LongestQuietS, r.LongestQuietS/r.Pings.MedianS)
	} else {
		p("Pings            none seen; longest quiet spell %.0f s", r.LongestQuietS)
	}
	p("Unexpected closes %d (%d clients dropped at least once), reconnects %d", r.UnexpectedCloses, r.ClientsDropped, r.Reconnects)
	for _, reason := range slices.Sorted(maps.Keys(r.CloseReasons)) {
		p("                 %5d × %s", r.CloseReasons[reason], reason)
	}
	if len(r.Closes) > 0 {
		byDuring := map[string]int{}
		for _, c := range r.Closes {
			byDuring[c.During]++
		}
		var parts []string
		for _, d := range slices.Sorted(maps.Keys(byDuring)) {
			parts = append(parts, fmt.Sprintf("%s: %d", d, byDuring[d]))
		}
		p("                 when (first %d): %s", len(r.Closes), strings.Join(parts, "; "))
		for _, c := range r.Closes[:min(3, len(r.Closes))] {
			p("                 e.g. %.1f s after the joins, %s, %s: %s", c.AtS, c.During, c.Client, c.Reason)
		}
	}
	c := r.Commands
	p("Commands         %d sent, %d acked, %d lost", c.Sent, c.Acked, c.Lost)
	if len(c.Nacked) > 0 {
		var parts []string
		for _, code := range slices.Sorted(maps.Keys(c.Nacked)) {
			parts = append(parts, fmt.Sprintf("%s %d", code, c.Nacked[code]))
		}
		p("                 refused: %s", strings.Join(parts, ", "))
	}
	rp := r.Replicas
	p("Replicas         %d of %d participants' replicas equal the hub's view at seq %d (%d ideas, %d comments)", rp.Converged, rp.Checked, rp.HubSeq, rp.Ideas, rp.Comments)
	for _, d := range rp.Diverged {
		p("                 %s", d)
	}
	h := r.Host
	p("Host memory      resident: %s at start, peak %s, %s at the end (%d connections)", mib(h.StartRSS), mib(h.PeakRSS), mib(h.End.RSS), h.End.Connections)
	if n := len(h.Idle); n > 0 {
		var parts []string
		for _, s := range h.Idle {
			parts = append(parts, fmt.Sprintf("%.1f", float64(s.RSS)/(1<<20)))
		}
		p("                 idle readings (MiB, end of each quiet spell): %s", strings.Join(parts, ", "))
		if n >= 2 {
			p("                 last idle minus first: %+.1f MiB (%+.1f%%)", float64(h.IdleGrowth)/(1<<20), h.IdleGrowthPc)
		}
	}
	p("                 OS threads at most %d; goroutines are not reported by the host", h.PeakThreads)
	p("Host stop        %s", h.Exit)
	if r.Dir != "" {
		p("Kept             %s (soak.db; host.out and host.log: what the host printed on stdout and stderr; the host's own log beside the database, if it keeps one)", r.Dir)
	}
	for _, n := range r.Notes {
		p("Note: %s", n)
	}
	if r.Passed() {
		p("PASSED           no unexpected close, no command lost, every replica converged")
		return
	}
	for _, f := range r.Failures {
		p("FAILED           %s", f)
	}
}

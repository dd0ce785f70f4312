package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// WriteText writes a result for people.
func WriteText(w io.Writer, r *Result) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	lat := func(l Latency) string {
		if l.Count == 0 {
			return "not measured"
		}
		return fmt.Sprintf("p50 %.2f ms · p95 %.2f ms · p99 %.2f ms · max %.2f ms (%d)", l.P50, l.P95, l.P99, l.Max, l.Count)
	}
	goal := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	p("Roundtable bench: %d participants, %s of workshop load offered at %.0f commands/s; hub: %s, pinging every %s", r.Participants, r.Duration, r.Rate, r.Hub, r.PingPeriod)
	p("%s", r.Machine)
	p("")
	p("Joins            %d in %.2f s (%.0f/s); dial to welcome %s", r.Participants, r.Join.WallMS/1000, r.Join.PerSecond, lat(r.Join.Latency))
	if r.Join.HubCPUPct > 0 {
		p("                 while joining: hub CPU %.0f%% of one core, participants' %.0f%%", r.Join.HubCPUPct, r.Join.BotsCPUPct)
	}
	p("Fan-out, quiet   %s", lat(r.FanoutQuiet))
	p("Raw baseline     %s", lat(r.Raw))
	if r.Raw.Count > 0 {
		p("                 quiet/raw p99 %.2f× (goal ≤ 2×: %s)", r.RatioQuiet, goal(r.RatioQuiet <= 2))
	}
	p("Fan-out, load    %s", lat(r.FanoutLoad))
	if r.RawLoad.Count > 0 {
		p("Raw, under load  %s", lat(r.RawLoad))
		p("                 load/raw-under-load p99 %.2f×; load/quiet-raw p99 %.2f×", r.RatioLoad, r.RatioLoadQuietRaw)
	}
	p("Spread, load     %s (first to last participant)", lat(r.Spread))
	p("Ack latency      %s", lat(r.Ack))
	l := r.Load
	p("Load             %d events (%.1f/s), %.0f frames/s to participants; commands: %d sent, %d acked, %d sent again after a rate-limit nack",
		l.Events, l.EventsPerSecond, l.FramesPerSecond, l.Sent, l.Acked, l.Retried)
	if len(l.Nacked) > 0 {
		var parts []string
		for _, code := range slices.Sorted(maps.Keys(l.Nacked)) {
			parts = append(parts, fmt.Sprintf("%s %d", code, l.Nacked[code]))
		}
		p("                 refused: %s", strings.Join(parts, ", "))
	}
	if l.HubCPUPct > 0 {
		p("Hub CPU          %.0f%% of one core during the load; %.1f µs per event (participants' CPU %.0f%%)", l.HubCPUPct, l.HubCPUPerEvent, l.BotsCPUPct)
	}
	m := r.Memory
	if m.Connections > 0 {
		p("Memory           per idle connection: %.1f KiB heap+stack (goal ≤ 16 KiB: %s), %.1f KiB resident",
			m.PerConnHeapStack/1024, goal(m.PerConnHeapStack <= 16<<10), m.PerConnRSS/1024)
		p("                 with %d connections: heap %.1f MiB, stacks %.1f MiB, resident %.1f MiB, %d goroutines",
			m.Connections, float64(m.HeapInuse)/(1<<20), float64(m.StackInuse)/(1<<20), float64(m.RSS)/(1<<20), m.Goroutines)
		p("                 read after the hub pinged %d of %d participants since they went idle", m.Pinged, r.Participants)
	}
	c := r.Commits
	if c.Group > 0 {
		p("Durable commits  %.0f/s with group commit, %.0f/s one per transaction (%.1f×; goal ≥ 20,000/s: %s)", c.Group, c.Single, c.Ratio, goal(c.Group >= 20000))
	}
	pr := r.Problems
	if pr == (Result{}).Problems {
		p("Problems         none: no gaps, no disconnects, every event reached every participant, every command answered")
	} else {
		p("Problems         %d gaps, %d disconnects, %d events not received by all, %d commands unanswered", pr.Gaps, pr.Disconnects, pr.IncompleteFanouts, pr.Unanswered)
	}
	for _, n := range r.Notes {
		p("Note: %s", n)
	}
	p("Run time         %.1f s", r.WallMS/1000)
}

package cluster

import (
	"slices"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// BenchmarkFailover kills the session's owner b.N times (the cluster of
// three in process, the killed node started again after each) and reports
// the time from the kill to the first command acknowledged by the new
// owner, sent by a facilitator at a node that lives: its median and max.
//
//	go test -run '^$' -bench Failover -benchtime 8x ./cluster/
func BenchmarkFailover(b *testing.B) {
	c := newTestCluster(b, 3)
	c.startAll()
	var times []time.Duration
	for i := 0; i < b.N; i++ {
		o := c.owner(-1)
		f := (o + 1) % 3
		fac := dial(b, c.from(f), client.Config{Token: testToken})
		fac.Send(session.Command{Type: session.CmdTimer, Action: session.TimerStart, Seconds: 60})
		eventually(b, "a command before the kill", 30*time.Second, func() bool { return fac.Pending() == 0 })
		start := time.Now()
		c.nodes[o].Kill()
		fac.Send(session.Command{Type: session.CmdTimer, Action: session.TimerStop})
		eventually(b, "the first command after the kill", 120*time.Second, func() bool { return fac.Pending() == 0 })
		times = append(times, time.Since(start))
		fac.Close()
		c.start(o) // back, as a follower
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "ms-median")
	b.ReportMetric(float64(times[len(times)-1].Milliseconds()), "ms-max")
	b.Logf("failover over %d kills: %v", len(times), times)
}

package server

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// gapLog records what a client logs, to find resumes for missed events.
type gapLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *gapLog) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
}

func (l *gapLog) missed() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, s := range l.lines {
		if strings.Contains(s, "missed events") {
			out = append(out, s)
		}
	}
	return out
}

// TestCrowdEndToEnd: through a real host and the client library, the
// participants of a crowd follow the counts, keep only themselves in
// their copy, get every other event without a gap, and the facilitator
// still sees everyone.
func TestCrowdEndToEnd(t *testing.T) {
	h := startTestHost(t, HostConfig{CrowdSize: 3})
	fac := dialClient(t, client.Config{URL: h.URL(), Token: testToken})
	logs := make([]*gapLog, 6)
	ps := make([]*client.Client, 6)
	for i := range ps {
		logs[i] = &gapLog{}
		ps[i] = dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: fmt.Sprintf("P%d", i),
			Institution: []string{"IRIA", "ASAN", "DOST"}[i%3], Logf: logs[i].logf})
	}
	want := protocol.Counts{Participants: 6, Online: 6, Institutions: 3}
	for i, p := range ps {
		waitFor(t, fmt.Sprintf("P%d's counts %+v", i, want), func() bool {
			n, ok := p.Crowd()
			return ok && n == want
		})
	}
	// Those who joined after the room became a crowd know only themselves.
	for _, p := range ps[3:] {
		me, _ := p.Me()
		if st := p.State(); len(st.Participants) != 1 || st.Participants[me] == nil {
			t.Errorf("%s's copy lists %d participants; want itself alone", me, len(st.Participants))
		}
	}
	// An idea after the joins reaches everyone, with no gap.
	ps[0].Send(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas}) // refused: not the facilitator
	fac.Send(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	waitFor(t, "P5 in the ideas phase", func() bool { return ps[5].State().Phase == session.PhaseIdeas })
	topic := fac.State().Topics[0].ID
	ps[5].Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "Şəffaflıq 🚀"})
	for i, p := range ps {
		waitFor(t, fmt.Sprintf("P%d gets the idea", i), func() bool { return len(p.State().Ideas) == 1 })
	}
	// One leaves: the counts say so; the facilitator's online list too.
	ps[4].Close()
	want.Online = 5
	waitFor(t, "P0's counts after P4 left", func() bool { n, _ := ps[0].Crowd(); return n == want })
	waitFor(t, "the facilitator's online list", func() bool { return len(fac.Online()) == 5 })
	if _, ok := fac.Crowd(); ok {
		t.Errorf("the facilitator got counts; it gets everyone")
	}
	if n := len(fac.State().Participants); n != 6 {
		t.Errorf("the facilitator's copy lists %d participants; want 6", n)
	}
	for i, l := range logs {
		if m := l.missed(); len(m) > 0 {
			t.Errorf("P%d saw a gap: %q", i, m)
		}
	}
}

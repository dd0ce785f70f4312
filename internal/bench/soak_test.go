package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// hostOutput is what `roundtable host --headless` printed on 2026-12-02.
const hostOutput = `Roundtable — "Soak" (session c0e45de7, new session)

  Join code:  Q2PV7K

  Participants type one of:
    roundtable join 127.0.0.1:36615 --code Q2PV7K

  Facilitator token (keep it private): dparsjbiszyr723siwzv7zgumgajuzfucqasfzuifkhzbc6r33yq

Listening: ws://127.0.0.1:36615/ws
Press Ctrl+C to stop. To continue this session later: roundtable host --db /tmp/x.db --code Q2PV7K
`

func TestParseHostOutput(t *testing.T) {
	tests := map[string]struct {
		out     string
		want    hostInfo
		wantErr string
	}{
		"as printed": {out: hostOutput, want: hostInfo{URL: "ws://127.0.0.1:36615/ws", Code: "Q2PV7K", Token: "dparsjbiszyr723siwzv7zgumgajuzfucqasfzuifkhzbc6r33yq"}},
		"other wording and order": {
			out:  "Listening: 127.0.0.1:7777\nFacilitator token: abc\nContinuing session 1 (reopened)\nJoin code: K7Q2M (same as before)\n",
			want: hostInfo{URL: "ws://127.0.0.1:7777/ws", Code: "K7Q2M", Token: "abc"},
		},
		"IPv6 loopback": {
			out:  "Join code: K\nFacilitator token (keep it private): t\nListening: ws://[::1]:7777/ws\n",
			want: hostInfo{URL: "ws://[::1]:7777/ws", Code: "K", Token: "t"},
		},
		"the first of each wins": {
			out:  hostOutput + "Join code: OTHER\nListening: ws://127.0.0.2:1/ws\n",
			want: hostInfo{URL: "ws://127.0.0.1:36615/ws", Code: "Q2PV7K", Token: "dparsjbiszyr723siwzv7zgumgajuzfucqasfzuifkhzbc6r33yq"},
		},
		"no token printed":  {out: "Join code: K\nListening: ws://127.0.0.1:1/ws\n", want: hostInfo{URL: "ws://127.0.0.1:1/ws", Code: "K"}},
		"not loopback":      {out: "Listening: ws://192.0.2.7:7777/ws\n", wantErr: "not on a loopback address"},
		"a name, not an IP": {out: "Listening: ws://example.org:7777/ws\n", wantErr: "not on a loopback address"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got hostInfo
			var err error
			for _, line := range strings.Split(tc.out, "\n") {
				if err = parseHostLine(&got, line); err != nil {
					break
				}
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parsed %+v, %v; want %+v", got, err, tc.want)
			}
			if got.complete() != (tc.want.Token != "") {
				t.Fatalf("complete() = %v for %+v", got.complete(), got)
			}
		})
	}
}

// TestSoakSchedule: the default soak alternates bursts with quiet spells
// of 30 to 70 s, at least one of them longer than 2.5 ping periods, fits
// in its duration and ends with feedback.
func TestSoakSchedule(t *testing.T) {
	cfg, err := SoakConfig{HostBin: "roundtable", Duration: 12 * time.Minute}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	sched := soakSchedule(cfg)
	var total, longest float64
	quiets := map[float64]bool{}
	for i, s := range sched {
		total += s.Seconds
		if (i%2 == 0) != (s.Kind == "burst") {
			t.Fatalf("spell %d is a %s: bursts and quiet spells must alternate, starting with a burst: %+v", i, s.Kind, sched)
		}
		if s.Kind == "quiet" {
			if s.Seconds < 30 || s.Seconds > 70 {
				t.Errorf("quiet spell %d lasts %v s, outside 30–70 s", i, s.Seconds)
			}
			quiets[s.Seconds] = true
			longest = max(longest, s.Seconds)
		}
	}
	if total > cfg.Duration.Seconds() || total < cfg.Duration.Seconds()-cfg.Quiet.Seconds()*2-cfg.Burst.Seconds() {
		t.Errorf("the schedule lasts %v s for a %v soak", total, cfg.Duration)
	}
	if longest < 2.5*ShippedPingPeriod.Seconds() {
		t.Errorf("the longest quiet spell is %v s, not 2.5 ping periods (%v s)", longest, 2.5*ShippedPingPeriod.Seconds())
	}
	if len(quiets) < 5 {
		t.Errorf("quiet spells vary too little: %v", quiets)
	}
	if last := sched[len(sched)-1]; last.Kind != "burst" || last.Phase != "closed" {
		t.Errorf("the last spell is %+v, want the closed phase's burst", last)
	}
	phases := map[string]bool{}
	for _, s := range sched {
		phases[s.Phase] = true
	}
	for _, p := range []string{"ideas", "vote", "discuss", "closed"} {
		if !phases[p] {
			t.Errorf("no burst in the %s phase: %+v", p, sched)
		}
	}
}

// TestSoakVerdict: any drop, lost command, diverged replica or unclean
// stop fails the soak; a clean record passes.
func TestSoakVerdict(t *testing.T) {
	clean := func() *SoakResult {
		r := &SoakResult{LongestQuietS: 70, Pings: SoakPings{Intervals: 40, MedianS: 25}}
		r.Commands.Sent, r.Commands.Acked = 500, 500
		r.Replicas.Checked, r.Replicas.Converged = 65, 65
		r.Host.Exit = "exit 0"
		return r
	}
	tests := map[string]struct {
		change func(*SoakResult)
		want   string // in a failure; "" passes
	}{
		"clean":                  {func(*SoakResult) {}, ""},
		"nacks are not failures": {func(r *SoakResult) { r.Commands.Nacked = map[string]int64{"ELIMIT": 2} }, ""},
		"a drop":                 {func(r *SoakResult) { r.UnexpectedCloses, r.ClientsDropped = 3, 2 }, "3 unexpected connection closes"},
		"a lost command":         {func(r *SoakResult) { r.Commands.Lost = 1 }, "1 commands never answered"},
		"nothing acked":          {func(r *SoakResult) { r.Commands.Acked = 0 }, "no command was acknowledged"},
		"a diverged replica": {func(r *SoakResult) {
			r.Replicas.Converged = 64
			r.Replicas.Diverged = []string{"participant 3"}
		}, "64 of 65 replicas"},
		"no replica checked": {func(r *SoakResult) { r.Replicas.Checked, r.Replicas.Converged = 0, 0 }, "0 of 0 replicas"},
		"host killed":        {func(r *SoakResult) { r.Host.Exit = "killed: it had not stopped 20 s after an interrupt" }, "did not stop cleanly"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := clean()
			tc.change(r)
			r.verdict()
			var text bytes.Buffer
			WriteSoakText(&text, r)
			if tc.want == "" {
				if !r.Passed() || !strings.Contains(text.String(), "PASSED") {
					t.Fatalf("failures %q; report:\n%s", r.Failures, text.String())
				}
				return
			}
			if r.Passed() || !strings.Contains(strings.Join(r.Failures, "\n"), tc.want) {
				t.Fatalf("failures %q, want one saying %q", r.Failures, tc.want)
			}
			if !strings.Contains(text.String(), "FAILED") {
				t.Fatalf("the report does not say FAILED:\n%s", text.String())
			}
		})
	}
}

// TestSoakGather: drops are counted from both records a client keeps (its
// log and its status changes), whichever saw more.
func TestSoakGather(t *testing.T) {
	now := func() (string, float64) { return "quiet 1", 41.5 }
	a := &soakClient{name: "participant 1", now: now, nacks: map[string]int64{}, waiting: map[string]chan error{}}
	a.logf("roundtable client: connection lost: %v", "websocket: close 1006 (abnormal closure): unexpected EOF")
	a.logf("roundtable client: reconnected after %d attempt(s)", 1)
	a.logf("roundtable client: reconnect attempt %d: %v", 1, "refused")
	b := &soakClient{name: "participant 2", now: now, nacks: map[string]int64{}, offline: 2, online: 2, lastErr: "the host closed the connection (1006)"}
	c := &soakClient{name: "facilitator", now: now, nacks: map[string]int64{}, sent: 4, acked: 3, pending: 1}
	d := &soakClient{name: "participant 3", now: func() (string, float64) { return "burst 2 (vote)", 12 }, nacks: map[string]int64{}}
	d.logf("roundtable client: the facilitator stopped the host; waiting for it")
	r := &SoakResult{}
	r.gather([]*soakClient{a, b, c, d}, nil)
	if r.UnexpectedCloses != 4 || r.ClientsDropped != 3 || r.Reconnects != 3 {
		t.Fatalf("closes %d, clients dropped %d, reconnects %d; want 4, 3, 3", r.UnexpectedCloses, r.ClientsDropped, r.Reconnects)
	}
	if r.CloseReasons["host paused (4503)"] != 1 {
		t.Errorf("close reasons %v", r.CloseReasons)
	}
	if got := r.Closes[len(r.Closes)-1]; got.Client != "participant 1" || got.During != "quiet 1" || !strings.Contains(got.Reason, "1006") {
		t.Fatalf("last close %+v", got)
	}
	if r.Commands.Sent != 4 || r.Commands.Acked != 3 || r.Commands.Lost != 1 {
		t.Fatalf("commands %+v", r.Commands)
	}
}

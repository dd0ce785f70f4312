package client

import (
	"context"
	"encoding/json"
	"maps"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/session"
)

// fuzzState is a small session as a participant's replica holds it: a
// topic list, two participants, an idea and a vote.
func fuzzState(t testing.TB) *session.State {
	st := session.NewState("s1")
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	do := func(a session.Actor, c session.Command) []session.Event {
		evs, err := session.Decide(st, a, c, now)
		if err != nil {
			t.Fatalf("%s: %v", c.Type, err)
		}
		for i := range evs {
			evs[i].Seq = st.Seq + 1
			st.Apply(evs[i])
		}
		return evs
	}
	do(facilitator, session.Command{Type: session.CmdCreateSession})
	p1 := do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: "Aysel", Institution: "IRIA"})[0].ID
	do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: "Rashad", Institution: "MoE"})
	do(facilitator, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	idea := do(session.Actor{ID: p1, Role: session.RoleParticipant}, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Open data"})[0].ID
	do(facilitator, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	do(session.Actor{ID: p1, Role: session.RoleParticipant}, session.Command{Type: session.CmdVote, Item: idea, Delta: 1})
	return session.RedactState(st, session.Viewer{ID: p1, Role: session.RoleParticipant})
}

// FuzzClientFrame feeds the client's frame handling (what its reader does
// with each frame from the hub) arbitrary bytes, as a hostile or broken
// hub could send. It must never panic; the replica's sequence number only
// moves one event at a time, except on a roster, which may cover many, and
// never moves back; the outbox loses a command only to an ack or a final
// nack with its op id; the online set changes only on presence; the
// crowd's counts only on a roster.
func FuzzClientFrame(f *testing.F) {
	seeds := []string{
		`{"t":"event","event":{"seq":9,"type":"idea_posted","at":"2026-11-27T09:00:00Z","id":"i9","topic":"t1","text":"x","institution":"IRIA"}}`,
		`{"t":"event","event":{"seq":9,"type":"vote_cast","actor":"p5","item":"i8","delta":-7}}`,
		`{"t":"event","event":{"seq":9,"type":"votes_revealed","tallies":{"i8":-3,"nope":2}}}`,
		`{"t":"event","event":{"seq":9,"type":"group_created","id":"g9","ideas":["i8","i8","zz"]}}`,
		`{"t":"event","event":{"seq":9,"type":"roadmap_placed","item":"i8","horizon":"Never","order":-5}}`,
		`{"t":"event","event":{"seq":9,"type":"idea_deleted","item":"i404"}}`,
		`{"t":"event","event":{"seq":9,"type":"timer_started","duration":-1}}`,
		`{"t":"event","event":{"seq":9,"type":"redacted"}}`,
		`{"t":"event","event":{"seq":12,"type":"redacted"}}`,
		`{"t":"event","event":{"seq":-1}}`,
		`{"t":"ack","op":"op1","seq":9}`,
		`{"t":"ack","op":"nobody","seq":9,"dup":true}`,
		`{"t":"nack","op":"op1","code":"ELIMIT","message":"slow down","retry_after_ms":5}`,
		`{"t":"nack","op":"op1","code":"EFORBIDDEN","message":"no"}`,
		`{"t":"presence","id":"p6","online":true}`,
		`{"t":"presence","id":"p5","online":false}`,
		`{"t":"error","code":"EINVALID","message":"?"}`,
		`{"t":"roster","seq":42,"participants":1200,"online":1187,"institutions":45}`,
		`{"t":"roster","seq":3,"participants":-1,"online":9,"institutions":0}`,
		`{"t":"roster","seq":"x"}`,
		`{"t":"welcome","v":1,"seq":1}`,
		`{"t":"mystery"}`, `{"t":"event","event":[]}`, `[]`, `{`, ``,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	base := fuzzState(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		c := &Client{
			cfg: Config{Logf: func(string, ...any) {}}, ctx: ctx, cancel: cancel,
			done: make(chan struct{}), changes: make(chan struct{}, 1),
			online: map[string]bool{"p5": true}, replica: base.Clone(), lastSeq: base.Seq,
			sessionID: "s1", me: "p5", role: session.RoleParticipant, status: Online,
		}
		cmd := session.Command{Type: session.CmdVote, Item: "i8", Delta: 1}
		frame, _ := json.Marshal(protocol.Command{T: protocol.KindCommand, Op: "op1", Cmd: cmd})
		c.outbox = []entry{{op: "op1", cmd: cmd, frame: frame}}
		cn := &conn{wake: make(chan struct{}, 1), readyAt: base.Seq, ready: true}
		c.cur = cn
		online := maps.Clone(c.online)

		err := c.frame(cn, data)

		c.mu.Lock()
		defer c.mu.Unlock()
		kind, kerr := protocol.Kind(data)
		if kerr != nil && err == nil {
			t.Fatalf("a frame that is not a JSON object was accepted: %q", data)
		}
		switch {
		case c.lastSeq == base.Seq+1:
			if (kind != protocol.KindEvent && kind != protocol.KindRoster) || err != nil {
				t.Fatalf("seq moved on a %q frame (err %v)", kind, err)
			}
		case c.lastSeq > base.Seq+1:
			if kind != protocol.KindRoster || err != nil {
				t.Fatalf("seq went from %d to %d on a %q frame (err %v)", base.Seq, c.lastSeq, kind, err)
			}
		case c.lastSeq != base.Seq:
			t.Fatalf("seq went from %d back to %d on one frame", base.Seq, c.lastSeq)
		}
		if c.replica.Seq != c.lastSeq {
			t.Fatalf("replica at seq %d, client at %d", c.replica.Seq, c.lastSeq)
		}
		if kind != protocol.KindRoster && c.crowd != nil {
			t.Fatalf("a %q frame made the room a crowd", kind)
		}
		if len(c.outbox) == 0 {
			var r struct {
				Op           string `json:"op"`
				RetryAfterMS int64  `json:"retry_after_ms"`
			}
			json.Unmarshal(data, &r)
			if (kind != protocol.KindAck && kind != protocol.KindNack) || r.Op != "op1" || (kind == protocol.KindNack && r.RetryAfterMS > 0) {
				t.Fatalf("the outbox lost its command to %q", data)
			}
		}
		if kind != protocol.KindPresence && !maps.Equal(online, c.online) {
			t.Fatalf("the online set changed on a %q frame", kind)
		}
		if _, err := json.Marshal(c.replica); err != nil {
			t.Fatalf("the replica no longer encodes: %v", err)
		}
	})
}

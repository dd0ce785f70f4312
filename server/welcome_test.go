package server

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/server/wsconn"
	"roundtable/session"
)

// TestWelcomeIsAProtocolWelcome: the welcome the room writes in parts is
// the JSON of protocol.Welcome, field for field, with a snapshot no newer
// than the welcome.
func TestWelcomeIsAProtocolWelcome(t *testing.T) {
	log := &heldLog{}
	r := newTestRoom(t, log)
	fac, p := &fakeTransport{}, &fakeTransport{}
	r.Hello(fac, protocol.Hello{V: protocol.Version, Token: "fac"})
	r.Hello(p, protocol.Hello{V: protocol.Version, Code: "ROOM1", Name: "Aysel", Institution: "IRIA"})
	settle(r)
	log.finishAll(nil)
	settle(r)
	settle(r)
	for name, tr := range map[string]*fakeTransport{"facilitator": fac, "participant": p} {
		t.Run(name, func(t *testing.T) {
			tr.mu.Lock()
			data := tr.frames[0]
			tr.mu.Unlock()
			var w protocol.Welcome
			if err := json.Unmarshal(data, &w); err != nil {
				t.Fatalf("welcome %s: %v", data, err)
			}
			if w.T != protocol.KindWelcome || w.V != protocol.Version || w.Session != "room1" || w.Snapshot == nil || w.Online == nil {
				t.Fatalf("welcome %+v", w)
			}
			again, err := json.Marshal(w)
			if err != nil {
				t.Fatal(err)
			}
			if string(again) != string(data) {
				t.Fatalf("the welcome is not protocol.Welcome's encoding:\n got %s\nwant %s", data, again)
			}
			if w.Snapshot.Seq > w.Seq {
				t.Fatalf("snapshot at seq %d, after the welcome's %d", w.Snapshot.Seq, w.Seq)
			}
			if name == "participant" && (w.Resume == "" || w.You == "") {
				t.Fatalf("a new participant's welcome: %s", data)
			}
		})
	}
}

// TestJoinBurstConverges: many participants and observers join at once,
// while others post, so that welcomes share snapshots a few events old and
// replay what followed; every replica still equals the hub's view.
func TestJoinBurstConverges(t *testing.T) {
	t.Parallel() // its own host; runs beside the other parallel tests
	h := startTestHost(t, HostConfig{CommandRate: 1000, CommandBurst: 1000})
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	early := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: "Early", Institution: "Agency"})
	stop := make(chan struct{})
	var posting sync.WaitGroup
	posting.Go(func() {
		for k := 0; ; k++ {
			select {
			case <-stop:
				return
			default:
			}
			track(early).must(t, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: fmt.Sprintf("while joining %d", k)})
		}
	})
	var mu sync.Mutex
	all := []*client.Client{fac.c, early}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			cfg := client.Config{URL: h.URL(), Code: h.Code, Name: fmt.Sprintf("Burst %d", i), Institution: institutions[i%len(institutions)]}
			if i%8 == 0 {
				cfg = client.Config{URL: h.URL(), Code: h.Code, Observer: true}
			}
			c := dialClient(t, cfg)
			mu.Lock()
			all = append(all, c)
			mu.Unlock()
		})
	}
	wg.Wait()
	close(stop)
	posting.Wait()
	converged(t, h, all)
}

// TestWelcomePiecesAreProtocolWelcome: a welcome sent in pieces (head,
// snapshot, online list) carries exactly the bytes json.Marshal gives for
// the whole protocol.Welcome, with or without a snapshot or resume token.
func TestWelcomePiecesAreProtocolWelcome(t *testing.T) {
	st := session.NewState("s1")
	st.Apply(session.Event{Seq: 1, Type: session.EvSessionCreated, At: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC), Topics: []string{"Data"}})
	tests := map[string]struct {
		w    protocol.Welcome
		snap bool
	}{
		"facilitator with a snapshot": {w: protocol.Welcome{Role: session.RoleFacilitator, You: session.FacilitatorID, Seq: 1, Online: []string{"p1", "p3"}}, snap: true},
		"new participant":             {w: protocol.Welcome{Role: session.RoleParticipant, You: "p4", Resume: "tok", Seq: 1, Online: []string{}}, snap: true},
		"resume without a snapshot":   {w: protocol.Welcome{Role: session.RoleParticipant, You: "p1", Seq: 7, Online: []string{"p1"}}},
		"observer, nobody online":     {w: protocol.Welcome{Role: session.RoleObserver, Seq: 1, Online: []string{}}, snap: true},
		"ids JSON must escape":        {w: protocol.Welcome{Role: session.RoleObserver, Seq: 1, Online: []string{"p1", "<p\"2>", "é"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			tc.w.T, tc.w.V, tc.w.Session = protocol.KindWelcome, protocol.Version, "s1"
			pieces := []wsconn.Message{welcomeHead(tc.w)}
			if tc.snap {
				tc.w.Snapshot = st
				pieces = append(pieces, welcomeSnapshot(encode(st)))
			}
			pieces = append(pieces, welcomeOnline(tc.w.Online))
			var got []byte
			for i, p := range pieces {
				if p.Final() != (i == len(pieces)-1) {
					t.Fatalf("piece %d: final %v", i, p.Final())
				}
				got = append(got, p.Payload()...)
			}
			want, err := json.Marshal(tc.w)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Fatalf("pieces:\n%s\nprotocol.Welcome:\n%s", got, want)
			}
		})
	}
}

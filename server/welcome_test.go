package server

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"roundtable/protocol"
	"roundtable/server/client"
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
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: h.FacilitatorToken}))
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

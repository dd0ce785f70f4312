package server

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"roundtable/protocol"
	"roundtable/session"
)

// Issue 16: a programme of sessions (host_programme.go, room_programme.go).

const programme = "digital.leadership"

// inProgramme is a host config for a session of the test programme.
func inProgramme(code string, day int, carry bool) HostConfig {
	return HostConfig{Code: code, Title: "Day " + strconv.Itoa(day), FacilitatorHash: HashToken(testToken),
		Programme: ProgrammeConfig{Programme: programme, Day: day, Carry: carry}}
}

// do sends the facilitator's command and waits for its ack.
func (c *rawClient) do(op string, command session.Command) {
	c.t.Helper()
	c.send(cmd(op, command))
	for {
		f := c.read()
		if f.Op != op {
			continue
		}
		if f.T != protocol.KindAck {
			c.t.Fatalf("%s (%s): %s %s", op, command.Type, f.T, f.Message)
		}
		return
	}
}

// hello sends a participant's hello with earlier tokens and returns the
// welcome or the error that refused it.
func earlierHello(t *testing.T, h *Host, name string, earlier ...string) (*rawClient, anyFrame) {
	t.Helper()
	c := dialRaw(t, h.URL())
	c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Name: name, Institution: map[bool]string{true: "Elsewhere"}[name != ""], Earlier: earlier})
	for {
		f := c.read()
		if f.T == protocol.KindWelcome || f.T == protocol.KindError {
			return c, f
		}
	}
}

// TestOneIdentityAcrossTheProgramme: a participant of day 1 comes into
// day 2 with the token day 1 gave them, before anyone asks who they are,
// as the same person with the same token; a stranger's made-up tokens
// join nobody and tell nothing, and cost no failed join.
func TestOneIdentityAcrossTheProgramme(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	h := mustStartOn(t, db, inProgramme("DAYONE", 1, false))
	_, aysel := joinRaw(t, h, "Aysel Məmmədova", "IRIA")
	_, rashad := joinRaw(t, h, "Rashad", "ASAN")
	fac := facilitatorRaw(t, h)
	fac.do("f1", session.Command{Type: session.CmdRenameParticipant, Participant: rashad.You, Name: "Rəşad Əliyev"})
	fac.do("f2", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	closeHost(t, h)

	h = mustStartOn(t, db, inProgramme("DAYTWO", 2, false))
	defer closeHost(t, h)
	if h.Start != StartNew || h.Programme != programme || h.Day != 2 {
		t.Fatalf("day 2: start %v, programme %q day %d", h.Start, h.Programme, h.Day)
	}

	// Aysel, with a stale token of her own first and then day 1's, no name
	c, w := earlierHello(t, h, "", NewToken(), aysel.Resume)
	if w.T != protocol.KindWelcome || w.You == "" || w.Resume != aysel.Resume {
		t.Fatalf("Aysel's welcome: %+v", w)
	}
	p := roomState(t, h).Participants[w.You]
	if p == nil || p.Name != "Aysel Məmmədova" || p.Institution != "IRIA" {
		t.Fatalf("Aysel in day 2: %+v", p)
	}
	c.ws.Close()
	// from now on her token is her resume token here too
	again := dialRaw(t, h.URL())
	again.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: aysel.Resume, Since: 0})
	if back := again.until(protocol.KindWelcome, ""); back.You != w.You {
		t.Fatalf("Aysel resumed as %q, want %q", back.You, w.You)
	}
	// and sending it as an earlier token again is the same person, not a second one
	_, twice := earlierHello(t, h, "", aysel.Resume)
	if twice.You != w.You || twice.Resume != aysel.Resume {
		t.Fatalf("Aysel's earlier token again: you %q resume %q; want %q and her token", twice.You, twice.Resume, w.You)
	}

	// Rashad comes under the name day 1 ended with
	_, r := earlierHello(t, h, "Typed name", rashad.Resume)
	if got := roomState(t, h).Participants[r.You]; got == nil || got.Name != "Rəşad Əliyev" || got.Institution != "ASAN" {
		t.Fatalf("Rashad in day 2: %+v", got)
	}

	// A stranger's made-up tokens: without a name, the refusal any hello
	// without a name gets; many of them never block the address.
	for i := range 12 {
		sc, f := earlierHello(t, h, "", NewToken(), NewToken())
		if f.T != protocol.KindError || f.Code != session.EINVALID {
			t.Fatalf("made-up tokens #%d: %+v", i, f)
		}
		if code := sc.closeCode(); code != protocol.CloseBadFrame {
			t.Fatalf("made-up tokens #%d: close %d", i, code)
		}
	}
	// with a name: a new participant with a token of their own
	_, s := earlierHello(t, h, "Stranger", NewToken(), "not-a-token")
	if s.T != protocol.KindWelcome || s.Resume == "" || s.Resume == "not-a-token" || s.You == w.You || s.You == r.You {
		t.Fatalf("the stranger's welcome: %+v", s)
	}
	// a hello with too many tokens is refused
	_, f := earlierHello(t, h, "", "a", "b", "c", "d", "e")
	if f.T != protocol.KindError || f.Code != session.EINVALID {
		t.Fatalf("five tokens: %+v", f)
	}
	st := roomState(t, h)
	if n := len(st.Participants); n != 3 {
		t.Fatalf("day 2 has %d participants, want Aysel, Rashad and the stranger", n)
	}
}

// TestEarlierTokenFromABlockedAddress: an address blocked after wrong
// codes still lets a participant of the programme in with their token, as
// it does a resume token.
func TestEarlierTokenFromABlockedAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	h := mustStartOn(t, db, inProgramme("DAYONE", 1, false))
	_, aysel := joinRaw(t, h, "Aysel", "IRIA")
	closeHost(t, h)
	h = mustStartOn(t, db, inProgramme("DAYTWO", 2, false))
	defer closeHost(t, h)
	for range 10 {
		c := dialRaw(t, h.URL())
		c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: "WRONG1", Name: "x", Institution: "y"})
		c.closeCode()
	}
	if _, f := earlierHello(t, h, "Someone"); f.Code != session.ELIMIT {
		t.Fatalf("a blocked address joined afresh: %+v", f)
	}
	if _, w := earlierHello(t, h, "", aysel.Resume); w.T != protocol.KindWelcome {
		t.Fatalf("Aysel from the blocked address: %+v", w)
	}
}

// roomState returns a copy of the room's state, read on its goroutine.
func roomState(t *testing.T, h *Host) *session.State {
	t.Helper()
	ch := make(chan *session.State, 1)
	h.Room.inbox <- msgQuery{fn: func(r *Room) { ch <- r.st.Clone() }}
	return <-ch
}

// TestCarryIntoTheNextDay: day 2 started with Carry takes day 1's road
// map and its candidates with votes, once: a restart carries nothing
// again.
func TestCarryIntoTheNextDay(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	h := mustStartOn(t, db, inProgramme("DAYONE", 1, false))
	_, p1 := joinRaw(t, h, "Aysel", "IRIA")
	fac := facilitatorRaw(t, h)
	fac.do("f1", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	for i, text := range []string{"Open data portal", "Shared registry", "Nobody wants this"} {
		fac.do("p"+strconv.Itoa(i), session.Command{Type: session.CmdPostIdea, Topic: "t" + strconv.Itoa(i+1), Text: text})
	}
	st := roomState(t, h)
	var ids []string
	for _, text := range []string{"Open data portal", "Shared registry"} {
		for id, i := range st.Ideas {
			if i.Text == text {
				ids = append(ids, id)
			}
		}
	}
	fac.do("f2", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	voter := dialRaw(t, h.URL())
	voter.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: h.Code, Resume: p1.Resume})
	voter.until(protocol.KindWelcome, "")
	voter.do("v1", session.Command{Type: session.CmdVote, Item: ids[0], Delta: 1})
	voter.do("v2", session.Command{Type: session.CmdVote, Item: ids[1], Delta: 1})
	fac.do("f3", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseRoadmap})
	fac.do("f4", session.Command{Type: session.CmdPlace, Item: ids[0], Horizon: "Now"})
	fac.do("f5", session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed})
	day1 := h.SessionID
	closeHost(t, h)

	h = mustStartOn(t, db, inProgramme("DAYTWO", 2, true))
	if h.Carried == nil || h.Carried.From.ID != day1 || h.Carried.Choice.Placed != 1 || h.Carried.Choice.Candidates != 1 {
		t.Fatalf("carried: %+v", h.Carried)
	}
	carried := func() map[string]*session.Origin {
		out := map[string]*session.Origin{}
		for _, i := range roomState(t, h).Ideas {
			if i.Origin != nil {
				out[i.Text] = i.Origin
			}
		}
		return out
	}
	got := carried()
	if o := got["Open data portal"]; len(got) != 2 || o == nil || o.Session != day1 || o.Day != 1 || o.Placed != "Now" || o.Votes != 1 || o.Title != "Day 1" {
		t.Fatalf("day 2's carried ideas: %+v", got)
	}
	if o := got["Shared registry"]; o == nil || o.Placed != "" || o.Votes != 1 {
		t.Fatalf("the candidate: %+v", o)
	}
	closeHost(t, h)

	// the same command again continues day 2, and carries nothing twice
	h = mustStartOn(t, db, inProgramme("", 2, true))
	defer closeHost(t, h)
	if h.Start != StartContinued || h.Carried != nil || len(carried()) != 2 {
		t.Fatalf("restart: start %v, carried %+v, %d carried ideas", h.Start, h.Carried, len(carried()))
	}
}

// TestProgrammeChoosesItsSession: which session a host of a programme
// serves, and its day.
func TestProgrammeChoosesItsSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	start := func(code string, day int) *Host {
		t.Helper()
		cfg := inProgramme(code, day, false)
		h := mustStartOn(t, db, cfg)
		closeHost(t, h)
		return h
	}
	first := start("", 0)
	if first.Start != StartNew || first.Day != 1 || first.Programme != programme {
		t.Fatalf("the first session: start %v day %d", first.Start, first.Day)
	}
	if h := start("", 0); h.Start != StartContinued || h.SessionID != first.SessionID {
		t.Fatalf("again: start %v session %s", h.Start, h.SessionID)
	}
	second := start("", 2) // day 1 still open: day 2 is another session
	if second.Start != StartNew || second.Day != 2 || second.SessionID == first.SessionID {
		t.Fatalf("day 2: start %v day %d", second.Start, second.Day)
	}
	if h := start("", 0); h.SessionID != second.SessionID || h.Day != 2 {
		t.Fatalf("no day: session %s day %d; want day 2's %s continued", h.SessionID, h.Day, second.SessionID)
	}
	if h := start(first.Code, 0); h.Start != StartReopened || h.SessionID != first.SessionID || h.Day != 1 {
		t.Fatalf("day 1 by its code: start %v session %s day %d", h.Start, h.SessionID, h.Day)
	}
	if _, err := startOn(t, db, HostConfig{Programme: ProgrammeConfig{Programme: "digital leadership"}}); err == nil {
		t.Fatal("a programme name with a space was taken")
	}
	// a session of no programme is not one of it
	other := filepath.Join(t.TempDir(), "other.db")
	h := mustStartOn(t, other, HostConfig{Code: "PLAIN1"})
	closeHost(t, h)
	if _, err := startOn(t, other, inProgramme("PLAIN1", 0, false)); err == nil {
		t.Fatal("a session of no programme was reopened as one of it")
	}
}

// TestCarryFromAnotherSession: --carry-from takes the items of the session
// it names, in a programme or not; one that does not exist stops the
// start before anything is written.
func TestCarryFromAnotherSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rt.db")
	h := mustStartOn(t, db, HostConfig{Code: "FIRST1", Title: "Earlier", FacilitatorHash: HashToken(testToken)})
	fac := facilitatorRaw(t, h)
	fac.do("f1", session.Command{Type: session.CmdPostIdea, Topic: "t2", Text: "Shared registry"})
	fac.do("f2", session.Command{Type: session.CmdPlace, Item: "i5", Horizon: "Later"})
	first := h.SessionID
	closeHost(t, h)

	if _, err := startOn(t, db, HostConfig{Code: "NOPE12", New: true, Programme: ProgrammeConfig{CarryFrom: "nosuch"}}); err == nil {
		t.Fatal("carrying from a session that does not exist started a host")
	}
	h = mustStartOn(t, db, HostConfig{Code: "SECOND", New: true, Programme: ProgrammeConfig{CarryFrom: first}})
	defer closeHost(t, h)
	if h.Carried == nil || h.Carried.From.ID != first || len(h.Carried.Choice.Items) != 1 {
		t.Fatalf("carried %+v", h.Carried)
	}
	if list, err := h.Store.Summaries(context.Background()); err != nil || len(list) != 2 {
		t.Fatalf("sessions after a start that failed: %d (%v); want the two that started", len(list), err)
	}
	var got *session.Idea
	for _, i := range roomState(t, h).Ideas {
		got = i
	}
	if got == nil || got.Text != "Shared registry" || got.Topic != "t2" || got.Origin == nil || got.Origin.Placed != "Later" || got.Origin.Day != 0 {
		t.Fatalf("the carried idea: %+v %+v", got, got.Origin)
	}
}

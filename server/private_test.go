package server

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"roundtable/server/client"
	"roundtable/session"
)

// TestPrivateRoundInACrowdAndOnResume runs a private round on a real host
// whose room is a crowd (more than CrowdSize participants): while it
// runs, no participant's copy holds another's idea; the facilitator
// reveals while every connection has just been cut, so the clients learn
// of the reveal by resuming (the missed events) or live, and one more
// joins afterwards (a snapshot). Every copy then holds every text, and
// its ideas equal the hub's as that participant may see them.
func TestPrivateRoundInACrowdAndOnResume(t *testing.T) {
	t.Parallel() // its own host
	h := startTestHost(t, HostConfig{PrivateIdeas: true, CrowdSize: 2, CommandRate: 1000, CommandBurst: 1000})
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	var people []*client.Client
	for i := range 4 {
		people = append(people, dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: fmt.Sprintf("P%d", i), Institution: institutions[i%len(institutions)]}))
	}
	for i, c := range people {
		waitFor(t, fmt.Sprintf("participant %d to join", i), func() bool { id, _ := c.Me(); return id != "" })
	}
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	secret := func(i int) string { return fmt.Sprintf("secret idea of P%d", i) }
	for i, c := range people {
		track(c).must(t, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: secret(i)})
	}
	caughtUp(t, h, people)
	for i, c := range people {
		copy := jsonOf(t, c.State())
		for j := range people {
			if j != i && strings.Contains(copy, secret(j)) {
				t.Fatalf("P%d's copy holds P%d's private idea during the private round", i, j)
			}
		}
		if !strings.Contains(copy, secret(i)) {
			t.Fatalf("P%d's copy lacks its own idea", i)
		}
	}
	cutAll(h.Server, rand.New(rand.NewPCG(1, 2)), 1)
	fac.must(t, session.Command{Type: session.CmdRevealIdeas})
	people = append(people, dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: "Late", Institution: institutions[0]}))
	caughtUp(t, h, people)
	for i, c := range people {
		copy := jsonOf(t, c.State())
		for j := range 4 {
			if !strings.Contains(copy, secret(j)) {
				t.Errorf("after the reveal copy %d lacks %q", i, secret(j))
			}
		}
		// the ideas as the hub would show them to this participant (the
		// roster of a crowd differs by design, room_crowd.go)
		id, role := c.Me()
		var want string
		h.Room.Query(func(st *session.State) {
			want = jsonOf(t, session.RedactState(st, session.Viewer{ID: id, Role: role}).Ideas)
		})
		if got := jsonOf(t, c.State().Ideas); got != want {
			t.Fatalf("copy %d (%s) holds other ideas than the hub's view:\n%s", i, id, firstDiff(got, want))
		}
		if c.State().Concealed {
			t.Errorf("copy %d still has a private round", i)
		}
	}
}

// caughtUp waits until every client has the hub's last seq.
func caughtUp(t *testing.T, h *Host, clients []*client.Client) {
	t.Helper()
	var seq int64
	h.Room.Query(func(st *session.State) { seq = st.Seq })
	for i, c := range clients {
		waitFor(t, fmt.Sprintf("client %d to reach seq %d", i, seq), func() bool { return c.State().Seq >= seq })
	}
}

// TestVotesGivenBackReachTheVoter: on a real host the facilitator lowers
// the budget below what a participant spent; the voter's own copy learns
// of its refund (the hub tells an event's actor its own view) while
// tallies are hidden, and another participant's copy learns nothing of
// whose votes they were.
func TestVotesGivenBackReachTheVoter(t *testing.T) {
	t.Parallel() // its own host
	h := startTestHost(t, HostConfig{CommandRate: 1000, CommandBurst: 1000})
	fac := track(dialClient(t, client.Config{URL: h.URL(), Token: testToken}))
	voter := track(dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: "Voter", Institution: institutions[0]}))
	other := dialClient(t, client.Config{URL: h.URL(), Code: h.Code, Name: "Other", Institution: institutions[1]})
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	fac.must(t, session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "One"})
	fac.must(t, session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote})
	var item string
	for id := range fac.c.State().Ideas {
		item = id
	}
	for range 3 {
		voter.must(t, session.Command{Type: session.CmdVote, Item: item, Delta: 1})
	}
	one := 1
	fac.must(t, session.Command{Type: session.CmdUpdateSettings, VoteBudget: &one})
	caughtUp(t, h, []*client.Client{voter.c, other})
	id, _ := voter.c.Me()
	if st := voter.c.State(); st.Participants[id].VotesSpent != 1 || st.Votes[item][id] != 1 {
		t.Fatalf("the voter's copy: spent %d, %d votes on the item; want 1 and 1", st.Participants[id].VotesSpent, st.Votes[item][id])
	}
	if st := other.State(); len(st.Votes) != 0 {
		t.Fatalf("the other participant's copy holds votes while tallies are hidden: %v", st.Votes)
	}
}

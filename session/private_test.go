package session_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"roundtable/session"
)

// privateSettings are the default settings with private brainstorming on.
func privateSettings() session.Settings {
	st := session.DefaultSettings()
	st.PrivateIdeas = true
	return st
}

func concealed() session.Event {
	return session.Event{Type: session.EvIdeasConcealed, Actor: session.FacilitatorID}
}

// privatePosted is idea_posted in a private round.
func privatePosted(id, topic, text, author, inst string) session.Event {
	e := posted(id, topic, text, author, inst)
	e.Private = true
	return e
}

// privateRoom is a session under private brainstorming in its private
// round: i7 by p5 and i9 by p6 are private.
func privateRoom() []session.Event {
	return []session.Event{
		createdWith(privateSettings(), session.DefaultTopics()...), joined("p5", "Aysel", "IRIA"), joined("p6", "Rashad", "ASAN"),
		phaseFrom(session.PhaseIdeas, session.PhaseLobby), concealed(),
		privatePosted("i7", "t1", "Open data portal", "p5", "IRIA"),
		privatePosted("i9", "t2", "Common e-signature", "p6", "ASAN"),
	}
}

// endingRound marks a phase_changed as ending a private round: the
// ideas_revealed before it is its own (for undo, undo_clock.go).
func endingRound(e session.Event) session.Event {
	e.Private = true
	return e
}

// revealedOf is ideas_revealed carrying the ideas as the state of evs
// holds them, made public.
func revealedOf(evs []session.Event, ids ...string) session.Event {
	s := stateAfter(evs...)
	e := session.Event{Type: session.EvIdeasRevealed, Actor: session.FacilitatorID}
	for _, id := range ids {
		i := *s.Ideas[id]
		i.Private = false
		e.Revealed = append(e.Revealed, i)
	}
	return e
}

func privateCases() map[string]decideCase {
	privRoom := privateRoom()
	lobby := []session.Event{createdWith(privateSettings(), session.DefaultTopics()...), joined("p5", "Aysel", "IRIA")}
	revealed := concat(privRoom, []session.Event{revealedOf(privRoom, "i7", "i9")})
	privateOff := privateSettings()
	privateOff.PrivateIdeas = false
	withPrivate := session.DefaultSettings()
	withPrivate.PrivateIdeas = true
	return map[string]decideCase{
		"entering the ideas phase under private brainstorming begins a private round": {
			given: lobby, actor: fac, cmd: session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas},
			want: at("facilitator", phaseFrom(session.PhaseIdeas, session.PhaseLobby), concealed()),
		},
		"an idea posted in a private round is private": {
			given: privRoom, actor: p5, cmd: session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Shared registry"},
			want: at("p5", masked(privatePosted("i10", "t1", "Shared registry", "p5", "IRIA"))), // two in the room: masked (anon.go)
		},
		"an idea posted after the reveal is public": {
			given: revealed, actor: p5, cmd: session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "Shared registry"},
			want: at("p5", masked(posted("i10", "t1", "Shared registry", "p5", "IRIA"))),
		},
		"the facilitator reveals the ideas": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdRevealIdeas},
			want: at("facilitator", revealedOf(privRoom, "i7", "i9")),
		},
		"revealing when nothing is private": {
			given: revealed, actor: fac, cmd: session.Command{Type: session.CmdRevealIdeas},
			wantCode: session.ECONFLICT,
		},
		"a participant reveals the ideas": {
			given: privRoom, actor: p6, cmd: session.Command{Type: session.CmdRevealIdeas},
			wantCode: session.EFORBIDDEN,
		},
		"leaving the ideas phase reveals first": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdSetPhase, Phase: session.PhaseGroup},
			want: at("facilitator", revealedOf(privRoom, "i7", "i9"), endingRound(phaseFrom(session.PhaseGroup, session.PhaseIdeas))),
		},
		"turning private brainstorming off in a private round reveals": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: ptr(false)},
			want: at("facilitator", revealedOf(privRoom, "i7", "i9"), session.Event{Type: session.EvSettingsUpdated, Settings: &privateOff}),
		},
		"turning private brainstorming on in the ideas phase begins a private round": {
			given: ideas(session.PhaseIdeas), actor: fac, cmd: session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: ptr(true)},
			want: at("facilitator", session.Event{Type: session.EvSettingsUpdated, Settings: &withPrivate}, concealed()),
		},
		"turning private brainstorming on in the lobby waits for the ideas phase": {
			given: room(session.PhaseLobby), actor: fac, cmd: session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: ptr(true)},
			want: at("facilitator", session.Event{Type: session.EvSettingsUpdated, Settings: &withPrivate}),
		},
		"the author edits their private idea": {
			given: privRoom, actor: p5, cmd: session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "Open data portal for all"},
			want: at("p5", session.Event{Type: session.EvIdeaEdited, Item: "i7", Text: "Open data portal for all", Private: true}),
		},
		"the facilitator edits another's private idea": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdEditIdea, Item: "i7", Text: "x"},
			wantCode: session.ECONFLICT,
		},
		"a participant comments on another's private idea": {
			given: privRoom, actor: p6, cmd: session.Command{Type: session.CmdComment, Item: "i7", Text: "Yes"},
			wantCode: session.ENOTFOUND,
		},
		"the author comments on their private idea": {
			given: privRoom, actor: p5, cmd: session.Command{Type: session.CmdComment, Item: "i7", Text: "Yes"},
			wantCode: session.ECONFLICT,
		},
		"grouping a private idea": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdGroupIdeas, Ideas: []string{"i7", "i9"}},
			wantCode: session.ECONFLICT,
		},
		"focusing a private idea": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdFocus, Item: "i7"},
			wantCode: session.ECONFLICT,
		},
		"placing a private idea": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdPlace, Item: "i7", Horizon: "Now"},
			wantCode: session.ECONFLICT,
		},
		"hiding a private idea": {
			given: privRoom, actor: fac, cmd: session.Command{Type: session.CmdHideIdea, Item: "i9"},
			want: at("facilitator", facEvent(session.EvIdeaHidden, "i9")),
		},
	}
}

// TestPrivateIdeasWhatEachViewerSees: during a private round a
// participant holds its own ideas whole and another's only as a
// placeholder (counted, never read); the reveal gives every viewer the
// texts, and each replica ends equal to the redacted state.
func TestPrivateIdeasWhatEachViewerSees(t *testing.T) {
	evs := concat(privateRoom(), []session.Event{
		{Type: session.EvIdeaEdited, Actor: "p6", Item: "i9", Text: "Common e-signature for all", Private: true},
	})
	srv := stateAfter(evs...)
	p5view := session.NewState("s1")
	for k, e := range evs {
		e.Seq = int64(k + 1)
		e.At = epoch.Add(time.Duration(k) * time.Second)
		p5view.Apply(session.Redact(e, p5, true, false))
	}
	if i := p5view.Ideas["i9"]; i == nil || i.Text != "" || i.Institution != "" || i.Author != "" || !i.Private || i.Topic != "t2" {
		t.Fatalf("p5 holds p6's private idea as %+v, want a placeholder under t2", i)
	}
	if i := p5view.Ideas["i7"]; i == nil || i.Text != "Open data portal" || i.Author != "p5" {
		t.Fatalf("p5 does not hold its own idea whole: %+v", i)
	}
	if snap := session.RedactState(srv, p5); jsonOf(t, snap.Ideas["i9"]) != jsonOf(t, &session.Idea{ID: "i9", Topic: "t2", CreatedAt: epoch.Add(6 * time.Second), Private: true}) {
		t.Fatalf("p5's snapshot holds %s", jsonOf(t, snap.Ideas["i9"]))
	}
	rev, err := session.Decide(srv, fac, session.Command{Type: session.CmdRevealIdeas}, now)
	if err != nil {
		t.Fatal(err)
	}
	rev[0].Seq = srv.Seq + 1
	srv.Apply(rev[0])
	p5view.Apply(session.Redact(rev[0], p5, true, false))
	if i := p5view.Ideas["i9"]; i.Text != "Common e-signature for all" || i.Institution != "ASAN" || i.Author != "" || i.Private {
		t.Fatalf("after the reveal p5 holds %+v", i)
	}
	if got, want := jsonOf(t, p5view), jsonOf(t, session.RedactState(srv, p5)); got != want {
		t.Fatalf("p5's replica differs after the reveal:\n%s\n%s", got, want)
	}
}

// TestPropertyPrivateIdeasNeverLeak runs random sessions under private
// brainstorming: participants post and edit ideas with texts unique to
// their author, the facilitator moves phases, reveals, hides, moves and
// toggles the setting, people join late from a snapshot. While an idea
// is private, no participant's or observer's copy (built from redacted
// events, or from a snapshot and events) holds its text unless it is the
// author's own; once it is revealed every copy has it, and every copy
// equals the redacted state.
func TestPropertyPrivateIdeasNeverLeak(t *testing.T) {
	seeds, steps := 24, 200
	if testing.Short() {
		seeds = 10
	}
	reveals, leaksChecked := 0, 0
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 0x9121))
		p := newPrivateSim(t, r)
		for range steps {
			p.step()
			leaksChecked += p.checkNoLeak()
		}
		p.m.checkReplicas()
		p.m.checkReplay()
		reveals += p.m.accepted[session.CmdRevealIdeas]
	}
	if reveals == 0 || leaksChecked == 0 {
		t.Fatalf("the generator never revealed (%d) or never held a private idea (%d)", reveals, leaksChecked)
	}
}

// privateSim drives a sim with commands that matter to private ideas.
type privateSim struct {
	m     *sim
	r     *rand.Rand
	texts map[string]string // idea id -> the unique words of its text
	n     int
}

func newPrivateSim(t *testing.T, r *rand.Rand) *privateSim {
	m := &sim{tb: t, c: r, s: session.NewState("prop"), clock: epoch, slots: make([]string, 5), accepted: map[string]int{}, refused: map[string]int{}}
	m.replicas = []*replica{
		{v: fac, live: session.NewState("prop"), label: "facilitator"},
		{v: observer, live: session.NewState("prop"), label: "observer"},
	}
	if !m.do(fac, session.Command{Type: session.CmdCreateSession, Anonymous: ptr(r.IntN(2) == 0), PrivateIdeas: ptr(true), Topics: []string{"A", "B"}}) {
		t.Fatal("the session was not created")
	}
	return &privateSim{m: m, r: r, texts: map[string]string{}}
}

func (p *privateSim) step() {
	m, r := p.m, p.r
	if r.IntN(6) == 0 {
		m.actor() // a participant joins, or nothing
		return
	}
	var pids []string
	for _, id := range m.slots {
		if id != "" {
			pids = append(pids, id)
		}
	}
	ideas := keys(m.s.Ideas)
	if r.IntN(3) != 0 && len(pids) > 0 {
		who := pids[r.IntN(len(pids))]
		p.n++
		secret := fmt.Sprintf("secret%d-%s", p.n, who)
		var own []string
		for _, id := range ideas {
			if m.s.Ideas[id].Author == who {
				own = append(own, id)
			}
		}
		if len(own) > 0 && r.IntN(3) == 0 {
			id := own[r.IntN(len(own))]
			if m.do(session.Actor{ID: who, Role: session.RoleParticipant}, session.Command{Type: session.CmdEditIdea, Item: id, Text: "edited " + secret}) {
				p.texts[id] = secret
			}
			return
		}
		before := m.s.Counter
		if m.do(session.Actor{ID: who, Role: session.RoleParticipant}, session.Command{Type: session.CmdPostIdea, Topic: []string{"t1", "t2"}[r.IntN(2)], Text: "idea " + secret}) {
			p.texts[fmt.Sprintf("i%d", before+1)] = secret
		}
		return
	}
	cmd := session.Command{Type: session.CmdRevealIdeas}
	switch r.IntN(8) {
	case 0, 1:
		cmd = session.Command{Type: session.CmdSetPhase, Phase: []session.Phase{session.PhaseIdeas, session.PhaseIdeas, session.PhaseGroup, session.PhaseVote, session.PhaseLobby}[r.IntN(5)]}
	case 2:
		cmd = session.Command{Type: session.CmdUpdateSettings, PrivateIdeas: ptr(r.IntN(3) != 0)}
	case 3:
		cmd = session.Command{Type: session.CmdHideIdea, Item: pick(r, ideas, "i999")}
	case 4:
		cmd = session.Command{Type: session.CmdMoveIdea, Item: pick(r, ideas, "i999"), Topic: []string{"t1", "t2"}[r.IntN(2)]}
	case 5:
		p.n++
		cmd = session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: fmt.Sprintf("facilitator's secret%d", p.n+100000)}
	case 6:
		cmd = session.Command{Type: session.CmdDeleteIdea, Item: pick(r, ideas, "i999")}
	}
	m.do(fac, cmd)
}

// checkNoLeak checks every non-facilitator copy against the private ideas
// of the server state and returns how many (idea, copy) pairs it checked.
func (p *privateSim) checkNoLeak() int {
	m := p.m
	n := 0
	for _, rep := range m.replicas {
		if rep.v.Role == session.RoleFacilitator {
			continue
		}
		copies := []*session.State{rep.live}
		if rep.snap != nil {
			copies = append(copies, rep.snap)
		}
		for _, c := range copies {
			b, err := json.Marshal(c)
			if err != nil {
				m.tb.Fatal(err)
			}
			text := string(b)
			for id, i := range m.s.Ideas {
				secret := p.texts[id]
				if i.Author == session.FacilitatorID {
					secret = strings.TrimPrefix(i.Text, "facilitator's ")
				}
				if secret == "" {
					continue
				}
				own := rep.v.ID != "" && i.Author == rep.v.ID
				switch {
				case i.Private && !own:
					n++
					if strings.Contains(text, secret) {
						m.tb.Fatalf("%s's copy holds the text of %s's private idea %s (%q) at seq %d", rep.label, i.Author, id, secret, m.s.Seq)
					}
					if ci := c.Ideas[id]; ci == nil || ci.Institution != "" || ci.Author != "" {
						m.tb.Fatalf("%s's copy holds private idea %s as %+v", rep.label, id, ci)
					}
				case !i.Private:
					if ci := c.Ideas[id]; ci == nil || ci.Text != i.Text {
						m.tb.Fatalf("%s's copy lacks public idea %s (%q): %+v", rep.label, id, i.Text, ci)
					}
				}
			}
		}
	}
	if m.s.Concealed != (m.s.Phase == session.PhaseIdeas && m.s.Concealed) {
		m.tb.Fatalf("a private round outside the ideas phase (%s)", m.s.Phase)
	}
	for id, i := range m.s.Ideas {
		if i.Private && !m.s.Concealed {
			m.tb.Fatalf("idea %s is private outside a private round", id)
		}
	}
	return n
}

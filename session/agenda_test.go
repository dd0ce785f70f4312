package session_test

import (
	"testing"
	"time"

	"roundtable/session"
)

// stateAfter is the state after the events, as given builds it, for a
// table that needs a state's value while it is being built.
func stateAfter(evs ...session.Event) *session.State {
	s := session.NewState("s1")
	for k, e := range evs {
		if e.Seq == 0 {
			e.Seq = s.Seq + 1
		}
		if e.At.IsZero() {
			e.At = epoch.Add(time.Duration(k) * time.Second)
		}
		s.Apply(e)
	}
	return s
}

// phaseFrom is phase_changed to phase to from phase from.
func phaseFrom(to, from session.Phase) session.Event {
	return session.Event{Type: session.EvPhaseChanged, Actor: session.FacilitatorID, Phase: to, From: from}
}

// stoppedTimer is timer_stopped carrying the timer the events leave.
func stoppedTimer(evs ...session.Event) session.Event {
	t := stateAfter(evs...).Timer
	return session.Event{Type: session.EvTimerStopped, Actor: session.FacilitatorID, Timer: &t}
}

// startedAt is timer_started of d at t: it ends at t+d.
func startedAt(d time.Duration, t time.Time) session.Event {
	return session.Event{Type: session.EvTimerStarted, Actor: session.FacilitatorID, Duration: d, EndsAt: t.Add(d)}
}

// planned is the default settings with an agenda: fifteen minutes of
// ideas, ten of grouping, five per discussed item.
func planned() session.Settings {
	st := session.DefaultSettings()
	st.Agenda = session.Agenda{Phases: map[session.Phase]time.Duration{
		session.PhaseIdeas: 15 * time.Minute, session.PhaseGroup: 10 * time.Minute,
	}, Item: 5 * time.Minute}
	return st
}

// plannedRoom is a session with the planned agenda, p5 and p6, in the
// ideas phase with its fifteen minutes started at epoch+3s.
func plannedRoom() []session.Event {
	return []session.Event{
		createdWith(planned(), session.DefaultTopics()...), joined("p5", "Aysel", "IRIA"), joined("p6", "Rashad", "ASAN"),
		phaseFrom(session.PhaseIdeas, session.PhaseLobby), startedAt(15*time.Minute, epoch.Add(3*time.Second)),
		posted("i7", "t1", "Open data portal", "p5", "IRIA"), posted("i8", "t2", "Shared registry", "p6", "ASAN"),
	}
}

func agendaCases() map[string]decideCase {
	room := plannedRoom()
	in := func(p session.Phase) []session.Event {
		return concat(room, []session.Event{phaseFrom(p, session.PhaseIdeas), startedAt(2*time.Minute, epoch)})
	}
	agenda := func(a session.Agenda) session.Event {
		st := planned()
		st.Agenda = a
		return session.Event{Type: session.EvSettingsUpdated, Settings: &st}
	}
	setPhase := func(p session.Phase) session.Command { return session.Command{Type: session.CmdSetPhase, Phase: p} }
	setAgenda := func(a session.Agenda) session.Command {
		return session.Command{Type: session.CmdUpdateSettings, Agenda: &a}
	}
	return map[string]decideCase{
		"moving forward stops the timer and starts the next phase's time": {
			given: room, actor: fac, cmd: setPhase(session.PhaseGroup),
			want: at("facilitator", phaseFrom(session.PhaseGroup, session.PhaseIdeas), stoppedTimer(room...), startedAt(10*time.Minute, now)),
		},
		"moving forward into a phase with no time only stops the timer": {
			given: in(session.PhaseGroup), actor: fac, cmd: setPhase(session.PhaseVote),
			want: at("facilitator", phaseFrom(session.PhaseVote, session.PhaseGroup), stoppedTimer(in(session.PhaseGroup)...)),
		},
		"moving back stops the timer and starts nothing": {
			given: in(session.PhaseVote), actor: fac, cmd: setPhase(session.PhaseGroup),
			want: at("facilitator", phaseFrom(session.PhaseGroup, session.PhaseVote), stoppedTimer(in(session.PhaseVote)...)),
		},
		"a timer that ran out is stopped, not carried into the next phase": {
			given: concat(room, []session.Event{phaseFrom(session.PhaseVote, session.PhaseIdeas), startedAt(time.Minute, epoch)}),
			actor: fac, cmd: setPhase(session.PhaseDiscuss),
			want: at("facilitator", phaseFrom(session.PhaseDiscuss, session.PhaseVote),
				stoppedTimer(concat(room, []session.Event{phaseFrom(session.PhaseVote, session.PhaseIdeas), startedAt(time.Minute, epoch)})...)),
		},
		"moving forward with no timer set starts the planned time alone": {
			given: concat(room, []session.Event{{Type: session.EvTimerStopped, Actor: session.FacilitatorID}}),
			actor: fac, cmd: setPhase(session.PhaseGroup),
			want: at("facilitator", phaseFrom(session.PhaseGroup, session.PhaseIdeas), startedAt(10*time.Minute, now)),
		},
		"focusing an item in discussion starts the item's time": {
			given: in(session.PhaseDiscuss), actor: fac, cmd: session.Command{Type: session.CmdFocus, Item: "i8"},
			want: at("facilitator", facEvent(session.EvItemFocused, "i8"), stoppedTimer(in(session.PhaseDiscuss)...), startedAt(5*time.Minute, now)),
		},
		"clearing the focus leaves the timer": {
			given: concat(in(session.PhaseDiscuss), []session.Event{facEvent(session.EvItemFocused, "i8")}), actor: fac,
			cmd:  session.Command{Type: session.CmdFocus},
			want: at("facilitator", facEvent(session.EvItemFocused, "")),
		},
		"focusing outside the discuss phase leaves the timer": {
			given: in(session.PhaseRoadmap), actor: fac, cmd: session.Command{Type: session.CmdFocus, Item: "i8"},
			want: at("facilitator", facEvent(session.EvItemFocused, "i8")),
		},
		"focusing with no time per item leaves the timer": {
			given: concat(in(session.PhaseDiscuss), []session.Event{agenda(session.Agenda{})}), actor: fac,
			cmd:  session.Command{Type: session.CmdFocus, Item: "i8"},
			want: at("facilitator", facEvent(session.EvItemFocused, "i8")),
		},
		"the facilitator plans the vote phase": {
			given: room, actor: fac,
			cmd:  setAgenda(planned().Agenda.With(session.PhaseVote, 7*time.Minute)),
			want: at("facilitator", agenda(planned().Agenda.With(session.PhaseVote, 7*time.Minute))),
		},
		"a time of zero takes a phase off the agenda": {
			given: room, actor: fac,
			cmd:  setAgenda(session.Agenda{Phases: map[session.Phase]time.Duration{session.PhaseIdeas: 0, session.PhaseGroup: time.Minute}}),
			want: at("facilitator", agenda(session.Agenda{Phases: map[session.Phase]time.Duration{session.PhaseGroup: time.Minute}})),
		},
		"an agenda naming no phase": {
			given: room, actor: fac,
			cmd:      setAgenda(session.Agenda{Phases: map[session.Phase]time.Duration{"coffee": time.Minute}}),
			wantCode: session.EINVALID,
		},
		"an agenda of more than four hours for a phase": {
			given: room, actor: fac,
			cmd:      setAgenda(session.Agenda{Phases: map[session.Phase]time.Duration{session.PhaseVote: 5 * time.Hour}}),
			wantCode: session.EINVALID,
		},
		"an agenda of half a second per item": {
			given: room, actor: fac,
			cmd:      setAgenda(session.Agenda{Item: time.Second / 2}),
			wantCode: session.EINVALID,
		},
		"a participant plans the agenda": {
			given: room, actor: p5,
			cmd:      setAgenda(session.Agenda{Item: time.Minute}),
			wantCode: session.EFORBIDDEN,
		},
	}
}

// TestCreateSessionWithAgenda: a session created from an agenda file
// keeps its plan and private brainstorming in its settings.
func TestCreateSessionWithAgenda(t *testing.T) {
	a := planned().Agenda
	evs, err := session.Decide(session.NewState("s1"), fac, session.Command{Type: session.CmdCreateSession, Agenda: &a, PrivateIdeas: ptr(true)}, now)
	if err != nil {
		t.Fatal(err)
	}
	s := stateAfter(evs...)
	if got := s.Settings.Agenda; got.Time(session.PhaseIdeas) != 15*time.Minute || got.Item != 5*time.Minute || !s.Settings.PrivateIdeas {
		t.Fatalf("settings %+v", s.Settings)
	}
	bad := session.Agenda{Phases: map[session.Phase]time.Duration{session.PhaseIdeas: -time.Minute}}
	if _, err := session.Decide(session.NewState("s1"), fac, session.Command{Type: session.CmdCreateSession, Agenda: &bad}, now); session.ErrorCode(err) != session.EINVALID {
		t.Fatalf("a negative time: %v, want EINVALID", err)
	}
}

// TestApplyingAPhaseChangeKeepsOldLogs: the events of an old log (a phase
// change without timer events) replay as they did: the timer runs on.
func TestApplyingAPhaseChangeKeepsOldLogs(t *testing.T) {
	s := stateAfter(created(), startedAt(5*time.Minute, epoch), phase(session.PhaseIdeas))
	if !s.Timer.Running || s.Timer.Duration != 5*time.Minute {
		t.Fatalf("an old phase_changed changed the timer: %+v", s.Timer)
	}
}

// TestTimeUpNeverCrossesAPhase: whatever the timer's state and whichever
// way the session moves, after a phase change no timer from before is
// left: there is no timer, or a fresh one of the new phase's planned time.
func TestTimeUpNeverCrossesAPhase(t *testing.T) {
	timers := map[string][]session.Event{
		"running":  {startedAt(10*time.Minute, now.Add(-time.Minute))},
		"ran out":  {startedAt(time.Minute, now.Add(-time.Hour))},
		"paused":   {startedAt(10*time.Minute, now.Add(-time.Minute)), {Type: session.EvTimerPaused, Duration: 4 * time.Minute}},
		"none set": nil,
	}
	for name, tevs := range timers {
		for _, from := range session.Phases() {
			for _, to := range session.Phases() {
				if from == to {
					continue
				}
				base := concat([]session.Event{createdWith(planned(), "A")}, []session.Event{phase(from)}, tevs)
				s := stateAfter(base...)
				evs, err := session.Decide(s, fac, session.Command{Type: session.CmdSetPhase, Phase: to}, now)
				if err != nil {
					t.Fatal(err)
				}
				for k := range evs {
					evs[k].Seq = s.Seq + int64(k) + 1
					s.Apply(evs[k])
				}
				want := planned().Agenda.Time(to)
				if to.Index() < from.Index() {
					want = 0
				}
				switch {
				case want == 0 && s.Timer.Set():
					t.Errorf("%s timer, %s → %s: a timer is left: %+v", name, from, to, s.Timer)
				case want > 0 && (!s.Timer.Running || s.Timer.Duration != want || !s.Timer.EndsAt.Equal(now.Add(want))):
					t.Errorf("%s timer, %s → %s: timer %+v, want a fresh %v", name, from, to, s.Timer, want)
				}
			}
		}
	}
}

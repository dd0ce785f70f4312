package session_test

import (
	"strings"
	"time"

	"roundtable/session"
)

func participantCases() map[string]decideCase {
	done := func(id string, p session.Phase, typ string) session.Event {
		return session.Event{Type: typ, Actor: id, ID: id, Phase: p}
	}
	closed := ideas(session.PhaseClosed)
	return map[string]decideCase{
		"participant is done with the ideas phase": {
			given: ideas(session.PhaseIdeas), actor: p5,
			cmd:  session.Command{Type: session.CmdMarkDone},
			want: at("p5", done("p5", session.PhaseIdeas, session.EvDoneMarked)),
		},
		"done twice": {
			given: concat(ideas(session.PhaseIdeas), []session.Event{done("p5", session.PhaseIdeas, session.EvDoneMarked)}), actor: p5,
			cmd:      session.Command{Type: session.CmdMarkDone},
			wantCode: session.ECONFLICT,
		},
		"done with one phase is not done with the next": {
			given: concat(ideas(session.PhaseIdeas), []session.Event{done("p5", session.PhaseIdeas, session.EvDoneMarked), phase(session.PhaseVote)}), actor: p5,
			cmd:  session.Command{Type: session.CmdMarkDone},
			want: at("p5", done("p5", session.PhaseVote, session.EvDoneMarked)),
		},
		"facilitator marks done": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdMarkDone},
			wantCode: session.EFORBIDDEN,
		},
		"participant is not done after all": {
			given: concat(ideas(session.PhaseIdeas), []session.Event{done("p6", session.PhaseIdeas, session.EvDoneMarked)}), actor: p6,
			cmd:  session.Command{Type: session.CmdClearDone},
			want: at("p6", done("p6", session.PhaseIdeas, session.EvDoneCleared)),
		},
		"clearing done that was not marked": {
			given: concat(ideas(session.PhaseIdeas), []session.Event{done("p6", session.PhaseIdeas, session.EvDoneMarked)}), actor: p5,
			cmd:      session.Command{Type: session.CmdClearDone},
			wantCode: session.ECONFLICT,
		},

		"participant gives feedback": {
			given: closed, actor: p5,
			cmd:  session.Command{Type: session.CmdFeedback, Rating: 4, Text: "Çox faydalı\x1b[0m\nThanks 👩🏽‍💻"},
			want: at("p5", session.Event{Type: session.EvFeedbackGiven, Rating: 4, Text: "Çox faydalı\nThanks 👩🏽‍💻"}),
		},
		"a rating of zero": {
			given: closed, actor: p5,
			cmd:      session.Command{Type: session.CmdFeedback, Rating: 0},
			wantCode: session.EINVALID,
		},
		"a rating of six": {
			given: closed, actor: p5,
			cmd:      session.Command{Type: session.CmdFeedback, Rating: 6},
			wantCode: session.EINVALID,
		},
		"feedback over 2000 characters": {
			given: closed, actor: p5,
			cmd:      session.Command{Type: session.CmdFeedback, Rating: 5, Text: strings.Repeat("f", 2001)},
			wantCode: session.EINVALID,
		},
		"feedback before the session is closed": {
			given: ideas(session.PhaseRoadmap), actor: p5,
			cmd:      session.Command{Type: session.CmdFeedback, Rating: 5},
			wantCode: session.EFORBIDDEN,
		},
		"facilitator gives feedback": {
			given: closed, actor: fac,
			cmd:      session.Command{Type: session.CmdFeedback, Rating: 5},
			wantCode: session.EFORBIDDEN,
		},
	}
}

func timerCases() map[string]decideCase {
	base := room(session.PhaseIdeas)
	with := func(evs ...session.Event) []session.Event { return concat(base, evs) }
	timer := func(typ string, d time.Duration, ends time.Time) session.Event {
		return session.Event{Type: typ, Actor: session.FacilitatorID, Duration: d, EndsAt: ends}
	}
	// running: a ten-minute timer with five minutes left at now.
	running := with(timer(session.EvTimerStarted, 10*time.Minute, now.Add(5*time.Minute)))
	// paused: a ten-minute timer paused with four minutes left.
	paused := with(timer(session.EvTimerStarted, 10*time.Minute, now.Add(5*time.Minute)), timer(session.EvTimerPaused, 4*time.Minute, time.Time{}))
	cmd := func(action string, seconds int) session.Command {
		return session.Command{Type: session.CmdTimer, Action: action, Seconds: seconds}
	}
	return map[string]decideCase{
		"facilitator starts a timer": {
			given: base, actor: fac, cmd: cmd(session.TimerStart, 600),
			want: at("facilitator", timer(session.EvTimerStarted, 10*time.Minute, now.Add(10*time.Minute))),
		},
		"a timer of four hours": {
			given: base, actor: fac, cmd: cmd(session.TimerStart, 4*3600),
			want: at("facilitator", timer(session.EvTimerStarted, 4*time.Hour, now.Add(4*time.Hour))),
		},
		"a timer of zero seconds":       {given: base, actor: fac, cmd: cmd(session.TimerStart, 0), wantCode: session.EINVALID},
		"a timer over four hours":       {given: base, actor: fac, cmd: cmd(session.TimerStart, 4*3600+1), wantCode: session.EINVALID},
		"a timer of negative seconds":   {given: base, actor: fac, cmd: cmd(session.TimerStart, -5), wantCode: session.EINVALID},
		"pausing a timer that is off":   {given: base, actor: fac, cmd: cmd(session.TimerPause, 0), wantCode: session.ECONFLICT},
		"pausing a paused timer":        {given: paused, actor: fac, cmd: cmd(session.TimerPause, 0), wantCode: session.ECONFLICT},
		"resuming a running timer":      {given: running, actor: fac, cmd: cmd(session.TimerResume, 0), wantCode: session.ECONFLICT},
		"resuming a timer that is off":  {given: base, actor: fac, cmd: cmd(session.TimerResume, 0), wantCode: session.ECONFLICT},
		"extending a timer that is off": {given: base, actor: fac, cmd: cmd(session.TimerExtend, 60), wantCode: session.ECONFLICT},
		"extending by zero":             {given: running, actor: fac, cmd: cmd(session.TimerExtend, 0), wantCode: session.EINVALID},
		"extending past four hours":     {given: running, actor: fac, cmd: cmd(session.TimerExtend, 4*3600), wantCode: session.EINVALID},
		"stopping a timer that is off":  {given: base, actor: fac, cmd: cmd(session.TimerStop, 0), wantCode: session.ECONFLICT},
		"an unknown timer action":       {given: running, actor: fac, cmd: cmd("rewind", 10), wantCode: session.EINVALID},
		"participant starts a timer":    {given: base, actor: p5, cmd: cmd(session.TimerStart, 60), wantCode: session.EFORBIDDEN},
		"facilitator pauses the timer": {
			given: running, actor: fac, cmd: cmd(session.TimerPause, 0),
			want: at("facilitator", timer(session.EvTimerPaused, 5*time.Minute, time.Time{})),
		},
		"facilitator resumes the timer": {
			given: paused, actor: fac, cmd: cmd(session.TimerResume, 0),
			want: at("facilitator", timer(session.EvTimerResumed, 0, now.Add(4*time.Minute))),
		},
		"facilitator extends a running timer": {
			given: running, actor: fac, cmd: cmd(session.TimerExtend, 120),
			want: at("facilitator", timer(session.EvTimerStarted, 12*time.Minute, now.Add(7*time.Minute))),
		},
		"facilitator shortens a running timer": {
			given: running, actor: fac, cmd: cmd(session.TimerExtend, -60),
			want: at("facilitator", timer(session.EvTimerStarted, 9*time.Minute, now.Add(4*time.Minute))),
		},
		"shortening a running timer past zero ends it": {
			given: running, actor: fac, cmd: cmd(session.TimerExtend, -900),
			want: at("facilitator", timer(session.EvTimerStarted, 0, now)),
		},
		"facilitator extends a paused timer": {
			given: paused, actor: fac, cmd: cmd(session.TimerExtend, 60),
			want: at("facilitator", timer(session.EvTimerPaused, 5*time.Minute, time.Time{})),
		},
		"extending a timer that ran out starts it again": {
			given: with(timer(session.EvTimerStarted, time.Minute, now.Add(-time.Minute))), actor: fac, cmd: cmd(session.TimerExtend, 30),
			want: at("facilitator", timer(session.EvTimerStarted, 90*time.Second, now.Add(30*time.Second))),
		},
		"facilitator stops the timer": {
			given: paused, actor: fac, cmd: cmd(session.TimerStop, 0),
			want: at("facilitator", stoppedTimer(paused...)),
		},
	}
}

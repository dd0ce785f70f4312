package session_test

import (
	"strings"

	"roundtable/session"
)

func setupCases() map[string]decideCase {
	budget7 := session.DefaultSettings()
	budget7.VoteBudget = 7
	budget7.Title = "Digital leadership"
	open := session.DefaultSettings()
	open.Anonymous = false
	quarters := session.DefaultSettings()
	quarters.Horizons = []string{"Q1 2027", "Q2 2027"}
	inAz := session.DefaultSettings()
	inAz.Lang = "az"
	return map[string]decideCase{
		"create in Azerbaijani": {
			actor: fac,
			cmd:   session.Command{Type: session.CmdCreateSession, Lang: "az"},
			want:  at("facilitator", createdWith(inAz, session.DefaultTopics()...)),
		},
		"create in a language the session does not know": {
			actor:    fac,
			cmd:      session.Command{Type: session.CmdCreateSession, Lang: "tr"},
			wantCode: session.EINVALID,
		},
		"facilitator creates a session": {
			actor: fac,
			cmd: session.Command{
				Type: session.CmdCreateSession, Title: ptr(" Digital\x1b[31m leadership "),
				VoteBudget: ptr(7), Topics: []string{"Development", " Coordination\t", "Development"},
			},
			want: at("facilitator", createdWith(budget7, "Development", "Coordination")),
		},
		"create with default topics and custom horizons": {
			actor: fac,
			cmd:   session.Command{Type: session.CmdCreateSession, Horizons: []string{"Q1 2027", "Q2 2027"}},
			want:  at("facilitator", createdWith(quarters, session.DefaultTopics()...)),
		},
		"create twice": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      session.Command{Type: session.CmdCreateSession},
			wantCode: session.ECONFLICT,
		},
		"participant creates": {
			actor:    p5,
			cmd:      session.Command{Type: session.CmdCreateSession},
			wantCode: session.EFORBIDDEN,
		},
		"create with a cap of zero": {
			actor:    fac,
			cmd:      session.Command{Type: session.CmdCreateSession, VoteCap: ptr(0)},
			wantCode: session.EINVALID,
		},
		"create with a budget over 100": {
			actor:    fac,
			cmd:      session.Command{Type: session.CmdCreateSession, VoteBudget: ptr(101)},
			wantCode: session.EINVALID,
		},
		"create with no horizons": {
			actor:    fac,
			cmd:      session.Command{Type: session.CmdCreateSession, Horizons: []string{}},
			wantCode: session.EINVALID,
		},
		"create with blank topics only": {
			actor:    fac,
			cmd:      session.Command{Type: session.CmdCreateSession, Topics: []string{" ", "\x1b[0m"}},
			wantCode: session.EINVALID,
		},
		"create with 13 topics": {
			actor:    fac,
			cmd:      session.Command{Type: session.CmdCreateSession, Topics: strings.Split("a b c d e f g h i j k l m", " ")},
			wantCode: session.EINVALID,
		},
		"create with an invalid UTF-8 title": {
			actor:    fac,
			cmd:      session.Command{Type: session.CmdCreateSession, Title: ptr("bad \xff title")},
			wantCode: session.EINVALID,
		},

		"participant joins": {
			given: room(session.PhaseIdeas), actor: session.Actor{Role: session.RoleParticipant},
			cmd: session.Command{Type: session.CmdJoin, Name: " Leyla\x1b]0;owned\x07 ", Institution: "Rəqəmsal İnkişaf Agentliyi", TokenHash: "h1"},
			want: at("", session.Event{
				Type: session.EvParticipantJoined, Actor: "p7", ID: "p7", Name: "Leyla",
				Institution: "Rəqəmsal İnkişaf Agentliyi", TokenHash: "h1",
			}),
		},
		"join without a name": {
			given: room(session.PhaseIdeas), actor: session.Actor{Role: session.RoleParticipant},
			cmd:      session.Command{Type: session.CmdJoin, Name: "\x1b[2J", Institution: "IRIA"},
			wantCode: session.EINVALID,
		},
		"join with a name over 80 characters": {
			given: room(session.PhaseIdeas), actor: session.Actor{Role: session.RoleParticipant},
			cmd:      session.Command{Type: session.CmdJoin, Name: strings.Repeat("ə", 81), Institution: "IRIA"},
			wantCode: session.EINVALID,
		},
		"join with invalid UTF-8 institution": {
			given: room(session.PhaseIdeas), actor: session.Actor{Role: session.RoleParticipant},
			cmd:      session.Command{Type: session.CmdJoin, Name: "Leyla", Institution: "\xc3\x28"},
			wantCode: session.EINVALID,
		},
		"facilitator joins": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdJoin, Name: "F", Institution: "X"},
			wantCode: session.EFORBIDDEN,
		},

		"facilitator raises the budget": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:  session.Command{Type: session.CmdUpdateSettings, VoteBudget: ptr(7), Title: ptr("Digital leadership")},
			want: at("facilitator", session.Event{Type: session.EvSettingsUpdated, Settings: &budget7}),
		},
		"facilitator turns anonymity off before any idea": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:  session.Command{Type: session.CmdUpdateSettings, Anonymous: ptr(false)},
			want: at("facilitator", session.Event{Type: session.EvSettingsUpdated, Settings: &open}),
		},
		"anonymity cannot change once there are ideas": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdUpdateSettings, Anonymous: ptr(false)},
			wantCode: session.ECONFLICT,
		},
		// a budget or cap below the votes given: decide_refunds_test.go
		"removing a horizon in use": {
			given:    concat(ideas(session.PhaseRoadmap), []session.Event{placed("i7", "Next", 0)}),
			actor:    fac,
			cmd:      session.Command{Type: session.CmdUpdateSettings, Horizons: []string{"Now", "Later"}},
			wantCode: session.ECONFLICT,
		},
		"settings with a cap of zero": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      session.Command{Type: session.CmdUpdateSettings, VoteCap: ptr(0)},
			wantCode: session.EINVALID,
		},
		"participant changes settings": {
			given: room(session.PhaseLobby), actor: p5,
			cmd:      session.Command{Type: session.CmdUpdateSettings, VoteBudget: ptr(50)},
			wantCode: session.EFORBIDDEN,
		},

		"facilitator adds a topic": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:  session.Command{Type: session.CmdAddTopic, Name: "Şəffaflıq"},
			want: at("facilitator", session.Event{Type: session.EvTopicAdded, ID: "t7", Name: "Şəffaflıq"}),
		},
		"adding a topic twice": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      session.Command{Type: session.CmdAddTopic, Name: "Integration"},
			wantCode: session.ECONFLICT,
		},
		"adding a thirteenth topic": {
			given:    []session.Event{createdWith(session.DefaultSettings(), strings.Split("a b c d e f g h i j k l", " ")...)},
			actor:    fac,
			cmd:      session.Command{Type: session.CmdAddTopic, Name: "m"},
			wantCode: session.ELIMIT,
		},
		"adding a topic without a name": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      session.Command{Type: session.CmdAddTopic, Name: " \t "},
			wantCode: session.EINVALID,
		},
		"participant adds a topic": {
			given: room(session.PhaseLobby), actor: p5,
			cmd:      session.Command{Type: session.CmdAddTopic, Name: "Mine"},
			wantCode: session.EFORBIDDEN,
		},

		"facilitator renames a topic": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:  session.Command{Type: session.CmdRenameTopic, Topic: "t2", Name: "Координация"},
			want: at("facilitator", session.Event{Type: session.EvTopicRenamed, Topic: "t2", Name: "Координация"}),
		},
		"renaming a topic that does not exist": {
			given: room(session.PhaseLobby), actor: fac,
			cmd:      session.Command{Type: session.CmdRenameTopic, Topic: "t42", Name: "x"},
			wantCode: session.ENOTFOUND,
		},

		"facilitator removes an empty topic": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:  session.Command{Type: session.CmdRemoveTopic, Topic: "t3"},
			want: at("facilitator", session.Event{Type: session.EvTopicRemoved, Topic: "t3"}),
		},
		"removing a topic with ideas": {
			given: ideas(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdRemoveTopic, Topic: "t1"},
			wantCode: session.ECONFLICT,
		},
		"removing a topic with a group": {
			given: concat(ideas(session.PhaseGroup), []session.Event{
				grouped("g10", "Data", "t3", "i7"),
			}),
			actor:    fac,
			cmd:      session.Command{Type: session.CmdRemoveTopic, Topic: "t3"},
			wantCode: session.ECONFLICT,
		},
		"removing the last topic": {
			given:    []session.Event{createdWith(session.DefaultSettings(), "Only")},
			actor:    fac,
			cmd:      session.Command{Type: session.CmdRemoveTopic, Topic: "t1"},
			wantCode: session.ECONFLICT,
		},

		"facilitator moves to the vote phase": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:  session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote},
			want: at("facilitator", phaseFrom(session.PhaseVote, session.PhaseIdeas)),
		},
		"facilitator moves back to the lobby": {
			given: room(session.PhaseClosed), actor: fac,
			cmd:  session.Command{Type: session.CmdSetPhase, Phase: session.PhaseLobby},
			want: at("facilitator", phaseFrom(session.PhaseLobby, session.PhaseClosed)),
		},
		"setting the current phase": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas},
			wantCode: session.ECONFLICT,
		},
		"setting an unknown phase": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: session.CmdSetPhase, Phase: "party"},
			wantCode: session.EINVALID,
		},
		"participant sets the phase": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: session.CmdSetPhase, Phase: session.PhaseVote},
			wantCode: session.EFORBIDDEN,
		},
	}
}

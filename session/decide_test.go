package session_test

import (
	"reflect"
	"slices"
	"testing"

	"roundtable/session"
)

// decideCase reads: given these events, when actor gives cmd, then these
// events, or an error with wantCode.
type decideCase struct {
	given    []session.Event
	actor    session.Actor
	cmd      session.Command
	want     []session.Event
	wantCode string
}

// decideTables returns every table of Decide cases by area, so the tests
// below can check that every command type is covered.
func decideTables() map[string]map[string]decideCase {
	return map[string]map[string]decideCase{
		"setup":       setupCases(),
		"ideas":       ideaCases(),
		"groups":      groupCases(),
		"votes":       voteCases(),
		"discuss":     discussCases(),
		"roadmap":     roadmapCases(),
		"participant": participantCases(),
		"timer":       timerCases(),
		"misc":        miscCases(),
		"moderation":  moderationCases(),

		// issue 15
		"agenda":  agendaCases(),
		"private": privateCases(),
		"refunds": refundCases(),
		"undo":    undoCases(),

		// issue 15, integration: undo with the clock, private rounds and moderation
		"undo_more": undoMoreCases(),

		// issue 16: breakout tables
		"tables": tableCases(),
	}
}

func TestDecide(t *testing.T) {
	for area, cases := range decideTables() {
		t.Run(area, func(t *testing.T) {
			for name, tc := range cases {
				t.Run(name, func(t *testing.T) { runDecide(t, tc) })
			}
		})
	}
}

// runDecide runs one case and checks that Decide left the state alone.
func runDecide(t *testing.T, tc decideCase) {
	t.Helper()
	s := given(t, tc.given...)
	before := jsonOf(t, s)
	got, err := session.Decide(s, tc.actor, tc.cmd, now)
	if after := jsonOf(t, s); after != before {
		t.Fatalf("Decide changed the state:\nbefore %s\nafter  %s", before, after)
	}
	if code := session.ErrorCode(err); code != tc.wantCode {
		t.Fatalf("code = %q (%v), want %q", code, err, tc.wantCode)
	}
	if tc.wantCode != "" {
		if session.ErrorMessage(err) == "" {
			t.Fatal("an error without a message")
		}
		// Every refusal can be said in the reader's language: it names its
		// message, whose English is the message.
		if e := session.AsError(err); e.Key == "" || session.Render(session.Refusals(), e.Key, e.Args) != e.Message {
			t.Fatalf("refusal %+v: no key, or its message is not its key's English", e)
		}
		if got != nil {
			t.Fatalf("events %+v with an error", got)
		}
		return
	}
	if !reflect.DeepEqual(got, tc.want) {
		t.Fatalf("events\n got  %s\n want %s", jsonOf(t, got), jsonOf(t, tc.want))
	}
}

// TestDecideCoversEveryCommand fails when a command type has no table case
// that accepts it and no case that refuses it.
func TestDecideCoversEveryCommand(t *testing.T) {
	accepted, refused := map[string]bool{}, map[string]bool{}
	for _, cases := range decideTables() {
		for _, tc := range cases {
			if tc.wantCode == "" {
				accepted[tc.cmd.Type] = true
			} else {
				refused[tc.cmd.Type] = true
			}
		}
	}
	for _, typ := range session.CommandTypes() {
		if !accepted[typ] {
			t.Errorf("no case where %s is accepted", typ)
		}
		if !refused[typ] {
			t.Errorf("no case where %s is refused", typ)
		}
	}
}

// facilitatorOnly are the commands only the facilitator may give;
// participantOnly those only a participant may give. Every other command
// is open to both, subject to the phase and ownership.
var (
	facilitatorOnly = []string{
		session.CmdCreateSession, session.CmdUpdateSettings, session.CmdAddTopic, session.CmdRenameTopic,
		session.CmdRemoveTopic, session.CmdSetPhase, session.CmdHideIdea, session.CmdShowIdea,
		session.CmdMoveIdea, session.CmdGroupIdeas, session.CmdUngroupIdea, session.CmdRenameGroup,
		session.CmdDissolveGroup, session.CmdRevealVotes, session.CmdHideVotes, session.CmdCloseVoting,
		session.CmdOpenVoting, session.CmdFocus, session.CmdNote, session.CmdPlace, session.CmdUnplace,
		session.CmdTimer,
		session.CmdRenameParticipant, session.CmdRemoveParticipant, session.CmdReadmitParticipant,
		session.CmdMakeReadOnly, session.CmdLiftReadOnly,
		session.CmdRevealIdeas, // issue 15
		// issue 16: breakout tables
		session.CmdOpenTables, session.CmdSeat, session.CmdBroadcast, session.CmdCloseTables,
	}
	participantOnly = []string{
		session.CmdJoin, session.CmdVote, session.CmdMarkDone, session.CmdClearDone, session.CmdFeedback,
		session.CmdPickTable, session.CmdRaiseHand, // issue 16
	}
	sharedCommands = []string{
		session.CmdPostIdea, session.CmdEditIdea, session.CmdDeleteIdea, session.CmdComment, session.CmdDeleteComment,
		session.CmdUndo, // issue 15: each undoes their own
		// issue 16: a table's own, or the facilitator for a table
		session.CmdSetRapporteur, session.CmdLowerHand, session.CmdPickPromotion,
	}
)

// roleCommand is a command of the given type that the right actor could
// give in the fixture: its fields are valid, so only the role can refuse it.
func roleCommand(typ string) session.Command {
	c := session.Command{
		Type: typ, Item: "i7", Topic: "t1", Text: "text", Name: "name", Institution: "IRIA",
		Phase: session.PhaseGroup, Ideas: []string{"i7"}, Delta: 1, Horizon: "Now", Rating: 3,
		Action: session.TimerStart, Seconds: 60, Participant: "p6",
	}
	if typ == session.CmdDeleteComment {
		c.Item = "c10"
	}
	return c
}

// TestDecideRoles gives every command type from every role in every phase
// and checks who is refused: observers and strangers always, participants
// on facilitator commands and the facilitator on participant commands.
func TestDecideRoles(t *testing.T) {
	if n := len(facilitatorOnly) + len(participantOnly) + len(sharedCommands); n != len(session.CommandTypes()) {
		t.Fatalf("the role lists name %d commands; Decide knows %d", n, len(session.CommandTypes()))
	}
	for _, p := range session.Phases() {
		base := concat(ideas(session.PhaseIdeas), []session.Event{
			commented("c10", "i7", "a comment", "p5", "IRIA"),
			phase(p),
		})
		if p == session.PhaseIdeas {
			base = base[:len(base)-1]
		}
		for _, typ := range session.CommandTypes() {
			cmd := roleCommand(typ)
			t.Run(string(p)+"/"+typ, func(t *testing.T) {
				s := given(t, base...)
				if _, err := session.Decide(s, observer, cmd, now); session.ErrorCode(err) != session.EFORBIDDEN {
					t.Errorf("observer: %v, want EFORBIDDEN", err)
				}
				if _, err := session.Decide(s, session.Actor{ID: "x", Role: "admin"}, cmd, now); session.ErrorCode(err) != session.EFORBIDDEN {
					t.Errorf("unknown role: %v, want EFORBIDDEN", err)
				}
				if typ != session.CmdJoin {
					if _, err := session.Decide(s, stranger, cmd, now); session.ErrorCode(err) != session.EFORBIDDEN {
						t.Errorf("participant who has not joined: %v, want EFORBIDDEN", err)
					}
				}
				switch {
				case slices.Contains(facilitatorOnly, typ):
					if _, err := session.Decide(s, p5, cmd, now); session.ErrorCode(err) != session.EFORBIDDEN {
						t.Errorf("participant: %v, want EFORBIDDEN", err)
					}
				case slices.Contains(participantOnly, typ):
					if _, err := session.Decide(s, fac, cmd, now); session.ErrorCode(err) != session.EFORBIDDEN {
						t.Errorf("facilitator: %v, want EFORBIDDEN", err)
					}
				}
			})
		}
	}
}

// TestDecideBeforeCreation refuses everything but create_session on a
// session that does not exist yet.
func TestDecideBeforeCreation(t *testing.T) {
	for _, typ := range session.CommandTypes() {
		if typ == session.CmdCreateSession {
			continue
		}
		t.Run(typ, func(t *testing.T) {
			_, err := session.Decide(session.NewState("s1"), fac, roleCommand(typ), now)
			if session.ErrorCode(err) != session.ENOTFOUND {
				t.Fatalf("%v, want ENOTFOUND", err)
			}
		})
	}
}

func miscCases() map[string]decideCase {
	return map[string]decideCase{
		"unknown command": {
			given: room(session.PhaseIdeas), actor: fac,
			cmd:      session.Command{Type: "launch_rocket"},
			wantCode: session.EINVALID,
		},
		"unknown command from a participant": {
			given: room(session.PhaseIdeas), actor: p5,
			cmd:      session.Command{Type: ""},
			wantCode: session.EINVALID,
		},
		"observer posts an idea": {
			given: room(session.PhaseIdeas), actor: observer,
			cmd:      session.Command{Type: session.CmdPostIdea, Topic: "t1", Text: "hello"},
			wantCode: session.EFORBIDDEN,
		},
		"observer with a participant's id votes": {
			given: ideas(session.PhaseVote), actor: session.Actor{ID: "p5", Role: session.RoleObserver},
			cmd:      session.Command{Type: session.CmdVote, Item: "i7", Delta: 1},
			wantCode: session.EFORBIDDEN,
		},
	}
}

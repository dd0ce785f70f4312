package participant

import (
	"testing"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestCrowdLobbyFollowsTheCounts: in a crowd the lobby says how many are
// here, from the roster's counts, and keeps up as they change; it names
// no one.
func TestCrowdLobbyFollowsTheCounts(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseLobby)
	m := newApp(f, 100, 30)
	tuitest.MustContain(t, plain(m), "5 people from 4 institutions", "Рашад Алиев")
	f.Conn.SetCrowd(protocol.Counts{Participants: 251, Online: 240, Institutions: 30})
	tuitest.Pump(m, f.Conn)
	screen := plain(m)
	tuitest.MustContain(t, screen, "251 people from 30 institutions · 240 online", "the list of names is with the facilitator")
	tuitest.MustNotContain(t, screen, "Рашад", "Leyla", "Tural", "Ольга", "(you)")
	f.Conn.SetCrowd(protocol.Counts{Participants: 1200, Online: 1187, Institutions: 45})
	tuitest.Pump(m, f.Conn)
	tuitest.MustContain(t, plain(m), "1,200 people from 45 institutions · 1,187 online")
}

// TestCrowdAuthorsAreTheirInstitutions: in a crowd that is not anonymous a
// participant's replica knows only its own person, so another's idea is
// signed with the institution the idea carries.
func TestCrowdAuthorsAreTheirInstitutions(t *testing.T) {
	f := tuitest.NewFixture(session.PhaseLobby)
	open := false
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, Anonymous: &open})
	f.Conn.SetCrowd(protocol.Counts{Participants: 300, Online: 300, Institutions: 40})
	f.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	topic := f.Conn.Srv.Topics[0].ID
	f.Conn.By(f.Others["rashad"], session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "Единая подпись"})
	f.Conn.Send(session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "Vahid portal"})
	m := newApp(f, 120, 40)
	screen := plain(m)
	tuitest.MustContain(t, screen, "Единая подпись", "Министерство цифрового развития", "Vahid portal")
	tuitest.MustNotContain(t, screen, "Рашад")
	// The same session out of a crowd names him: the check above is
	// about the crowd, not about the fixture.
	g := tuitest.NewFixture(session.PhaseLobby)
	g.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, Anonymous: &open})
	g.Conn.Fac(session.Command{Type: session.CmdSetPhase, Phase: session.PhaseIdeas})
	g.Conn.By(g.Others["rashad"], session.Command{Type: session.CmdPostIdea, Topic: topic, Text: "Единая подпись"})
	tuitest.MustContain(t, plain(newApp(g, 120, 40)), "Рашад Алиев · Министерство цифрового развития")
}

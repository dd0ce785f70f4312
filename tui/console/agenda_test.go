package console

import (
	"strings"
	"testing"
	"time"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// TestConsoleStartsTheAgendaTimer: moving forward into a phase the agenda
// plans minutes for starts that timer for everyone (the hub does, by the
// agenda in the session's settings; the console sends no timer command);
// going back stops the timer and starts nothing.
func TestConsoleStartsTheAgendaTimer(t *testing.T) {
	tests := map[string]struct {
		from session.Phase
		key  string
		want time.Duration // the timer after the move; 0 for none
	}{
		"forward into a planned phase": {from: session.PhaseIdeas, key: ">", want: 7 * time.Minute},
		"forward, nothing planned":     {from: session.PhaseGroup, key: ">"},
		"back into a planned phase":    {from: session.PhaseVote, key: "<"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := consoleFixture(tc.from)
			withAgenda(f)
			m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin()})
			m.Update(windowSize(100, 30))
			tuitest.Pump(m, f.Conn)
			cpress(m, f.Conn, tc.key, "y")
			if timers := f.Conn.SentOf(session.CmdTimer); len(timers) != 0 {
				t.Fatalf("the console sent timer commands: %+v", timers)
			}
			timer := hub(f.Conn, func(st *session.State) session.Timer { return st.Timer })
			if tc.want == 0 {
				if timer.Set() {
					t.Fatalf("a timer is left after the move: %+v", timer)
				}
				return
			}
			if !timer.Running || timer.Duration != tc.want {
				t.Fatalf("timer %+v, want %v running", timer, tc.want)
			}
			if s := cplain(m); !strings.Contains(s, "agenda's timer of 07:00") {
				t.Errorf("the console does not say the agenda's timer started:\n%s", s)
			}
		})
	}
}

// withAgenda plans seven minutes of grouping in the fixture's session.
func withAgenda(f *tuitest.Fixture) {
	a := session.Agenda{Phases: map[session.Phase]time.Duration{session.PhaseGroup: 7 * time.Minute}}
	f.Conn.Fac(session.Command{Type: session.CmdUpdateSettings, Agenda: &a})
}

// TestConsoleJoinPanelShowsEveryWayIn: the lobby's join panel gives the
// wss:// command with the fingerprint to pin, and the SSH commands with
// the host key, at the smallest console size.
func TestConsoleJoinPanelShowsEveryWayIn(t *testing.T) {
	fp := strings.Repeat("ab", 32)
	f := consoleFixture(session.PhaseLobby)
	j := testJoin()
	j.Addrs = j.Addrs[:1]
	j.Fingerprint = fp
	j.SSH = []string{"ssh -p 2222 C0N50L@192.168.1.20"}
	j.SSHFingerprint = "SHA256:Zm9vYmFy"
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: j})
	m.Update(windowSize(160, 45))
	tuitest.Pump(m, f.Conn)
	s := cplain(m)
	for _, want := range []string{
		"roundtable join wss://192.168.1.20:7777 --code C0N50L \\",
		"--fingerprint " + fp,
		"ssh -p 2222 C0N50L@192.168.1.20",
		"SSH host key: SHA256:Zm9vYmFy",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the join panel lacks %q:\n%s", want, s)
		}
	}
	m.Update(windowSize(100, 30))
	if s := cplain(m); !strings.Contains(s, "ssh -p 2222 C0N50L@192.168.1.20") {
		t.Errorf("at 100×30 the SSH command is missing:\n%s", s)
	}
}

// TestConsoleCoFacilitatorCommand: the token is never on screen until
// ctrl+t asks for it; then the whole command shows, wrapped, with a
// warning, and esc hides it again.
func TestConsoleCoFacilitatorCommand(t *testing.T) {
	token := strings.Repeat("k", 52)
	cmd := "roundtable console 192.168.1.20:7777 --token " + token
	f := consoleFixture(session.PhaseIdeas)
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), CoFacilitator: cmd})
	m.Update(windowSize(100, 30))
	tuitest.Pump(m, f.Conn)
	if strings.Contains(cplain(m), token[:20]) {
		t.Fatal("the token is on screen before ctrl+t")
	}
	cpress(m, f.Conn, "ctrl+t")
	s := cplain(m)
	if !strings.Contains(s, "roundtable console 192.168.1.20:7777 --token") || !strings.Contains(s, token) || !strings.Contains(s, "Keep this private") {
		t.Fatalf("ctrl+t does not show the whole command with a warning:\n%s", s)
	}
	cpress(m, f.Conn, "esc")
	if strings.Contains(cplain(m), token[:20]) {
		t.Fatal("esc does not hide the token")
	}
}

// TestConsoleStartNoticeIsWrapped: the host's start notice (which session,
// which set-up flags were ignored) is read whole at 100 columns, not cut
// at the first line.
func TestConsoleStartNoticeIsWrapped(t *testing.T) {
	notice := `Continuing session 46db6fbc "Rəqəmsal inkişaf", still open in the ideas phase: same join code NZ95GG, participants reconnect by themselves. Ignored --title, --topics: set-up for a new session only; session 46db6fbc keeps its own.`
	f := consoleFixture(session.PhaseIdeas)
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), Notice: notice})
	m.Update(windowSize(100, 30))
	tuitest.Pump(m, f.Conn)
	s := cplain(m)
	for _, want := range []string{"Continuing session 46db6fbc", "reconnect by themselves.", "Ignored --title, --topics", "keeps its own."} {
		if !strings.Contains(s, want) {
			t.Errorf("the console does not show %q of its start notice:\n%s", want, s)
		}
	}
	if lines := strings.Split(s, "\n"); len(lines) > 30 {
		t.Errorf("the console is %d lines tall in a 30-line window", len(lines))
	}
}

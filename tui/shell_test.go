package tui

import (
	"errors"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/server/client"
	"roundtable/session"
)

// stubConn is a connection whose next Drain and status the test sets.
type stubConn struct {
	status client.Status
	next   client.Update
	state  *session.State
	crowd  *protocol.Counts
}

func (c *stubConn) Send(session.Command) string { return "op" }
func (c *stubConn) State() *session.State       { return c.state }
func (c *stubConn) Me() (string, session.Role)  { return "", session.RoleObserver }
func (c *stubConn) Status() client.Status       { return c.status }
func (c *stubConn) Pending() int                { return 0 }
func (c *stubConn) Online() []string            { return nil }
func (c *stubConn) Changes() <-chan struct{}    { return nil }
func (c *stubConn) Drain() (u client.Update)    { u, c.next = c.next, client.Update{}; return u }
func (c *stubConn) Crowd() (protocol.Counts, bool) {
	if c.crowd == nil {
		return protocol.Counts{}, false
	}
	return *c.crowd, true
}

// TestShellFollowsTheCrowd: the counts of a crowd reach the cached view
// with the news that changed them, and leave it when the room is not one
// for this connection any more.
func TestShellFollowsTheCrowd(t *testing.T) {
	conn := &stubConn{status: client.Online, state: session.NewState("s1")}
	s := NewShell(conn, nil, true)
	if s.Crowd != nil {
		t.Fatalf("Crowd = %+v before any crowd", s.Crowd)
	}
	conn.crowd = &protocol.Counts{Participants: 1200, Online: 1187, Institutions: 45}
	conn.next = client.Update{Presence: true}
	s.Update(ChangeMsg{})
	if s.Crowd == nil || *s.Crowd != *conn.crowd {
		t.Fatalf("Crowd = %+v; want %+v", s.Crowd, conn.crowd)
	}
	conn.crowd.Online = 1100
	if s.Crowd.Online != 1187 {
		t.Fatal("the view shares the connection's counts; want a copy")
	}
	conn.crowd = nil
	conn.next = client.Update{Presence: true}
	s.Update(ChangeMsg{})
	if s.Crowd != nil {
		t.Fatalf("Crowd = %+v after a welcome without one", s.Crowd)
	}
}

// TestShellPassesAConnectionErrorOnce: the client reports its last error
// at every drain; the shell tells the app only when it is new.
func TestShellPassesAConnectionErrorOnce(t *testing.T) {
	conn := &stubConn{status: client.Online, state: session.NewState("s1")}
	s := NewShell(conn, nil, true)
	lost := errors.New("lost")
	var got []error
	for _, e := range []error{lost, lost, nil, lost} {
		conn.next = client.Update{Err: e}
		ev, news, cmd := s.Update(ChangeMsg{})
		if ev != Changed || cmd == nil {
			t.Fatalf("a change gave %v and command %v", ev, cmd)
		}
		got = append(got, news.Err)
	}
	if got[0] != lost || got[1] != nil || got[2] != nil || got[3] != lost {
		t.Errorf("errors passed on: %v, want [lost <nil> <nil> lost]", got)
	}
}

// TestShellNewsKeepsWhatWasBefore: an app compares the phase and status
// before the news with the ones after it.
func TestShellNewsKeepsWhatWasBefore(t *testing.T) {
	conn := &stubConn{status: client.Online, state: session.NewState("s1")}
	s := NewShell(conn, nil, true)
	next := session.NewState("s1")
	next.Phase = session.PhaseIdeas
	conn.state, conn.status = next, client.Paused
	conn.next = client.Update{Snapshot: true}
	_, news, _ := s.Update(ChangeMsg{})
	if news.Phase != session.PhaseLobby || news.Status != client.Online {
		t.Errorf("before the news: %s %s, want lobby online", news.Phase, news.Status)
	}
	if s.St.Phase != session.PhaseIdeas || s.Status != client.Paused {
		t.Errorf("after the news: %s %s, want ideas paused", s.St.Phase, s.Status)
	}
	conn.status = client.Offline
	if ev, _, _ := s.Update(ClosedMsg{}); ev != Closed || s.Status != client.Closed {
		t.Errorf("a closed connection gave %v with status %s", ev, s.Status)
	}
}

// TestShellAnswer: y runs the action, ctrl+c quits at a question about
// quitting, any other key changes nothing.
func TestShellAnswer(t *testing.T) {
	conn := &stubConn{state: session.NewState("s1")}
	s := NewShell(conn, nil, true)
	if _, ok := s.Answer(tea.KeyPressMsg{Code: 'y', Text: "y"}); ok {
		t.Fatal("answered with no question")
	}
	ran := 0
	run := func() tea.Cmd { ran++; return nil }
	s.Ask("Delete it?", run)
	s.Answer(tea.KeyPressMsg{Code: 'y', Text: "y"})
	s.Ask("Delete it?", run)
	s.Answer(tea.KeyPressMsg{Code: 'n', Text: "n"})
	if ran != 1 || s.Notice != "Nothing changed." || s.Confirm != nil {
		t.Errorf("ran %d times, notice %q, question %v", ran, s.Notice, s.Confirm)
	}
	s.Ask("Quit the console?", run)
	if cmd, _ := s.Answer(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}); cmd == nil {
		t.Error("ctrl+c at the quit question did not quit")
	}
}

// TestShellMeasuresAsTheTerminalReports: Unicode core support switches to
// grapheme widths; other modes change nothing.
func TestShellMeasuresAsTheTerminalReports(t *testing.T) {
	s := NewShell(&stubConn{state: session.NewState("s1")}, nil, true)
	if ev, _, _ := s.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeNotRecognized}); ev != Handled || s.Cells.Method() != ansi.WcWidth {
		t.Fatalf("an unrecognised mode gave %v and method %v", ev, s.Cells.Method())
	}
	if ev, _, _ := s.Update(tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeSet}); ev != Remeasured || s.Cells.Method() != ansi.GraphemeWidth {
		t.Errorf("Unicode core support gave %v and method %v", ev, s.Cells.Method())
	}
}

// TestShellSwitchesLanguage: F2, ctrl+l and ctrl+д (ctrl+l on a Russian
// layout) cycle English → Azerbaijani → Russian → English, say the new
// language by its own name, and translate the keys' help for every holder
// of Keys; a question waiting for y keeps waiting.
func TestShellSwitchesLanguage(t *testing.T) {
	s := NewShell(&stubConn{state: session.NewState("s1")}, nil, true)
	keys := s.Keys // as a screen holds them
	s.Ask("Delete it?", func() tea.Cmd { return nil })
	steps := []struct {
		key      tea.KeyPressMsg
		tag      lang.Tag
		notice   string
		help     string
		phase    string
		nothing  string
		spaceKey string
	}{
		{tea.KeyPressMsg{Code: tea.KeyF2}, lang.AZ, "Azərbaycanca", "kömək", "İdeyalar", "Heç nə dəyişmədi.", "boşluq/+"},
		{tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl}, lang.RU, "Русский", "справка", "Идеи", "Ничего не изменилось.", "пробел/+"},
		{tea.KeyPressMsg{Code: 'д', Mod: tea.ModCtrl}, lang.EN, "English", "help", "Ideas", "Nothing changed.", "space/+"},
	}
	for _, st := range steps {
		ev, _, _ := s.Update(st.key)
		if ev != LangChanged || s.L.Tag() != st.tag {
			t.Fatalf("%s gave %v and language %s, want LangChanged and %s", st.key, ev, s.L.Tag(), st.tag)
		}
		if s.Notice != st.notice || keys.Help.Help().Desc != st.help || keys.VoteAdd.Help().Key != st.spaceKey || PhaseName(s.L, session.PhaseIdeas) != st.phase {
			t.Errorf("in %s: notice %q, help %q, vote key %q, phase %q", st.tag, s.Notice, keys.Help.Help().Desc, keys.VoteAdd.Help().Key, PhaseName(s.L, session.PhaseIdeas))
		}
		if s.Confirm == nil {
			t.Fatalf("switching language dropped the question")
		}
	}
	s.SetLang(lang.RU)
	s.Answer(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if s.Notice != "Ничего не изменилось." {
		t.Errorf("the answer's notice is %q", s.Notice)
	}
	if ev, _, _ := s.Update(tea.KeyPressMsg{Code: 'l', Text: "l"}); ev != Unhandled {
		t.Errorf("a plain l gave %v; it is the app's", ev)
	}
}

// TestShellAnswersOnAnyLayout: н, where y is on a Russian layout, says
// yes; ctrl+c quits at a question AskQuit asked, whatever its words.
func TestShellAnswersOnAnyLayout(t *testing.T) {
	s := NewShell(&stubConn{state: session.NewState("s1")}, nil, true)
	ran := 0
	s.Ask("Удалить?", func() tea.Cmd { ran++; return nil })
	s.Answer(tea.KeyPressMsg{Code: 'н', Text: "н"})
	if ran != 1 {
		t.Errorf("н did not answer yes")
	}
	s.AskQuit("Выйти?", func() tea.Cmd { return nil })
	if cmd, _ := s.Answer(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}); cmd == nil {
		t.Error("ctrl+c at AskQuit's question did not quit")
	}
}

// TestShellWrapsTheQuestion: a question waiting for y is wrapped, not cut,
// so a long Azerbaijani or Russian question shows its end; past max lines
// the last one ends in "…".
func TestShellWrapsTheQuestion(t *testing.T) {
	s := NewShell(&stubConn{state: session.NewState("s1")}, nil, true)
	q := "Выйти и остановить сервер? Все увидят, что сервер приостановлен; сессия сохранится, и её можно продолжить той же командой."
	s.Ask(q, func() tea.Cmd { return nil })
	lines := s.NoticeLines(60, 3)
	if len(lines) < 2 {
		t.Fatalf("the question takes %d line at 60 cells: %q", len(lines), lines)
	}
	var words []string
	for _, l := range lines {
		l = ansi.Strip(l)
		if s.Cells.Width(l) > 60 {
			t.Errorf("a line is wider than 60 cells: %q", l)
		}
		words = append(words, l)
	}
	if got := strings.Join(words, " "); got != q {
		t.Errorf("the question reads %q, want %q", got, q)
	}
	if last := ansi.Strip(s.NoticeLines(30, 2)[1]); !strings.HasSuffix(last, "…") {
		t.Errorf("cut to two lines, the question does not end in …: %q", last)
	}
}

package console

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/lang"
	"roundtable/session"
	"roundtable/tui"
	"roundtable/tui/internal/tuitest"
)

// startConsoleFlow runs the console in a teatest program on the fixture's
// connection.
func startConsoleFlow(t *testing.T, f *tuitest.Fixture, w, h int) *teatest.TestModel {
	t.Helper()
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: t.TempDir()})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	t.Cleanup(f.Conn.Close)
	return tm
}

// hub runs fn on the hub's full state under the fake's lock.
func hub[T any](f *tuitest.FakeConn, fn func(st *session.State) T) T {
	f.Mu.Lock()
	defer f.Mu.Unlock()
	return fn(f.Srv)
}

// finishConsole quits the console (q, y) and returns its last screen.
func finishConsole(t *testing.T, f *tuitest.Fixture, tm *teatest.TestModel) string {
	t.Helper()
	tuitest.Eventually(t, "the console to take in the news", f.Conn.Drained)
	tm.Send(tuitest.KeyMsg("q"))
	tm.Send(tuitest.KeyMsg("y"))
	fm := tuitest.Unwatched(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)))
	m, ok := fm.(*Console)
	if !ok {
		t.Fatalf("final model is %T", fm)
	}
	return cplain(m)
}

func TestConsoleFlowPhaseChange(t *testing.T) {
	tests := map[string]struct {
		confirm string
		want    session.Phase
	}{
		"y moves on":          {confirm: "y", want: session.PhaseGroup},
		"another key stays":   {confirm: "n", want: session.PhaseIdeas},
		"esc stays in a flow": {confirm: "esc", want: session.PhaseIdeas},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := consoleFixture(session.PhaseIdeas)
			tm := startConsoleFlow(t, f, 100, 30)
			tm.Send(tuitest.KeyMsg(">"))
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
				return strings.Contains(string(b), "not done with Ideas")
			}, teatest.WithDuration(5*time.Second))
			if got := len(f.Conn.SentOf(session.CmdSetPhase)); got != 0 {
				t.Fatalf("the phase changed before y: %d set_phase sent", got)
			}
			tm.Send(tuitest.KeyMsg(tc.confirm))
			if tc.want != session.PhaseIdeas {
				tuitest.Eventually(t, "the phase change", func() bool {
					return hub(f.Conn, func(st *session.State) bool { return st.Phase == tc.want })
				})
			}
			screen := finishConsole(t, f, tm)
			if got := hub(f.Conn, func(st *session.State) session.Phase { return st.Phase }); got != tc.want {
				t.Errorf("phase %s, want %s", got, tc.want)
			}
			if !strings.Contains(screen, tui.PhaseName(nil, tc.want)+" ") {
				t.Errorf("the header does not show %s:\n%s", tui.PhaseName(nil, tc.want), screen)
			}
		})
	}
}

func TestConsoleFlowMerge(t *testing.T) {
	f := consoleFixture(session.PhaseGroup)
	ideas := []string{f.Ideas["registry"], f.Ideas["wide"]}
	tm := startConsoleFlow(t, f, 160, 45)
	// the third topic holds two ungrouped ideas: mark both, merge, name
	for _, k := range []string{"tab", "tab", "space", "space", "m"} {
		tm.Send(tuitest.KeyMsg(k))
	}
	name := "Məlumat reyestri — реестр 📇"
	tm.Type(name)
	tm.Send(tuitest.KeyMsg("enter"))
	tuitest.Eventually(t, "the new group", func() bool {
		return hub(f.Conn, func(st *session.State) bool {
			for _, g := range st.Groups {
				if g.Name == name {
					return slices.Equal(g.Ideas, ideas)
				}
			}
			return false
		})
	})
	screen := finishConsole(t, f, tm)
	if !strings.Contains(screen, "▣ "+name) {
		t.Errorf("the group is not on the screen:\n%s", screen)
	}
}

func TestConsoleFlowPlace(t *testing.T) {
	f := consoleFixture(session.PhaseRoadmap)
	item := f.Ideas["registry"] // the first candidate not yet placed
	tm := startConsoleFlow(t, f, 100, 30)
	// past the 3 placed items to the first unplaced one
	for _, k := range []string{"down", "down", "down", "p"} {
		tm.Send(tuitest.KeyMsg(k))
	}
	tm.Type("lat") // searches the horizons: Later
	tm.Send(tuitest.KeyMsg("enter"))
	tm.Type("Мин") // searches the institutions present
	tm.Send(tuitest.KeyMsg("enter"))
	tm.Send(tuitest.KeyMsg("enter")) // the suggested supporters
	tuitest.Eventually(t, "the placement", func() bool {
		return hub(f.Conn, func(st *session.State) bool { return st.Roadmap[item] != nil })
	})
	got := hub(f.Conn, func(st *session.State) session.RoadmapItem { return *st.Roadmap[item] })
	if got.Horizon != "Later" || got.Lead != "Министерство цифрового развития" || got.Order != 1 {
		t.Errorf("placed %+v, want Later #1 led by the ministry", got)
	}
	if slices.Contains(got.Supporters, got.Lead) || len(got.Supporters) == 0 {
		t.Errorf("supporters %q: want the backing institutions without the lead", got.Supporters)
	}
	screen := finishConsole(t, f, tm)
	if !strings.Contains(screen, "Later (1)") {
		t.Errorf("the road map does not show the item under Later:\n%s", screen)
	}
}

func TestTimerCommand(t *testing.T) {
	now := tuitest.T0
	running := session.Timer{Running: true, EndsAt: now.Add(time.Minute), Duration: 5 * time.Minute}
	paused := session.Timer{Remaining: time.Minute, Duration: 5 * time.Minute}
	tests := map[string]struct {
		timer  session.Timer
		text   string
		action string
		secs   int
		err    bool
	}{
		"minutes start":          {text: "5", action: session.TimerStart, secs: 300},
		"minutes and seconds":    {text: "2:30", action: session.TimerStart, secs: 150},
		"half a minute":          {text: "0.5", action: session.TimerStart, secs: 30},
		"plus one extends":       {timer: running, text: "+1", action: session.TimerExtend, secs: 60},
		"minus one shortens":     {timer: running, text: "-1", action: session.TimerExtend, secs: -60},
		"extend without a timer": {text: "+5", err: true},
		"p pauses":               {timer: running, text: "p", action: session.TimerPause},
		"p resumes":              {timer: paused, text: "p", action: session.TimerResume},
		"s stops":                {timer: paused, text: "s", action: session.TimerStop},
		"nonsense":               {text: "soon", err: true},
		"too long":               {text: "300", err: true},
		"empty does nothing":     {text: " "},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cmd, _, err := timerCommand(lang.New(lang.EN), tc.timer, now, tc.text)
			if (err != "") != tc.err {
				t.Fatalf("error %q, want an error: %v", err, tc.err)
			}
			if cmd.Action != tc.action || cmd.Seconds != tc.secs {
				t.Errorf("got %s %d, want %s %d", cmd.Action, cmd.Seconds, tc.action, tc.secs)
			}
		})
	}
}

func TestConsoleTimeUpRingsOnce(t *testing.T) {
	f := consoleFixture(session.PhaseIdeas)
	clock := tuitest.FixedNow()
	m := New(f.Conn, Options{Now: func() time.Time { return clock }, Join: testJoin()})
	m.Update(windowSize(100, 30))
	tuitest.Pump(m, f.Conn)
	if cmd := m.timeUp(); cmd != nil {
		t.Fatal("the bell rang while time is left")
	}
	clock = tuitest.T0.Add(6 * time.Minute)
	if cmd := m.timeUp(); cmd == nil {
		t.Fatal("the bell did not ring when time ran out")
	}
	if cmd := m.timeUp(); cmd != nil {
		t.Error("the bell rang twice")
	}
	if out := cplain(m); !strings.Contains(out, "Time is up") {
		t.Errorf("the console does not say that time is up:\n%s", out)
	}
}

package console

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// exportFlow runs the console in a teatest program whose export dialog
// offers dir, and follows its screen.
func exportFlow(t *testing.T, phase session.Phase, dir string) (*teatest.TestModel, *tuitest.Fixture, tuitest.Watched) {
	t.Helper()
	f := consoleFixture(phase)
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: dir, ExportBesideDB: true})
	w := tuitest.Watch(m)
	tm := teatest.NewTestModel(t, w, teatest.WithInitialTermSize(160, 45))
	t.Cleanup(f.Conn.Close)
	return tm, f, w
}

// keys sends named keys to the program.
func keys(tm *teatest.TestModel, names ...string) {
	for _, k := range names {
		tm.Send(tuitest.KeyMsg(k))
	}
}

// TestExportDialogFlow: e opens the dialog in any phase; the formats are
// chosen (several at once), the files go to the folder offered, and the
// dialog shows their full paths. A second export of the same day finds the
// names taken and asks: n writes new names beside them, o overwrites; the
// files already there are never changed without asking.
func TestExportDialogFlow(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "roadmap-s1-2026-03-10.md")
	html := filepath.Join(dir, "roadmap-s1-2026-03-10.html")

	tm, f, scr := exportFlow(t, session.PhaseDiscuss, dir)
	keys(tm, "e")
	scr.WaitFor(t, "Export the draft road map", "beside the database")
	keys(tm, "down", "space", "down", "space", "enter") // JSON and CSV off
	scr.WaitFor(t, "2 files written:", md, html)
	finishConsole(t, f, tm)
	for _, p := range []string{md, html} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "10 March 2026, 10:00 UTC") {
			t.Errorf("%s does not say it was generated at the console's time", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "roadmap-s1-2026-03-10.json")); err == nil {
		t.Error("JSON was written though it was not chosen")
	}

	// the same names again: asked, and n writes new names
	mine := []byte("the facilitator's own edits")
	if err := os.WriteFile(md, mine, 0o644); err != nil {
		t.Fatal(err)
	}
	tm, f, scr = exportFlow(t, session.PhaseRoadmap, dir)
	keys(tm, "e", "enter")
	scr.WaitFor(t, "These 2 files already exist:", "n new names")
	keys(tm, "n")
	md2 := filepath.Join(dir, "roadmap-s1-2026-03-10-2.md")
	scr.WaitFor(t, "4 files written:", md2, "so these have new names")
	finishConsole(t, f, tm)
	if b, _ := os.ReadFile(md); string(b) != string(mine) {
		t.Errorf("the file already there was changed: %q", b)
	}
	if _, err := os.Stat(md2); err != nil {
		t.Errorf("the new name was not written: %v", err)
	}

	// and o overwrites, once asked
	tm, f, scr = exportFlow(t, session.PhaseClosed, dir)
	keys(tm, "e", "enter")
	scr.WaitFor(t, "already exist:")
	keys(tm, "o")
	scr.WaitFor(t, "4 files written:")
	finishConsole(t, f, tm)
	if b, _ := os.ReadFile(md); string(b) == string(mine) || !strings.Contains(string(b), "Rəqəmsal Liderlik") {
		t.Errorf("o did not overwrite the road map: %.80q", b)
	}
}

// TestExportDialogFolder: the folder row opens a field; the files go to
// the folder typed there.
func TestExportDialogFolder(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "sub")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	tm, f, scr := exportFlow(t, session.PhaseIdeas, dir)
	keys(tm, "e", "down", "down", "down", "down", "enter")
	scr.WaitFor(t, "Export folder")
	tm.Send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // empties the field
	tm.Type(other)
	keys(tm, "enter", "enter")
	want := filepath.Join(other, "roadmap-s1-2026-03-10.csv")
	scr.WaitFor(t, "4 files written:", want)
	finishConsole(t, f, tm)
	if _, err := os.Stat(want); err != nil {
		t.Error(err)
	}
}

// TestExportDialogNeedsAFormat: with no format ticked nothing is written
// and the dialog says to choose one; у (e on a Russian layout) opens it.
func TestExportDialogNeedsAFormat(t *testing.T) {
	dir := t.TempDir()
	f := consoleFixture(session.PhaseVote)
	m := newConsoleApp(f, 100, 30, dir)
	cpress(m, f.Conn, "у")
	if !m.export.open {
		t.Fatal("у (e on a Russian layout) does not open the export dialog")
	}
	cpress(m, f.Conn, "space", "down", "space", "down", "space", "down", "space", "enter")
	tuitest.MustContain(t, cplain(m), "Choose at least one format")
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("with no format chosen, %d files were written", len(files))
	}
	cpress(m, f.Conn, "esc")
	if m.export.open {
		t.Error("esc does not close the dialog")
	}
}

// TestExportTellsTheHost: a written export is told to Options.Exported
// (the host marks the session exported in its database) with the time it
// was made; an export that writes nothing is not.
func TestExportTellsTheHost(t *testing.T) {
	dir := t.TempDir()
	f := consoleFixture(session.PhaseRoadmap)
	told := make(chan time.Time, 4)
	m := New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: dir,
		Exported: func(at time.Time) { told <- at }})
	w := tuitest.Watch(m)
	tm := teatest.NewTestModel(t, w, teatest.WithInitialTermSize(160, 45))
	t.Cleanup(f.Conn.Close)
	keys(tm, "e", "enter")
	w.WaitFor(t, "4 files written:")
	if at := <-told; !at.Equal(tuitest.FixedNow()) {
		t.Errorf("told %v, want the console's time %v", at, tuitest.FixedNow())
	}
	finishConsole(t, f, tm)

	// the names are taken now: the dialog asks, and nothing is written
	f = consoleFixture(session.PhaseRoadmap)
	m = New(f.Conn, Options{Now: tuitest.FixedNow, Dark: true, Join: testJoin(), ExportDir: dir,
		Exported: func(at time.Time) { told <- at }})
	w = tuitest.Watch(m)
	tm = teatest.NewTestModel(t, w, teatest.WithInitialTermSize(160, 45))
	t.Cleanup(f.Conn.Close)
	keys(tm, "e", "enter")
	w.WaitFor(t, "already exist:")
	finishConsole(t, f, tm)
	select {
	case at := <-told:
		t.Errorf("told of an export that wrote nothing (%v)", at)
	default:
	}
}

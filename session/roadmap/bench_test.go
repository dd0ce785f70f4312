package roadmap

import (
	"fmt"
	"io"
	"testing"

	"roundtable/session"
)

// largeWorkshop builds, through the domain, a session the size of the
// reference programme: 65 participants from 45 institutions, 500 ideas in
// four topics, 50 groups of three, every vote budget spent, 300 comments,
// notes on 30 items, 40 items on the road map and feedback from 60.
func largeWorkshop(tb testing.TB) *session.State {
	tb.Helper()
	f := newFixture(tb, "s-large", "digital.leadership — Day 2", true, nil, nil)
	people := make([]session.Actor, 65)
	for k := range people {
		people[k] = f.join(fmt.Sprintf("Participant %d", k+1), fmt.Sprintf("Dövlət qurumu №%d", k%45+1))
	}
	f.phase(session.PhaseIdeas)
	ideas := make([]string, 500)
	for k := range ideas {
		ideas[k] = f.post(people[k%65], k%4, fmt.Sprintf("İdeya %d: rəqəmsal xidmətlərin inteqrasiyası, координация и обмен данными #%d", k+1, k%17))
	}
	f.phase(session.PhaseGroup)
	var items []string
	for k := range 50 {
		// three ideas of one topic: k, k+4, k+8 within a block of twelve
		base := (k/4)*12 + k%4
		items = append(items, f.group(fmt.Sprintf("Mövzu %d", k+1), ideas[base], ideas[base+4], ideas[base+8]))
	}
	for _, id := range ideas {
		if f.s.Ideas[id].Group == "" {
			items = append(items, id)
		}
	}
	f.phase(session.PhaseVote)
	for k, p := range people {
		for v := range 5 {
			f.vote(p, items[(k*7+v*13)%len(items)], 1)
		}
	}
	f.fac(session.Command{Type: session.CmdRevealVotes})
	f.phase(session.PhaseDiscuss)
	for k := range 300 {
		f.comment(people[k%65], items[k%60], fmt.Sprintf("Şərh %d: bu, vacibdir, amma büdcə lazımdır.", k+1))
	}
	for k := range 30 {
		f.note(items[k], fmt.Sprintf("Notes on item %d.\nSecond line.", k+1), "Agreed.")
	}
	f.phase(session.PhaseRoadmap)
	h := f.s.Settings.Horizons
	for k := range 40 {
		f.place(items[k], h[k%len(h)], fmt.Sprintf("Dövlət qurumu №%d", k%45+1), 0, "Dövlət qurumu №1", "Dövlət qurumu №2")
	}
	f.phase(session.PhaseClosed)
	for k := range 60 {
		f.feedback(people[k], 1+k%5, "Faydalı idi.")
	}
	return f.s
}

// BenchmarkExport65x500 exports the large session: Build alone, Build and
// each format, and Build with all four formats. The goal is ≤ 200 ms per
// export.
func BenchmarkExport65x500(b *testing.B) {
	s := largeWorkshop(b)
	opts := Options{Generated: generated}
	run := map[string]func(){
		"build": func() { Build(s, opts) },
		"all": func() {
			r := Build(s, opts)
			for _, f := range Formats() {
				if err := Render(io.Discard, r, f); err != nil {
					b.Fatal(err)
				}
			}
		},
	}
	for _, f := range Formats() {
		run[f] = func() {
			if err := Render(io.Discard, Build(s, opts), f); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, name := range append([]string{"build"}, append(Formats(), "all")...) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				run[name]()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
		})
	}
}

// TestLargeWorkshopExports checks the benchmark's session is what it claims,
// so the benchmark measures the size the goal names.
func TestLargeWorkshopExports(t *testing.T) {
	s := largeWorkshop(t)
	r := Build(s, Options{Generated: generated})
	placed := 0
	for _, sec := range r.Sections {
		placed += len(sec.Items)
	}
	if r.Participants != 65 || r.Institutions != 45 || len(s.Ideas) != 500 || len(s.Groups) != 50 || placed != 40 || len(s.Comments) != 300 {
		t.Fatalf("participants %d institutions %d ideas %d groups %d placed %d comments %d",
			r.Participants, r.Institutions, len(s.Ideas), len(s.Groups), placed, len(s.Comments))
	}
	for _, f := range Formats() {
		render(t, r, f)
	}
}

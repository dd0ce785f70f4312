package roadmap

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"roundtable/session"
)

// ids returns the ids of items, in order.
func ids(items []Item) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// titled returns the id of the item or idea with the given text in s.
func titled(tb testing.TB, s *session.State, title string) string {
	tb.Helper()
	for _, i := range s.Ideas {
		if i.Text == title {
			return i.ID
		}
	}
	for _, g := range s.Groups {
		if g.Name == title {
			return g.ID
		}
	}
	tb.Fatalf("no item %q", title)
	return ""
}

func TestBuildRanksItemsByHorizonThenOrder(t *testing.T) {
	f := workshop(t, true)
	r := Build(f.s, Options{Generated: generated})
	id := func(title string) string { return titled(t, f.s, title) }
	want := map[string]struct {
		section int
		items   []string
	}{
		"development with two horizons": {0, []string{id("Qarşılıqlı fəaliyyət: platform + API"), id("Rəqəmsal bacarıqlar üzrə təlim proqramı\nhər nazirlik üçün")}},
		"coordination now before later": {1, []string{id("Единый реестр государственных ИТ-проектов"), id("Monthly CIO council, с протоколом")}},
		"transparency":                  {2, []string{id("Publish service KPIs monthly 📊")}},
		"data management group":         {3, []string{id("Məlumat keyfiyyəti")}},
		"empty topic keeps its section": {4, []string{}},
	}
	if len(r.Sections) != 5 {
		t.Fatalf("sections = %d, want one per topic (5)", len(r.Sections))
	}
	for name, tc := range want {
		t.Run(name, func(t *testing.T) {
			sec := r.Sections[tc.section]
			if sec.Topic.ID != f.s.Topics[tc.section].ID {
				t.Errorf("section %d is topic %s, want %s", tc.section, sec.Topic.ID, f.s.Topics[tc.section].ID)
			}
			if got := ids(sec.Items); !slices.Equal(got, tc.items) {
				t.Errorf("items = %v, want %v", got, tc.items)
			}
			for k, it := range sec.Items {
				if it.Rank != k+1 || it.Placement == nil {
					t.Errorf("item %s: rank %d placement %v", it.ID, it.Rank, it.Placement)
				}
			}
		})
	}
}

func TestBuildRanksWithinHorizonByOrderThenVotesThenID(t *testing.T) {
	f := newFixture(t, "s", "Ties", true, []string{"A"}, nil)
	p := f.join("P", "Inst")
	f.phase(session.PhaseIdeas)
	a := f.post(p, 0, "a")
	b := f.post(p, 0, "b")
	c := f.post(p, 0, "c")
	f.phase(session.PhaseVote)
	f.vote(p, c, 2)
	f.place(a, "Later", "", 0)
	f.place(b, "Now", "", 0)
	f.place(c, "Now", "", 1) // first in Now
	r := Build(f.s, Options{Generated: generated})
	if got, want := ids(r.Sections[0].Items), []string{c, b, a}; !slices.Equal(got, want) {
		t.Fatalf("order = %v, want %v", got, want)
	}
}

func TestBuildUnplacedCandidates(t *testing.T) {
	f := workshop(t, true)
	r := Build(f.s, Options{Generated: generated})
	want := []string{
		titled(t, f.s, "Chief data officer in every ministry"),
		titled(t, f.s, "Joint procurement of cloud services ☁️"), // 2 votes, older id wins the tie
		titled(t, f.s, "Açıq məlumat portalının yenilənməsi"),    // 2 votes
	}
	if got := ids(r.Unplaced); !slices.Equal(got, want) {
		t.Fatalf("unplaced = %v, want %v", got, want)
	}
	for k, it := range r.Unplaced {
		if it.Placement != nil || it.Rank != k+1 || it.Votes <= 0 {
			t.Errorf("candidate %s: rank %d votes %d placement %v", it.ID, it.Rank, it.Votes, it.Placement)
		}
	}
	if r.Unplaced[1].Votes != r.Unplaced[2].Votes {
		t.Errorf("the fixture should tie the last two candidates: %d vs %d", r.Unplaced[1].Votes, r.Unplaced[2].Votes)
	}
}

func TestBuildItemFacts(t *testing.T) {
	f := workshop(t, false)
	r := Build(f.s, Options{Generated: generated})
	it := r.Sections[0].Items[0]
	tests := map[string]struct{ got, want any }{
		"kind":       {it.Kind, KindGroup},
		"votes":      {it.Votes, 6},
		"backing":    {it.Backing, 3}, // IRIA and MDT posted, the Central Bank voted
		"horizon":    {it.Placement.Horizon, "Q1 2027"},
		"order":      {it.Placement.Order, 2},
		"lead":       {it.Placement.Lead, iria},
		"supporters": {strings.Join(it.Placement.Supporters, "|"), mdt + "|" + economy + "|" + bank},
		"ideas":      {len(it.Ideas), 2},
		"idea name":  {it.Ideas[0].Author.Name, "Aysel Məmmədova #1"}, // a namesake from IRIA joined
		"unnamed":    {it.Comments[1].Author.Removed && it.Comments[1].Author.Name == "" && it.Comments[1].Author.Institution == "", true},
		"notes":      {it.Notes, "Builds on the existing exchange gateway.\nIRIA to draft the standard."},
		"decision":   {it.Decision, "Agreed: pilot with 5 institutions in Q1."},
		"comments":   {len(it.Comments), 2},
		"commenter":  {it.Comments[0].Author, Author{Name: "Иван Петров", Institution: economy}},
		"topics":     {len(r.Topics), 5},
		"people":     {r.Participants, 9},
		"insts":      {r.Institutions, 7},
		"fb count":   {r.Feedback.Count, 6},
		"fb average": {r.Feedback.Average, 4.0},
		"fb fives":   {r.Feedback.Distribution[4].Count, 2},
		"fb texts":   {len(r.Feedback.Comments), 5},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %v, want %v", tc.got, tc.want)
			}
		})
	}
}

func TestBuildLeavesOutHiddenIdeasAndAnonymousNames(t *testing.T) {
	sessions := map[string]struct {
		anonymous bool
		names     bool
	}{
		"anonymous": {anonymous: true, names: false},
		"named":     {anonymous: false, names: true},
	}
	for name, tc := range sessions {
		t.Run(name, func(t *testing.T) {
			r := Build(workshop(t, tc.anonymous).s, Options{Generated: generated})
			for _, format := range Formats() {
				var b bytes.Buffer
				if err := Render(&b, r, format); err != nil {
					t.Fatal(err)
				}
				out := b.String()
				for _, hidden := range []string{"Buy cheap followers", "parking at the venue"} {
					if strings.Contains(out, hidden) {
						t.Errorf("%s shows the hidden idea %q", format, hidden)
					}
				}
				for _, person := range []string{"Aysel Məmmədova", "Иван Петров", "Nigar Əliyeva"} {
					if strings.Contains(out, person) != tc.names {
						t.Errorf("%s: name %q shown = %v, want %v", format, person, !tc.names, tc.names)
					}
				}
				if !strings.Contains(out, iria) {
					t.Errorf("%s does not show institutions", format)
				}
				// Farid was removed, the facilitator choosing not to name
				// him; the comment deleted as spam is gone too. A rename
				// shows both names in the audit appendix only where names
				// show at all.
				gone := []string{"Farid Quliyev", "HYPERLINK", "followers"}
				if tc.anonymous {
					gone = append(gone, "Kamran Agayev", "Kamran Ağayev")
				} else if !strings.Contains(out, "Kamran Agayev") {
					t.Errorf("%s does not show the rename", format)
				}
				for _, gone := range gone {
					if strings.Contains(out, gone) {
						t.Errorf("%s shows %q", format, gone)
					}
				}
				if format != FormatJSON && !strings.Contains(out, "a removed participant") {
					t.Errorf("%s does not say \"a removed participant\"", format)
				}
			}
		})
	}
}

func TestBuildFeedbackIsNeverAttributedWhenAnonymous(t *testing.T) {
	r := Build(workshop(t, true).s, Options{Generated: generated})
	if len(r.Feedback.Comments) == 0 {
		t.Fatal("the fixture has written feedback")
	}
	for _, c := range r.Feedback.Comments {
		if c.Author != (Author{}) {
			t.Errorf("feedback %q is attributed to %+v", c.Text, c.Author)
		}
	}
}

func TestBuildEmptySession(t *testing.T) {
	f := newFixture(t, "s", "Empty", true, nil, nil)
	r := Build(f.s, Options{Generated: generated})
	if len(r.Sections) != 4 || r.Feedback.Count != 0 || len(r.Unplaced) != 0 || r.Participants != 0 {
		t.Fatalf("empty session: %+v", r)
	}
	for _, format := range Formats() {
		var b bytes.Buffer
		if err := Render(&b, r, format); err != nil || b.Len() == 0 {
			t.Errorf("%s: %v, %d bytes", format, err, b.Len())
		}
	}
}

func TestBuildOptions(t *testing.T) {
	f := workshop(t, true)
	baku := time.FixedZone("+04", 4*3600)
	late := time.Date(2026, 3, 3, 22, 30, 0, 0, time.UTC) // already 4 March in Baku
	tests := map[string]struct {
		opts      Options
		id        string
		generated string
	}{
		"utc by default": {Options{Generated: late}, "s-anon", "3 March 2026, 22:30 UTC"},
		"baku":           {Options{Generated: late, Location: baku}, "s-anon", "4 March 2026, 02:30 +04"},
		"session id":     {Options{Generated: late, SessionID: "2026-03-02-day2"}, "2026-03-02-day2", "3 March 2026, 22:30 UTC"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := Build(f.s, tc.opts)
			if r.Session.ID != tc.id {
				t.Errorf("id = %q, want %q", r.Session.ID, tc.id)
			}
			if got := stamp(nil, r.Session.Generated); got != tc.generated {
				t.Errorf("generated = %q, want %q", got, tc.generated)
			}
			if md := string(render(t, r, FormatMarkdown)); !strings.Contains(md, "generated "+tc.generated) {
				t.Errorf("Markdown header does not say generated %s", tc.generated)
			}
		})
	}
}

// TestBuildKeepsItemsWhoseTopicIsGone checks that an item or idea whose
// topic no longer exists (only a damaged state has one) still appears, in a
// last lane, rather than vanishing from the road map.
func TestBuildKeepsItemsWhoseTopicIsGone(t *testing.T) {
	f := workshop(t, true)
	kpis := titled(t, f.s, "Publish service KPIs monthly 📊")
	f.s.Ideas[kpis].Topic = "t99"
	r := Build(f.s, Options{Generated: generated})
	last := r.Sections[len(r.Sections)-1]
	if len(r.Sections) != 6 || last.Topic != noTopic(nil) || len(last.Items) != 1 || last.Items[0].ID != kpis {
		t.Fatalf("last section = %+v", last)
	}
	app := r.Appendix[len(r.Appendix)-1]
	if app.Topic != noTopic(nil) || len(app.Ideas) != 1 || app.Ideas[0].ID != kpis {
		t.Fatalf("last appendix topic = %+v", app)
	}
	out := render(t, r, FormatJSON)
	inst, err := jsonschemaInstance(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t).Validate(inst); err != nil {
		t.Fatalf("schema: %v", err)
	}
}

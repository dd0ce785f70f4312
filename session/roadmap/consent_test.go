package roadmap

import (
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/session"
)

// TestConsentStatus: the road map is Agreed when every placed item's
// latest round is agreed or agreed with reservations, and a Draft
// otherwise, in the JSON value and in every format's heading.
func TestConsentStatus(t *testing.T) {
	small := func(steps func(f *fixture, a, b string)) *session.State {
		f := newFixture(t, "c", "Consent", true, []string{"Development"}, nil)
		p := f.join("Aysel", "IRIA")
		f.phase(session.PhaseIdeas)
		a, b := f.post(p, 0, "Open data portal"), f.post(p, 0, "Shared registry")
		f.phase(session.PhaseRoadmap)
		steps(f, a, b)
		return f.s
	}
	agree := func(f *fixture, item, outcome string) {
		f.fac(session.Command{Type: session.CmdOpenConsent, Item: item})
		f.fac(session.Command{Type: session.CmdRevealConsent, Item: item})
		f.fac(session.Command{Type: session.CmdRecordConsent, Item: item, Outcome: outcome})
	}
	cases := map[string]struct {
		s    *session.State
		want string
	}{
		"no items":             {small(func(f *fixture, a, b string) {}), StatusDraft},
		"no rounds":            {workshop(t, true).s, StatusDraft},
		"every item agreed":    {workshopWith(t, true, allAgreed).s, StatusAgreed},
		"one not agreed, open": {workshopWith(t, false, someDisagree).s, StatusDraft},
		"agreed and with reservations": {small(func(f *fixture, a, b string) {
			f.place(a, "Now", "", 0)
			f.place(b, "Next", "", 0)
			agree(f, a, session.ConsentAgreed)
			agree(f, b, session.ConsentReservations)
		}), StatusAgreed},
		"not agreed, then dropped": {small(func(f *fixture, a, b string) {
			f.place(a, "Now", "", 0)
			f.place(b, "Next", "", 0)
			agree(f, a, session.ConsentAgreed)
			agree(f, b, session.ConsentNotAgreed)
			f.fac(session.Command{Type: session.CmdUnplace, Item: b})
		}), StatusAgreed},
		"revealed, no outcome yet": {small(func(f *fixture, a, b string) {
			f.place(a, "Now", "", 0)
			f.fac(session.Command{Type: session.CmdOpenConsent, Item: a})
			f.fac(session.Command{Type: session.CmdRevealConsent, Item: a})
		}), StatusDraft},
		"agreed, then a new round opened": {small(func(f *fixture, a, b string) {
			f.place(a, "Now", "", 0)
			agree(f, a, session.ConsentAgreed)
			f.fac(session.Command{Type: session.CmdOpenConsent, Item: a})
		}), StatusDraft},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			for _, tag := range lang.All {
				p := lang.New(tag)
				r := Build(tc.s, Options{Generated: generated, Printer: p})
				if r.Session.Status != tc.want {
					t.Fatalf("status %q, want %q", r.Session.Status, tc.want)
				}
				heading := p.S("export.draft_road_map")
				if tc.want == StatusAgreed {
					heading = p.S("consent.export.agreed_road_map")
				}
				for _, format := range []string{FormatMarkdown, FormatHTML} {
					if out := string(render(t, r, format)); !strings.Contains(out, heading) {
						t.Errorf("%s %s does not say %q", tag, format, heading)
					}
				}
				if out := string(render(t, r, FormatJSON)); !strings.Contains(out, `"status": "`+tc.want+`"`) {
					t.Errorf("%s JSON does not say status %s", tag, tc.want)
				}
				if out := string(render(t, r, FormatCSV)); len(tc.s.Roadmap) > 0 && !strings.Contains(out, ","+tc.want+",") {
					t.Errorf("%s CSV rows do not have the status %s", tag, tc.want)
				}
			}
		})
	}
}

// TestConsentReasonsAreAnonymousAsTheSessionIs: in an anonymous session a
// reason names no one, in any format; its institution is named only as the
// room may see it. In a named session each reason names its author.
func TestConsentReasonsAreAnonymousAsTheSessionIs(t *testing.T) {
	r := Build(workshopWith(t, true, allAgreed).s, Options{Generated: generated})
	reasons := 0
	for _, it := range append(r.Sections[0].Items, r.Unplaced...) {
		if it.Consent == nil {
			continue
		}
		for _, round := range append(it.Consent.Earlier, *it.Consent.Latest) {
			for _, why := range round.Reasons {
				reasons++
				if why.Author.Name != "" {
					t.Errorf("an anonymous reason names %q", why.Author.Name)
				}
				if why.Author.Institution == "" {
					t.Errorf("an anonymous reason says no institution, not even another one: %+v", why)
				}
			}
		}
	}
	if reasons == 0 {
		t.Fatal("no reasons to check")
	}
	for _, format := range Formats() {
		out := string(render(t, r, format))
		for _, name := range []string{"Rashad", "Иван", "Farid", "Nigar"} {
			if strings.Contains(out, name) {
				t.Errorf("the anonymous %s export names %s", format, name)
			}
		}
	}
	named := Build(workshopWith(t, false, someDisagree).s, Options{Generated: generated})
	if out := string(render(t, named, FormatMarkdown)); !strings.Contains(out, "No mandate to chair it. — *Nigar Əliyeva, Dövlət Statistika Komitəsi*") {
		t.Error("a named session's reason does not name its author")
	}
}

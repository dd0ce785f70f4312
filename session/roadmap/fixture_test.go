package roadmap

import (
	"testing"
	"time"

	"roundtable/session"
)

// epoch is the fixed clock every fixture starts at: 10:00 in Baku.
var epoch = time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)

// generated is the export time every golden file uses.
var generated = time.Date(2026, 3, 3, 9, 30, 0, 0, time.UTC)

// fixture drives a session through the domain: every change is a command
// decided by session.Decide and applied as events, with a clock that
// advances one minute per command.
type fixture struct {
	tb  testing.TB
	s   *session.State
	log []session.Event
	now time.Time
}

var facilitator = session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator}

// newFixture creates a session with the given settings and topics.
func newFixture(tb testing.TB, id, title string, anonymous bool, topics, horizons []string) *fixture {
	tb.Helper()
	f := &fixture{tb: tb, s: session.NewState(id), now: epoch}
	f.do(facilitator, session.Command{Type: session.CmdCreateSession, Title: &title, Anonymous: &anonymous, Topics: topics, Horizons: horizons})
	return f
}

// do decides a command and applies its events; a refused command fails the
// test.
func (f *fixture) do(a session.Actor, c session.Command) []session.Event {
	f.tb.Helper()
	evs, err := session.Decide(f.s, a, c, f.now)
	if err != nil {
		f.tb.Fatalf("%s by %s: %v", c.Type, a.ID, err)
	}
	for k := range evs {
		evs[k].Seq = f.s.Seq + 1
		f.s.Apply(evs[k])
		f.log = append(f.log, evs[k])
	}
	f.now = f.now.Add(time.Minute)
	return evs
}

// fac runs a facilitator command.
func (f *fixture) fac(c session.Command) []session.Event {
	f.tb.Helper()
	return f.do(facilitator, c)
}

func (f *fixture) phase(p session.Phase) {
	f.tb.Helper()
	f.fac(session.Command{Type: session.CmdSetPhase, Phase: p})
}

// join adds a participant and returns them as an actor.
func (f *fixture) join(name, institution string) session.Actor {
	f.tb.Helper()
	evs := f.do(session.Actor{Role: session.RoleParticipant}, session.Command{Type: session.CmdJoin, Name: name, Institution: institution})
	return session.Actor{ID: evs[0].ID, Role: session.RoleParticipant}
}

// post posts an idea under the topic at position topic and returns its id.
func (f *fixture) post(a session.Actor, topic int, text string) string {
	f.tb.Helper()
	return f.do(a, session.Command{Type: session.CmdPostIdea, Topic: f.s.Topics[topic].ID, Text: text})[0].ID
}

// group merges ideas into a new named group and returns its id.
func (f *fixture) group(name string, ideas ...string) string {
	f.tb.Helper()
	return f.fac(session.Command{Type: session.CmdGroupIdeas, Name: name, Ideas: ideas})[0].ID
}

// vote gives item n votes from a.
func (f *fixture) vote(a session.Actor, item string, n int) {
	f.tb.Helper()
	for range n {
		f.do(a, session.Command{Type: session.CmdVote, Item: item, Delta: 1})
	}
}

func (f *fixture) comment(a session.Actor, item, text string) {
	f.tb.Helper()
	f.do(a, session.Command{Type: session.CmdComment, Item: item, Text: text})
}

func (f *fixture) note(item, notes, decision string) {
	f.tb.Helper()
	f.fac(session.Command{Type: session.CmdNote, Item: item, Notes: notes, Decision: decision})
}

func (f *fixture) place(item, horizon, lead string, order int, supporters ...string) {
	f.tb.Helper()
	f.fac(session.Command{Type: session.CmdPlace, Item: item, Horizon: horizon, Lead: lead, Order: order, Supporters: supporters})
}

func (f *fixture) feedback(a session.Actor, rating int, text string) {
	f.tb.Helper()
	f.do(a, session.Command{Type: session.CmdFeedback, Rating: rating, Text: text})
}

// replay rebuilds the state from the fixture's event log.
func (f *fixture) replay() *session.State {
	s := session.NewState(f.s.ID)
	for _, e := range f.log {
		s.Apply(e)
	}
	return s
}

// Institutions of the reference workshop.
const (
	iria       = "İnnovasiya və Rəqəmsal İnkişaf Agentliyi"
	mdt        = "Ministry of Digital Development and Transport"
	statistics = "Dövlət Statistika Komitəsi"
	economy    = "Министерство экономики"
	asan       = "ASAN Xidmət"
	bank       = "Central Bank 🏦"
	education  = "Ministry of Education"
)

// workshop builds the reference fixture: a two-topic-heavy session with
// Azerbaijani, Russian and emoji text, hidden ideas, groups, ties in votes,
// an empty topic, notes and decisions, placements on several horizons,
// comments and feedback. The named session uses its own horizon labels.
func workshop(tb testing.TB, anonymous bool) *fixture {
	tb.Helper()
	return workshopWith(tb, anonymous, noRounds)
}

// workshopWith is the reference fixture with consent rounds on the road
// map (issue 16; consent_fixture_test.go), as rounds says.
func workshopWith(tb testing.TB, anonymous bool, rounds consentRounds) *fixture {
	tb.Helper()
	id, title, horizons := "s-anon", "digital.leadership — Day 2 🚀", []string(nil)
	if !anonymous {
		id, title, horizons = "s-named", "Rəqəmsal gələcək: Şəffaflıq və koordinasiya", []string{"Q1 2027", "Q3 2027", "2028+"}
	}
	f := newFixture(tb, id, title, anonymous,
		[]string{"Rəqəmsal inkişaf", "Координация", "Şəffaflıq", "Məlumatların idarə edilməsi", "Other"}, horizons)
	h := f.s.Settings.Horizons

	aysel := f.join("Aysel Məmmədova", iria)
	rashad := f.join("Rashad Khalikov", mdt)
	nigar := f.join("Nigar Əliyeva", statistics)
	ivan := f.join("Иван Петров", economy)
	leyla := f.join("Leyla Hüseynova", asan)
	kamran := f.join("Kamran Agayev", iria)
	farid := f.join("Farid Quliyev 🚀", bank)
	sevinc := f.join("Sevinc Rzayeva", education)
	f.join("AYSEL MƏMMƏDOVA", iria) // a namesake from the same institution: the labels number them

	f.phase(session.PhaseIdeas)
	exchange := f.post(aysel, 0, "Vahid məlumat mübadiləsi platforması")
	api := f.post(rashad, 0, "Open API standard for all state bodies 🚀")
	skills := f.post(leyla, 0, "Rəqəmsal bacarıqlar üzrə təlim proqramı\nhər nazirlik üçün")
	spam := f.post(farid, 0, "Buy cheap followers!!!")
	registry := f.post(ivan, 1, "Единый реестр государственных ИТ-проектов")
	council := f.post(kamran, 1, "Monthly CIO council, с протоколом")
	procure := f.post(sevinc, 1, "Joint procurement of cloud services ☁️")
	portal := f.post(nigar, 2, "Açıq məlumat portalının yenilənməsi")
	kpis := f.post(leyla, 2, "Publish service KPIs monthly 📊")
	offtopic := f.post(rashad, 2, "Off-topic: parking at the venue")
	quality := f.post(nigar, 3, "Data quality standards (ISO 8000)")
	cdo := f.post(aysel, 3, "Chief data officer in every ministry")
	catalogue := f.post(kamran, 3, "Master data catalogue")
	f.fac(session.Command{Type: session.CmdHideIdea, Item: spam})
	f.fac(session.Command{Type: session.CmdHideIdea, Item: offtopic})

	f.phase(session.PhaseGroup)
	interop := f.group("Qarşılıqlı fəaliyyət: platform + API", exchange, api)
	dataq := f.group("Məlumat keyfiyyəti", quality, catalogue)

	f.phase(session.PhaseVote)
	f.vote(aysel, interop, 3)
	f.vote(aysel, dataq, 2)
	f.vote(rashad, interop, 2)
	f.vote(rashad, registry, 3)
	f.vote(nigar, dataq, 3)
	f.vote(nigar, portal, 2)
	f.vote(ivan, registry, 2)
	f.vote(ivan, council, 3)
	f.vote(leyla, kpis, 3)
	f.vote(leyla, skills, 2)
	f.vote(kamran, council, 1)
	f.vote(kamran, cdo, 2)
	f.vote(farid, procure, 2)
	f.vote(farid, interop, 1)
	f.vote(sevinc, skills, 3)
	f.vote(sevinc, cdo, 2)
	f.fac(session.Command{Type: session.CmdRevealVotes})
	f.fac(session.Command{Type: session.CmdCloseVoting})

	f.phase(session.PhaseDiscuss)
	f.fac(session.Command{Type: session.CmdFocus, Item: interop})
	f.comment(ivan, interop, "Нужен единый стандарт обмена данными.")
	spamComment := f.do(farid, session.Command{Type: session.CmdComment, Item: interop, Text: "=HYPERLINK(\"http://x\") <b>followers</b>"})[0].ID
	f.fac(session.Command{Type: session.CmdDeleteComment, Item: spamComment})
	f.fac(session.Command{Type: session.CmdMakeReadOnly, Participant: farid.ID})
	f.fac(session.Command{Type: session.CmdLiftReadOnly, Participant: farid.ID})
	f.comment(farid, interop, "Start with the three largest registries, then extend.")
	f.note(interop, "Builds on the existing exchange gateway.\nIRIA to draft the standard.", "Agreed: pilot with 5 institutions in Q1.")
	f.fac(session.Command{Type: session.CmdFocus, Item: registry})
	f.comment(aysel, registry, "Reyestr açıq olmalıdır.")
	f.note(registry, "Overlaps with the procurement portal.", "")
	f.fac(session.Command{Type: session.CmdFocus, Item: cdo})
	f.comment(nigar, cdo, "Needs a budget line, not only a title.")
	f.note(cdo, "", "Park until the data strategy is adopted.")

	f.phase(session.PhaseRoadmap)
	f.place(interop, h[0], iria, 0, mdt, economy, bank)
	f.place(registry, h[0], economy, 0, mdt)
	f.place(dataq, h[1], statistics, 0, iria)
	f.place(skills, h[1], education, 0)
	f.place(council, h[2], "", 0, iria, mdt, economy, statistics)
	f.place(kpis, h[0], asan, 1)
	if rounds != noRounds { // issue 16
		f.consentRounds(rounds, []session.Actor{aysel, rashad, nigar, ivan, leyla, kamran, farid, sevinc},
			[]string{interop, registry, dataq, skills, council, kpis, cdo})
	}

	f.phase(session.PhaseClosed)
	f.feedback(aysel, 5, "Çox faydalı sessiya! 👏")
	f.feedback(rashad, 4, "Good pace; more time for the road map next time.")
	f.feedback(ivan, 4, "Полезно, спасибо.")
	f.feedback(leyla, 5, "")
	f.feedback(farid, 2, "Too short.")
	f.feedback(sevinc, 4, "Good pace; more time for the road map next time.")
	f.fac(session.Command{Type: session.CmdRenameParticipant, Participant: kamran.ID, Name: "Kamran Ağayev"})
	f.fac(session.Command{Type: session.CmdRemoveParticipant, Participant: farid.ID, Attribution: session.AttributionRemoved})
	return f
}

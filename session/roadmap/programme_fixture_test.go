package roadmap

import (
	"testing"
	"time"

	"roundtable/session"
)

// The reference programme of the programme export's tests: two days,
// three sessions. Day 1's morning is anonymous, with breakout tables and
// consent rounds; day 1's afternoon was purged; day 2 is named, carries
// items from both and merges one with a new idea. The fields of issue 16
// whose deciders others write (Origin, Promotion, Consent) are set on the
// state directly.

// Institutions of the programme, some typed differently on each day.
const (
	progIRIA   = "Rəqəmsal İnkişaf Agentliyi"
	progASAN   = "ASAN Xidmət"
	progLone   = "Lone Agency"
	progStats  = "Dövlət Statistika Komitəsi"
	progBank   = "Central Bank 🏦"
	progEcon   = "Министерство экономики"
	progSchool = "Ministry of Education"
)

// progSession creates a session whose clock starts at start.
func progSession(tb testing.TB, id, title string, anonymous bool, start time.Time, topics, horizons []string) *fixture {
	tb.Helper()
	f := &fixture{tb: tb, s: session.NewState(id), now: start}
	f.fac(session.Command{Type: session.CmdCreateSession, Title: &title, Anonymous: &anonymous, Topics: topics, Horizons: horizons})
	return f
}

// consent sets an item's consent: earlier rounds, then the last one.
func (f *fixture) consent(item string, rounds ...session.ConsentResult) {
	last := rounds[len(rounds)-1]
	c := &session.Consent{Item: item, Round: last.Round, Result: &last, Outcome: last.Outcome, History: rounds[:len(rounds)-1]}
	if f.s.Consent == nil {
		f.s.Consent = map[string]*session.Consent{}
	}
	f.s.Consent[item] = c
}

// carry posts, as the facilitator, an idea carried from an earlier
// session, and returns its id.
func (f *fixture) carry(topic int, text string, o session.Origin) string {
	f.tb.Helper()
	id := f.fac(session.Command{Type: session.CmdPostIdea, Topic: f.s.Topics[topic].ID, Text: text})[0].ID
	f.s.Ideas[id].Origin = &o
	return id
}

// programme holds the reference programme's sessions and the ids the tests
// look at.
type programme struct {
	day1, day2   *fixture
	purgedRecord SessionRecord
	interop      string // day 1's group, merged on day 2
	council      string // day 1's idea, carried to day 2 and not placed there
	portal       string // day 1's idea with no consent round
	merged       string // day 2's group: the carried interop and a new idea
	regional     string // day 2's idea carried from the purged session
	quality      string // day 2's new idea, agreed
}

// records returns the programme's sessions as BuildProgramme takes them.
func (pg *programme) records() []SessionRecord {
	rec := func(f *fixture, day int) SessionRecord {
		return SessionRecord{ID: f.s.ID, Title: f.s.Settings.Title, Day: day, Created: f.s.CreatedAt, LastChange: f.s.LastEventAt, State: f.s}
	}
	return []SessionRecord{rec(pg.day1, 1), pg.purgedRecord, rec(pg.day2, 2)}
}

// referenceProgramme builds the programme.
func referenceProgramme(tb testing.TB) *programme {
	tb.Helper()
	pg := &programme{}
	d1 := progSession(tb, "s-d1", "digital.leadership — Day 1: tables 🚀", true, epoch,
		[]string{"Rəqəmsal inkişaf", "Координация", "İnteqrasiya"}, nil)
	pg.day1 = d1
	var iria, asan []session.Actor
	for _, n := range []string{"Aysel", "Kamran", "Leyla"} {
		iria = append(iria, d1.join(n, progIRIA))
	}
	for _, n := range []string{"Rashad", "Orxan", "Samir", "Tural", "Elvin"} {
		asan = append(asan, d1.join(n, progASAN))
	}
	lone := d1.join("Nobody Special", progLone)
	stats := d1.join("Nigar", progStats)
	bank := []session.Actor{d1.join("Farid", progBank), d1.join("Sevinc", progBank)}

	d1.phase(session.PhaseIdeas)
	exchange := d1.post(iria[0], 0, "Vahid məlumat mübadiləsi platforması")
	api := d1.post(asan[0], 0, "Open API standard for all state bodies")
	sign := d1.post(lone, 1, "Shared e-signature for inter-agency letters")
	pg.portal = d1.post(stats, 2, "Açıq məlumat portalının yenilənməsi")
	pg.council = d1.post(asan[1], 1, "Monthly CIO council, с протоколом")
	d1.post(bank[0], 2, "Sandbox for fintech pilots")
	// the breakout tables' promotions
	d1.s.Ideas[api].Table = "b3"
	d1.s.Ideas[api].Promotion = &session.Promotion{Table: "b3", No: 3, Round: 1, Votes: 6, By: session.PromotedByVote, Rank: 1}
	d1.s.Ideas[pg.council].Promotion = &session.Promotion{Table: "b2", No: 2, Round: 1, Votes: 4, By: session.PromotedByRapporteur, Rank: 1}

	d1.phase(session.PhaseGroup)
	pg.interop = d1.group("Qarşılıqlı fəaliyyət: platforma + API", exchange, api)
	d1.s.Groups[pg.interop].Promotion = &session.Promotion{Table: "b1", No: 1, Round: 1, Votes: 9, By: session.PromotedByVote, Rank: 1}

	d1.phase(session.PhaseVote)
	d1.vote(iria[1], pg.interop, 3)
	d1.vote(asan[2], pg.interop, 3)
	d1.vote(lone, pg.interop, 2)
	d1.vote(stats, pg.portal, 3)
	d1.vote(asan[3], pg.council, 3)
	d1.vote(bank[1], pg.council, 2)
	d1.vote(iria[2], sign, 1)
	d1.fac(session.Command{Type: session.CmdRevealVotes})

	d1.phase(session.PhaseDiscuss)
	d1.comment(lone, pg.interop, "Start with the three largest registries.")
	d1.comment(iria[0], pg.interop, "IRIA will draft the standard.")
	d1.note(pg.interop, "Builds on the existing exchange gateway.", "Pilot with 5 institutions in Q1.")

	d1.phase(session.PhaseRoadmap)
	d1.place(pg.interop, "Now", progIRIA, 0, progASAN, progBank)
	d1.place(pg.council, "Next", "asan xidmət", 0, progIRIA)
	d1.place(pg.portal, "Later", "", 0)
	d1.consent(pg.interop,
		session.ConsentResult{Round: 1, Distribution: [6]int{1, 1, 2, 3, 2, 1}, TookPart: 10, Absent: 1, Outcome: session.ConsentNotAgreed,
			Reasons: []session.ConsentReason{{Level: 0, Text: "No budget line yet."}, {Level: 1, Text: "Too fast for the regions."}}},
		session.ConsentResult{Round: 2, Distribution: [6]int{0, 0, 1, 2, 4, 4}, TookPart: 11, Outcome: session.ConsentAgreed})
	d1.consent(pg.council, session.ConsentResult{Round: 1, Distribution: [6]int{0, 1, 1, 3, 3, 2}, TookPart: 10, Outcome: session.ConsentReservations,
		// an anonymous session's reason names no one, even if the state knew
		Reasons: []session.ConsentReason{{Level: 1, Text: "Who chairs it?", Author: lone.ID, Institution: progLone}}})
	d1.phase(session.PhaseClosed)

	pg.purgedRecord = SessionRecord{
		ID: "s-d1b", Title: "digital.leadership — Day 1: afternoon", Day: 1,
		Created: epoch.Add(5 * time.Hour), LastChange: epoch.Add(8 * time.Hour),
		PurgedAt: epoch.Add(30 * 24 * time.Hour), Events: 412, Participants: 31, Ideas: 27,
	}

	d2 := progSession(tb, "s-d2", "digital.leadership — Day 2", false, epoch.Add(24*time.Hour),
		[]string{"Development", "Coordination", "Integration"}, []string{"Now", "Next", "2028+"})
	pg.day2 = d2
	aysel := d2.join("Aysel Məmmədova", "rəqəmsal inkişaf agentliyi")
	rashad := d2.join("Rashad Khalikov", "ASAN XİDMƏT")
	nigar := d2.join("Nigar Əliyeva", progStats)
	ivan := d2.join("Иван Петров", progEcon)
	d2.join("Sevinc Rzayeva", progSchool) // takes part, posts nothing

	d2.phase(session.PhaseIdeas)
	carried := d2.carry(2, "Qarşılıqlı fəaliyyət: platforma + API", session.Origin{Session: "s-d1", Title: d1.s.Settings.Title, Day: 1,
		Item: pg.interop, Table: "Table 1", Placed: "Now", Outcome: session.ConsentAgreed, Votes: 8})
	councilCopy := d2.carry(1, "Monthly CIO council, с протоколом", session.Origin{Session: "s-d1", Title: d1.s.Settings.Title, Day: 1,
		Item: pg.council, Table: "Table 2", Placed: "Next", Outcome: session.ConsentReservations, Votes: 5})
	pg.regional = d2.carry(0, "Regional digital service centres", session.Origin{Session: "s-d1b", Title: "digital.leadership — Day 1: afternoon", Day: 1,
		Item: "g4", Table: "Table 2", Placed: "Next", Outcome: session.ConsentReservations, Votes: 7})
	sso := d2.post(aysel, 2, "Single sign-on for all e-services")
	pg.quality = d2.post(nigar, 2, "Data quality standards (ISO 8000)")
	d2.post(rashad, 1, "Shared calendar of inter-agency deadlines")

	d2.phase(session.PhaseGroup)
	pg.merged = d2.group("Interoperability and single sign-on", carried, sso)

	d2.phase(session.PhaseVote)
	d2.vote(aysel, pg.merged, 3)
	d2.vote(rashad, pg.merged, 2)
	d2.vote(ivan, pg.merged, 3)
	d2.vote(nigar, pg.quality, 3)
	d2.vote(rashad, councilCopy, 1)
	d2.vote(ivan, pg.regional, 2)

	d2.phase(session.PhaseDiscuss)
	d2.comment(ivan, pg.merged, "Нужен единый стандарт обмена данными.")
	d2.note(pg.merged, "Merged day 1's interoperability item with the new single sign-on idea.", "IRIA leads; ASAN pilots the sign-on.")

	d2.phase(session.PhaseRoadmap)
	d2.place(pg.merged, "Now", "Rəqəmsal inkişaf agentliyi", 0, progASAN, progEcon)
	d2.place(pg.quality, "Next", progStats, 0, "Cabinet of Ministers")
	d2.place(pg.regional, "2028+", "", 0)
	d2.consent(pg.merged, session.ConsentResult{Round: 1, Distribution: [6]int{0, 1, 0, 1, 1, 2}, TookPart: 5, Outcome: session.ConsentReservations,
		Reasons: []session.ConsentReason{{Level: 1, Text: "Sign-on needs a data protection review first.", Author: ivan.ID, Institution: progEcon}}})
	d2.consent(pg.quality, session.ConsentResult{Round: 1, Distribution: [6]int{0, 0, 0, 1, 2, 2}, TookPart: 5, Outcome: session.ConsentAgreed})
	d2.phase(session.PhaseClosed)
	return pg
}

// agreeAll records an agreeing outcome on every item the reference
// programme leaves pending, so that its road map is agreed.
func (pg *programme) agreeAll() {
	pg.day1.consent(pg.portal, session.ConsentResult{Round: 1, Distribution: [6]int{0, 0, 0, 2, 4, 4}, TookPart: 10, Outcome: session.ConsentAgreed})
	pg.day2.consent(pg.regional, session.ConsentResult{Round: 1, Distribution: [6]int{0, 0, 1, 1, 1, 2}, TookPart: 5, Outcome: session.ConsentReservations})
}

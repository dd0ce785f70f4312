package console

import (
	"roundtable/session"
	"roundtable/tui/internal/tuitest"
)

// The consent panel's golden cases (issue 16), added to consoleCases.

func ptr[T any](v T) *T { return &v }

// consentAnswered opens a round on the infrastructure group and has two
// participants answer it, one with a 1 and its reason.
func consentAnswered(f *tuitest.Fixture) {
	c, item := f.Conn, f.Groups["infra"]
	c.Fac(session.Command{Type: session.CmdOpenConsent, Item: item})
	c.By(f.Others["rashad"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(4)})
	c.By(f.Others["tural"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(1), Text: "Pilotun büdcəsi hələ yoxdur 💰"})
}

// consentRevealed is consentAnswered with two answers more, revealed while
// Leyla is offline (absent).
func consentRevealed(f *tuitest.Fixture) {
	consentAnswered(f)
	c, item := f.Conn, f.Groups["infra"]
	c.By(f.Me, session.Command{Type: session.CmdConsent, Item: item, Level: ptr(5)})
	c.By(f.Others["leyla"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(0), Text: "Дублирует портал госуслуг"})
	c.Fac(session.Command{Type: session.CmdRevealConsent, Item: item, Online: []string{f.Me, f.Others["rashad"], f.Others["tural"]}})
}

// consentRerun is consentRevealed not agreed, the group renamed and a
// second round open with one answer.
func consentRerun(f *tuitest.Fixture) {
	consentRevealed(f)
	c, item := f.Conn, f.Groups["infra"]
	c.Fac(session.Command{Type: session.CmdRecordConsent, Item: item, Outcome: session.ConsentNotAgreed})
	c.Fac(session.Command{Type: session.CmdRenameGroup, Item: item, Name: "Vahid rəqəmsal infrastruktur: pilot 🏛️"})
	c.Fac(session.Command{Type: session.CmdOpenConsent, Item: item})
	c.By(f.Others["rashad"], session.Command{Type: session.CmdConsent, Item: item, Level: ptr(4)})
}

// consentMarked records outcomes on two items, so the road map shows them.
func consentMarked(f *tuitest.Fixture) {
	consentRevealed(f)
	c := f.Conn
	c.Fac(session.Command{Type: session.CmdRecordConsent, Item: f.Groups["infra"], Outcome: session.ConsentReservations})
	c.Fac(session.Command{Type: session.CmdOpenConsent, Item: f.Ideas["training"]})
}

func consentCases() map[string]consoleCase {
	return map[string]consoleCase{
		"consent_none":     {phase: session.PhaseRoadmap, keys: []string{"g"}, want: "No consent round on this item yet", az: "hələ razılaşdırma turu keçirilməyib", ru: "ещё не было раунда согласования"},
		"consent_open":     {phase: session.PhaseRoadmap, setup: consentAnswered, keys: []string{"g"}, want: "2 of 3 answered", az: "3 iştirakçıdan 2 iştirakçı cavab verib", ru: "ответили 2 из 3"},
		"consent_revealed": {phase: session.PhaseRoadmap, setup: consentRevealed, keys: []string{"g"}, want: "3 took part · 1 absent", az: "Yekunu qeyd edin", ru: "Запишите итог"},
		"consent_rerun":    {phase: session.PhaseRoadmap, setup: consentRerun, keys: []string{"g"}, want: "Round 1: Not agreed", az: "Tur 1: Razılaşdırılmayıb", ru: "Раунд 1: Не согласовано"},
		"consent_marks":    {phase: session.PhaseRoadmap, setup: consentMarked, want: "✓* ", az: "◔ ", ru: "◔ "},
		"consent_reveal_confirm": {phase: session.PhaseRoadmap, setup: consentAnswered, keys: []string{"g", "r"}, want: "Reveal the answers? 2 participants",
			az: "Cavablar göstərilsin?", ru: "Показать ответы? Ответили 2 участника"},
	}
}

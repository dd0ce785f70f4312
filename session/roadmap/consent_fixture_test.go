package roadmap

import "roundtable/session"

// consentRounds says which consent rounds the reference workshop runs
// (issue 16).
type consentRounds int

const (
	noRounds     consentRounds = iota
	allAgreed                  // every placed item agreed: the road map is Agreed
	someDisagree               // one item not agreed and still placed, one round open: a Draft
)

// consentRounds runs rounds on the road map of the reference workshop. The
// people are aysel, rashad, nigar, ivan, leyla, kamran, farid and sevinc;
// the items interop, registry, dataq, skills, council, kpis (placed) and
// cdo (not yet). Every item gets a round; the interop round is revealed
// while sevinc is offline (absent); the registry is not agreed, edited and
// agreed in a second round; cdo is placed, not agreed and dropped.
func (f *fixture) consentRounds(rounds consentRounds, people []session.Actor, items []string) {
	f.tb.Helper()
	interop, registry, dataq, skills, council, kpis, cdo := items[0], items[1], items[2], items[3], items[4], items[5], items[6]
	everyone := func() []string {
		var ids []string
		for _, p := range people {
			ids = append(ids, p.ID)
		}
		return ids
	}
	round := func(item string, levels []int, reasons map[int]string, online []string, outcome string) {
		f.fac(session.Command{Type: session.CmdOpenConsent, Item: item})
		for k, level := range levels {
			if level < 0 {
				continue
			}
			f.do(people[k], session.Command{Type: session.CmdConsent, Item: item, Level: &level, Text: reasons[k]})
		}
		if outcome == "open" {
			return
		}
		f.fac(session.Command{Type: session.CmdRevealConsent, Item: item, Online: online})
		if outcome != "" {
			f.fac(session.Command{Type: session.CmdRecordConsent, Item: item, Outcome: outcome})
		}
	}
	all := everyone()
	// aysel rashad nigar ivan leyla kamran farid sevinc
	round(interop, []int{5, 4, 4, 3, 4, 5, 1, 2}, map[int]string{6: "The gateway upgrade has no budget line yet."},
		all[:7], session.ConsentReservations)
	round(registry, []int{3, 1, 3, 0, 3, 4, -1, 3}, map[int]string{
		1: "Needs a budget line first.", 3: "Пересекается с порталом закупок: сначала объединить."}, all, session.ConsentNotAgreed)
	f.fac(session.Command{Type: session.CmdEditIdea, Item: registry, Text: "Единый реестр ИТ-проектов, связанный с порталом закупок"})
	round(registry, []int{4, 3, 4, 4, 3, 4, -1, 5}, nil, all, session.ConsentAgreed)
	round(dataq, []int{5, 4, 5, 4, 4, 5, 3, 4}, nil, all, session.ConsentAgreed)
	round(skills, []int{4, 4, 3, 3, 5, 4, 3, 5}, nil, all, session.ConsentAgreed)
	f.place(cdo, f.s.Settings.Horizons[2], "", 0)
	round(cdo, []int{2, 1, 3, 0, 2, 2, 3, 1}, map[int]string{
		1: "Park it until the data strategy.", 3: "Нет ставок в штатном расписании.", 7: "Park it until the data strategy."}, all, session.ConsentNotAgreed)
	f.fac(session.Command{Type: session.CmdUnplace, Item: cdo})
	if rounds == allAgreed {
		round(council, []int{4, 3, 3, 5, 3, 4, -1, 3}, nil, all, session.ConsentAgreed)
		round(kpis, []int{4, 4, 5, 3, 5, 4, 4, 4}, nil, all, session.ConsentAgreed)
	} else {
		round(council, []int{1, 2, 0, 3, 2, 1, -1, 2}, map[int]string{
			0: "Bir şura artıq var: yenisi təkrarlama olar.", 2: "No mandate to chair it.", 5: "Bir şura artıq var: yenisi təkrarlama olar."},
			all, session.ConsentNotAgreed)
		round(kpis, []int{4, 5, -1, 3}, nil, nil, "open")
	}
}

func ptr[T any](v T) *T { return &v }

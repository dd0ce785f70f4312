package session_test

import "roundtable/session"

// The simulator's consent rounds (issue 16): in the road map phase the
// facilitator opens, reveals and records rounds and participants answer the
// open one, often enough that every step, refusals included, is reached.

// consentType turns some of a random actor's commands into consent
// commands.
func (m *sim) consentType(a session.Actor, typ string) string {
	s, c := m.s, m.c
	if s.Phase != session.PhaseRoadmap {
		if !consentCommands[typ] || a.Role == session.RoleFacilitator && c.IntN(2) == 0 {
			return typ // consentFields takes the facilitator to the road map phase
		}
		// outside the road map phase a round is refused: pick again, so
		// the commands of other phases keep their share
		types := session.CommandTypes()
		return types[c.IntN(len(types))]
	}
	open := s.OpenConsent()
	switch a.Role {
	case session.RoleParticipant:
		if open != nil && c.IntN(2) == 0 {
			return session.CmdConsent
		}
	case session.RoleFacilitator:
		if c.IntN(2) != 0 {
			return typ
		}
		unrecorded := false
		for _, k := range s.Consent {
			unrecorded = unrecorded || k.Result != nil && !k.Open && k.Outcome == ""
		}
		switch {
		case len(s.Roadmap) < 2:
			return session.CmdPlace // a round needs a placed item
		case unrecorded:
			return session.CmdRecordConsent
		case open != nil && c.IntN(3) != 0:
			return session.CmdRevealConsent
		}
		return []string{session.CmdOpenConsent, session.CmdOpenConsent, session.CmdRecordConsent}[c.IntN(3)]
	}
	return typ
}

var consentCommands = map[string]bool{
	session.CmdOpenConsent: true, session.CmdConsent: true, session.CmdRevealConsent: true, session.CmdRecordConsent: true,
}

// consentFields gives a consent command its item, level, reason, outcome
// and, for a reveal, who is online.
func (m *sim) consentFields(cmd *session.Command) {
	c, s := m.c, m.s
	if s.Phase != session.PhaseRoadmap && c.IntN(2) == 0 {
		cmd.Type, cmd.Phase = session.CmdSetPhase, session.PhaseRoadmap // rounds are run there
		return
	}
	items := keys(s.Roadmap)
	switch open := s.OpenConsent(); {
	case cmd.Type == session.CmdRecordConsent:
		var revealed []string
		for _, id := range keys(s.Consent) {
			if s.Consent[id].Result != nil && !s.Consent[id].Open {
				revealed = append(revealed, id)
			}
		}
		if len(revealed) > 0 {
			items = revealed
		}
	case open != nil && c.IntN(4) != 0:
		items = []string{open.Item}
	}
	cmd.Item = pick(c, items, "i990")
	if c.IntN(10) != 0 {
		cmd.Level = ptr([]int{0, 1, 2, 3, 4, 5, 5, 4, 3, 6, -1}[c.IntN(11)])
	}
	if c.IntN(3) != 0 {
		cmd.Text = []string{"Needs a budget line", "Überschneidung", "Нет ресурсов"}[c.IntN(3)]
	}
	cmd.Outcome = []string{session.ConsentAgreed, session.ConsentReservations, session.ConsentNotAgreed, "maybe"}[c.IntN(4)]
	if cmd.Type == session.CmdRevealConsent && c.IntN(2) == 0 {
		cmd.Online = []string{}
		for _, pid := range keys(s.Participants) {
			if c.IntN(3) != 0 {
				cmd.Online = append(cmd.Online, pid)
			}
		}
	}
}

// checkConsentLeaks checks that a participant's or observer's copy holds
// no other participant's consent answer.
func (m *sim) checkConsentLeaks(v session.Viewer, s *session.State) {
	m.tb.Helper()
	for item, c := range s.Consent {
		for pid := range c.Given {
			if v.ID == "" || pid != v.ID {
				m.tb.Fatalf("%q sees %s's consent answer on %s", v.ID, pid, item)
			}
		}
	}
}

package session

import (
	"slices"
	"strconv"
)

// Apply changes the state by one event. It is deterministic and total: an
// event it cannot use (unknown, redacted, or about something the viewer does
// not have) changes nothing but the sequence number. The server and every
// client apply the same events through it.
func (s *State) Apply(e Event) {
	if e.Seq > s.Seq {
		s.Seq = e.Seq
	}
	if e.At.After(s.LastEventAt) {
		s.LastEventAt = e.At
	}
	s.count(e.ID)
	s.audit(e)        // before the act changes what it records (moderation.go)
	s.noteUndo(e)     // issue 15: undo.go, before the event changes the state
	s.notePresence(e) // issue 15: anon.go
	s.countTable(e)   // issue 16: apply_tables.go
	switch e.Type {
	case EvSessionCreated:
		s.CreatedAt = e.At
		if e.Settings != nil {
			s.Settings = cloneSettings(*e.Settings)
		}
		s.Topics = nil
		for _, name := range e.Topics {
			s.Counter++
			s.Topics = append(s.Topics, Topic{ID: "t" + strconv.FormatInt(s.Counter, 10), Name: name})
		}
	case EvSettingsUpdated:
		if e.Settings != nil {
			s.Settings = cloneSettings(*e.Settings)
		}
	case EvTopicAdded:
		s.Topics = append(s.Topics, Topic{ID: e.ID, Name: e.Name})
	case EvTopicRenamed:
		if t := s.Topic(e.Topic); t != nil {
			t.Name = e.Name
		}
	case EvTopicRemoved:
		s.Topics = slices.DeleteFunc(s.Topics, func(t Topic) bool { return t.ID == e.Topic })
	case EvParticipantJoined:
		s.Participants[e.ID] = &Participant{ID: e.ID, Name: e.Name, Institution: e.Institution, JoinedAt: e.At, TokenHash: e.TokenHash}
	case EvPhaseChanged:
		s.Phase = e.Phase
	case EvIdeaPosted:
		s.Ideas[e.ID] = &Idea{ID: e.ID, Topic: e.Topic, Text: e.Text, Author: e.Actor, Institution: e.Institution, CreatedAt: e.At, Private: e.Private,
			InstitutionMasked: e.InstitutionMasked, Table: e.Table} // issue 16: Table, the board it is on
	case EvIdeaEdited:
		if i := s.Ideas[e.Item]; i != nil {
			i.Text = e.Text
			i.EditedAt = e.At
		}
	case EvIdeaDeleted:
		if i := s.Ideas[e.Item]; i != nil {
			delete(s.Ideas, e.Item)
			s.forgetItem(e.Item)
			if g := s.Groups[i.Group]; g != nil {
				g.Ideas = slices.DeleteFunc(g.Ideas, func(id string) bool { return id == e.Item })
				if len(g.Ideas) == 0 {
					s.dissolve(g.ID)
				}
			}
		}
	case EvIdeaHidden:
		if i := s.Ideas[e.Item]; i != nil {
			i.Hidden = true
			s.forgetItem(e.Item)
		}
	case EvIdeaShown:
		if i := s.Ideas[e.Item]; i != nil {
			i.Hidden = false
		}
	case EvIdeaMoved:
		if i := s.Ideas[e.Item]; i != nil {
			i.Topic = e.Topic
		}
	case EvGroupCreated:
		s.Groups[e.ID] = &Group{ID: e.ID, Name: e.Name, Topic: e.Topic, CreatedAt: e.At, Table: e.Table} // issue 16: Table
		s.addToGroup(e.ID, e.Ideas)
	case EvIdeasGrouped:
		s.addToGroup(e.Item, e.Ideas)
	case EvIdeaUngrouped:
		if i := s.Ideas[e.Item]; i != nil {
			if g := s.Groups[i.Group]; g != nil {
				g.Ideas = slices.DeleteFunc(g.Ideas, func(id string) bool { return id == e.Item })
				if len(g.Ideas) == 0 {
					s.dissolve(g.ID)
				}
			}
			i.Group = ""
		}
	case EvGroupRenamed:
		if g := s.Groups[e.Item]; g != nil {
			g.Name = e.Name
		}
	case EvGroupDissolved:
		s.dissolve(e.Item)
	case EvVoteCast:
		if e.Item == "" || !s.IsItem(e.Item) {
			return
		}
		v := s.Votes[e.Item]
		if v == nil {
			v = map[string]int{}
			s.Votes[e.Item] = v
		}
		v[e.Actor] += e.Delta
		if v[e.Actor] <= 0 {
			delete(v, e.Actor)
		}
		if len(v) == 0 {
			delete(s.Votes, e.Item)
		}
		if p := s.Participants[e.Actor]; p != nil {
			p.VotesSpent += e.Delta
		}
	case EvVotesRevealed:
		s.VotesRevealed = true
		// Tallies carry the totals at the moment of revealing. A replica that
		// sees only its own votes keeps the rest under "" (others), so that
		// every replica's tally equals the server's.
		for item, total := range e.Tallies {
			known := 0
			for pid, n := range s.Votes[item] {
				if pid != "" {
					known += n
				}
			}
			s.setOthers(item, total-known)
		}
	case EvVotesHidden:
		s.VotesRevealed = false
		for item := range s.Votes {
			if s.ItemTable(item) == "" { // issue 16: a table's members see its votes live
				s.setOthers(item, 0)
			}
		}
	case EvVotingClosed:
		s.VotingClosed = true
	case EvVotingOpened:
		s.VotingClosed = false
	case EvCommentPosted:
		s.Comments[e.ID] = &Comment{ID: e.ID, Item: e.Item, Text: e.Text, Author: e.Actor, Institution: e.Institution, At: e.At,
			InstitutionMasked: e.InstitutionMasked}
	case EvCommentDeleted:
		delete(s.Comments, e.Item)
	case EvItemFocused:
		s.Focus = e.Item
	case EvNoteRecorded:
		if e.Notes == "" && e.Decision == "" {
			delete(s.Notes, e.Item)
		} else {
			s.Notes[e.Item] = &Note{Item: e.Item, Notes: e.Notes, Decision: e.Decision}
		}
	case EvRoadmapPlaced:
		s.place(e)
	case EvRoadmapRemoved:
		s.unplace(e.Item)
	case EvDoneMarked:
		if e.ID == "" { // issue 15: another's mark, as a count (anon.go)
			s.countDone(e.Phase, 1)
			return
		}
		d := s.Done[e.Phase]
		if d == nil {
			d = map[string]bool{}
			s.Done[e.Phase] = d
		}
		d[e.ID] = true
	case EvDoneCleared:
		if e.ID == "" { // issue 15: another's mark, as a count (anon.go)
			s.countDone(e.Phase, -1)
			return
		}
		delete(s.Done[e.Phase], e.ID)
		if len(s.Done[e.Phase]) == 0 {
			delete(s.Done, e.Phase)
		}
	case EvFeedbackGiven:
		if e.Actor != "" {
			s.Feedback[e.Actor] = &Feedback{Participant: e.Actor, Rating: e.Rating, Text: e.Text, At: e.At}
		}
	case EvTimerStarted:
		s.Timer = Timer{Running: true, EndsAt: e.EndsAt, Duration: e.Duration}
	case EvTimerPaused:
		s.Timer.Running = false
		s.Timer.Remaining = e.Duration
		s.Timer.EndsAt = e.At.Add(e.Duration)
	case EvTimerResumed:
		s.Timer.Running = true
		s.Timer.Remaining = 0
		s.Timer.EndsAt = e.EndsAt
	case EvTimerStopped:
		s.Timer = Timer{}
	case EvParticipantRenamed, EvParticipantRemoved, EvParticipantReadmitted,
		EvParticipantMadeReadOnly, EvParticipantReadOnlyLifted:
		s.applyModeration(e)

	// Issue 15: private brainstorming and refunds (apply_private.go).
	case EvIdeasConcealed:
		s.Concealed = true
	case EvIdeasRevealed:
		s.reveal(e.Revealed)
		s.revealedLast = len(e.Revealed) // for the phase change it may be part of (undo_clock.go)
	case EvVotesRefunded:
		s.refund(e)
	case EvTimerRestored: // issue 15: undo_clock.go
		if e.Timer != nil {
			s.Timer = *e.Timer
		}
	// Issue 16: breakout tables (apply_tables.go).
	case EvTablesOpened, EvParticipantSeated, EvRapporteurSet, EvHandRaised, EvHandLowered,
		EvPromotionPicked, EvMessageBroadcast, EvTablesClosed:
		s.applyTables(e)
	}
}

// count keeps the id counter past every id an event names.
func (s *State) count(id string) {
	if n := idNo(id); n > s.Counter {
		s.Counter = n
	}
}

func (s *State) setOthers(item string, n int) {
	v := s.Votes[item]
	if n <= 0 {
		if v != nil {
			delete(v, "")
			if len(v) == 0 {
				delete(s.Votes, item)
			}
		}
		return
	}
	if v == nil {
		v = map[string]int{}
		s.Votes[item] = v
	}
	v[""] = n
}

// addToGroup puts ideas into a group and moves their votes to it.
func (s *State) addToGroup(gid string, ideas []string) {
	g := s.Groups[gid]
	if g == nil {
		return
	}
	for _, id := range ideas {
		i := s.Ideas[id]
		if i == nil {
			continue
		}
		i.Group = gid
		if !slices.Contains(g.Ideas, id) {
			g.Ideas = append(g.Ideas, id)
		}
		if v := s.Votes[id]; v != nil {
			gv := s.Votes[gid]
			if gv == nil {
				gv = map[string]int{}
				s.Votes[gid] = gv
			}
			for pid, n := range v {
				gv[pid] += n
			}
			delete(s.Votes, id)
		}
		s.unplace(id)
		if s.Focus == id {
			s.Focus = gid
		}
	}
}

// dissolve removes a group; its ideas stand alone again and the votes given
// to the group return to the voters.
func (s *State) dissolve(gid string) {
	g := s.Groups[gid]
	if g == nil {
		return
	}
	for _, id := range g.Ideas {
		if i := s.Ideas[id]; i != nil {
			i.Group = ""
		}
	}
	delete(s.Groups, gid)
	s.forgetItem(gid)
}

// forgetItem drops what hangs on an item that is gone or hidden: votes
// (returned to the voters), placement, focus. Comments and notes stay with
// a deleted idea's id only until the idea is deleted.
func (s *State) forgetItem(item string) {
	for pid, n := range s.Votes[item] {
		if p := s.Participants[pid]; p != nil {
			p.VotesSpent -= n
		}
	}
	delete(s.Votes, item)
	s.unplace(item)
	if s.Focus == item {
		s.Focus = ""
	}
	if !s.IsItem(item) {
		delete(s.Notes, item)
		for id, c := range s.Comments {
			if c.Item == item {
				delete(s.Comments, id)
			}
		}
	}
}

// place puts an item at a position within its horizon and renumbers the
// horizon from 1.
func (s *State) place(e Event) {
	if !s.IsItem(e.Item) {
		return
	}
	s.unplace(e.Item)
	r := &RoadmapItem{Item: e.Item, Horizon: e.Horizon, Lead: e.Lead, Supporters: slices.Clone(e.Supporters)}
	list := s.RoadmapIn(e.Horizon)
	pos := e.Order - 1
	if e.Order <= 0 || pos > len(list) {
		pos = len(list)
	}
	list = slices.Insert(list, pos, r)
	for k, it := range list {
		it.Order = k + 1
	}
	s.Roadmap[e.Item] = r
}

func (s *State) unplace(item string) {
	r := s.Roadmap[item]
	if r == nil {
		return
	}
	delete(s.Roadmap, item)
	for k, it := range s.RoadmapIn(r.Horizon) {
		it.Order = k + 1
	}
}

func cloneSettings(st Settings) Settings {
	st.Horizons = slices.Clone(st.Horizons)
	st.Agenda = st.Agenda.Clone()
	return st
}

package server

import (
	"time"

	"roundtable/protocol"
	"roundtable/server/wsconn"
	"roundtable/session"
)

// A crowd is a room of more than RoomConfig.CrowdSize participants. Its
// participants and observers get the roster as counts (a roster frame)
// instead of every other participant's participant_joined and presence
// (PROTOCOL.md, roster): a join then costs the room one small frame per
// client per roster delay instead of one per client per join, and a
// welcome no longer lists every id. The facilitator still gets everything.

// crowdSize is RoomConfig.CrowdSize's default.
const crowdSize = 250

// counted reports whether c gets the roster as counts.
func (r *Room) counted(c *peer) bool {
	return r.crowd && c.actor.Role != session.RoleFacilitator
}

// joined takes a committed participant_joined into the roster's counts
// (r.institutions: the present participants by institution), and makes
// the room a crowd once it has more than crowdSize participants.
func (r *Room) joined(e session.Event) {
	r.institutions[e.Institution]++
	if !r.crowd && len(r.cst.Participants) > r.crowdSize {
		r.crowd = true
		r.snap = nil // the shared snapshot listed everyone
	}
}

// presenceMoved keeps the roster's counts by a committed removal or
// re-admission (issue 15): a removed participant is no longer in the room
// (session.Present), so neither they nor an institution left with nobody
// count; counted clients get the new counts as roster news.
func (r *Room) presenceMoved(e session.Event) {
	p := r.cst.Participants[e.ID]
	if p == nil {
		return
	}
	switch e.Type {
	case session.EvParticipantRemoved:
		if r.institutions[p.Institution]--; r.institutions[p.Institution] <= 0 {
			delete(r.institutions, p.Institution)
		}
	case session.EvParticipantReadmitted:
		r.institutions[p.Institution]++
	default:
		return
	}
	if r.crowd {
		r.countsOwed = true
		r.rosterSoon()
	}
}

// counts is the roster as numbers, now: the participants present (not
// removed), those online, and their institutions.
func (r *Room) counts() protocol.Counts {
	present := 0
	for _, n := range r.institutions {
		present += n
	}
	return protocol.Counts{Participants: present, Online: len(r.onlineIDs), Institutions: len(r.institutions)}
}

// rosterMessage is a roster frame: the counts now, and the events up to
// seq that its receiver did not get were roster news.
func (r *Room) rosterMessage(seq int64) wsconn.Message {
	n := r.counts()
	return wsconn.Text(encode(protocol.Roster{T: protocol.KindRoster, Seq: seq,
		Participants: n.Participants, Online: n.Online, Institutions: n.Institutions}))
}

// skipRoster notes roster news the counted clients do not get: a
// participant_joined at seq (0 for presence, which has none). They get
// the counts when the roster delay is up, or before their next event.
func (r *Room) skipRoster(seq int64) {
	r.skipped = max(r.skipped, seq)
	r.countsOwed = true
	r.rosterSoon()
}

// tellCounts sends every counted client a roster frame through seq.
func (r *Room) tellCounts(seq int64) {
	m := r.rosterMessage(seq)
	for _, c := range r.readyPeers {
		if !c.closed && r.counted(c) {
			r.send(c, m)
		}
	}
	r.told = max(r.told, seq)
	r.toldAt = time.Now()
	r.countsOwed = false
}

// tellCountsSoon tells the counted clients the counts when they last got
// them a counts period ago (countsWait), or at once when now is true;
// otherwise the roster delay is set to that time.
func (r *Room) tellCountsSoon(now bool) {
	wait := time.Until(r.toldAt.Add(r.countsWait()))
	if now || wait <= 0 {
		r.tellCounts(r.committed)
		return
	}
	r.rosterDue = time.Now().Add(wait)
	r.rosterTimer.Reset(wait)
}

// countsWait is how often the counts may go to every counted client: a
// round of them is a write per client, so the period grows with the room
// (countsPerClient a client, at least a second, at most countsMaxWait),
// and a burst of joins costs the room the same writes per join at 1,000
// as at 10,000. Events do not wait for it: a roster frame before an event
// (closeGap) goes at once.
func (r *Room) countsWait() time.Duration {
	d := time.Duration(len(r.readyPeers)) * countsPerClient
	return min(max(d, countsMinWait), countsMaxWait)
}

const (
	countsPerClient = 200 * time.Microsecond // 2 s at 10,000 clients
	countsMinWait   = time.Second
	countsMaxWait   = 5 * time.Second
)

// closeGap tells the counted clients about the roster news they skipped
// before event seq goes to them, so that they see no gap in the seqs.
func (r *Room) closeGap(seq int64) {
	if r.skipped > r.told {
		r.tellCounts(seq - 1)
	}
}

// replayCounted sends a counted client the committed events evs as it may
// see them: without the other participants' joins, whose seqs a roster
// frame covers.
func (r *Room) replayCounted(c *peer, evs []session.Event) {
	var skipped int64
	for _, e := range evs {
		if e.Type == session.EvParticipantJoined && e.ID != c.actor.ID {
			skipped = e.Seq
			continue
		}
		if skipped != 0 {
			if !r.send(c, r.rosterMessage(e.Seq-1)) {
				return
			}
			skipped = 0
		}
		if !r.send(c, r.eventFor(c, e)) {
			return
		}
	}
	if skipped != 0 {
		r.send(c, r.rosterMessage(skipped))
	}
}

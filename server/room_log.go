package server

import (
	"errors"
	"time"

	"roundtable/session"
	"roundtable/session/store"
)

// commit assigns sequence numbers, applies the events to the room's state
// at once (so the next command is decided against them) and hands them to
// the log. Acks and broadcasts wait for the commit (finish).
func (r *Room) commit(evs []session.Event, key store.OpKey, after func()) {
	for i := range evs {
		r.nextSeq++
		evs[i].Seq = r.nextSeq
		r.st.Apply(evs[i])
		if evs[i].Type == session.EvParticipantJoined && evs[i].TokenHash != "" {
			r.tokens[evs[i].TokenHash] = evs[i].ID
		}
	}
	in := &inflight{events: evs, key: key}
	if after != nil {
		in.after = append(in.after, after)
	}
	r.pending = append(r.pending, in)
	if key.Op != "" {
		r.inflightOps[key] = in
	}
	r.log.Append(store.Batch{
		Session: r.id,
		Events:  evs,
		Actor:   key.Actor,
		Op:      key.Op,
		Done: func(err error) {
			var at time.Time
			if r.onCommit != nil {
				at = time.Now()
			}
			r.mu.Lock()
			r.completed = append(r.completed, completion{in, err, at})
			r.mu.Unlock()
			select {
			case r.signal <- struct{}{}:
			default:
			}
		},
	})
}

// finish runs when a batch committed: the events go to everyone, then the
// sender's ack, then the welcomes that waited for them. After a failure,
// the batches behind it fail too (for the gap it left): the first failure
// is the one the room reports.
func (r *Room) finish(c completion) {
	if r.failed != nil {
		if c.err != nil {
			r.logger.Debug("storage failed again", "err", c.err)
		}
		return
	}
	if len(r.pending) == 0 || r.pending[0] != c.in {
		r.failed = errors.New("commits completed out of order")
		return
	}
	r.pending[0] = nil
	r.pending = r.pending[1:]
	if c.err != nil {
		r.logger.Error("storage failed", "err", c.err)
		r.failed = c.err
		return
	}
	for _, e := range c.in.events {
		r.committed = e.Seq
		r.cst.Apply(e)
		if e.Type == session.EvParticipantJoined {
			r.joined(e)
			r.joinedOnline(e.ID) // issue 17: online at another node already
		}
		r.presenceMoved(e) // issue 15: removed and re-admitted (room_crowd.go)
		r.remember(e)
		if r.onCommit != nil {
			r.onCommit(e.Seq, c.at)
		}
		r.broadcast(e)
	}
	r.seqSeen.Store(r.committed)
	if c.in.key.Op != "" {
		r.ops[c.in.key] = c.in.events[len(c.in.events)-1].Seq
		delete(r.inflightOps, c.in.key)
	}
	for _, fn := range c.in.after {
		fn()
	}
	r.welcomeWaiting()
	for _, e := range c.in.events {
		if e.Type == session.EvParticipantRemoved {
			r.dropRemoved(e.ID)
		}
	}
	// A participant_joined says its participant is online; one who is not
	// (left before its welcome, or joined through Do) is said to be
	// offline at once.
	for _, e := range c.in.events {
		if e.Type == session.EvParticipantJoined && r.online[e.ID] == 0 {
			r.presence(e.ID, false)
		}
	}
}

func (r *Room) remember(e session.Event) {
	if len(r.ring) >= r.ringSize {
		n := copy(r.ring, r.ring[len(r.ring)-r.ringSize/2:])
		clear(r.ring[n:])
		r.ring = r.ring[:n]
	}
	r.ring = append(r.ring, e)
}

// since returns the remembered committed events after seq, or false when
// the ring no longer holds all of them.
func (r *Room) since(seq int64) ([]session.Event, bool) {
	if seq >= r.committed {
		return nil, true
	}
	if len(r.ring) == 0 || r.ring[0].Seq > seq+1 {
		return nil, false
	}
	i := int(seq + 1 - r.ring[0].Seq)
	return r.ring[i:], true
}

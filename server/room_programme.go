package server

import (
	"time"

	"roundtable/protocol"
	"roundtable/session"
	"roundtable/session/store"
)

// One identity across a programme (issue 16; docs/PROTOCOL.md,
// "Programmes"). A hello may carry, instead of a resume token, the resume
// tokens its client holds from earlier sessions at this hub
// (protocol.Hello.Earlier). In a session of a programme the room knows the
// participants of the programme's other sessions by their token's hash
// (RoomConfig.Identities, read from the store when the host starts): the
// first token it knows joins that person here at once, under the same name
// and institution and with the same token, which is from then on their
// resume token in this session too. Tokens it does not know are ignored:
// the hello goes on as it would without them, so a stranger's made-up
// tokens tell them nothing. Each token costs one lookup in a map; a hello
// carries at most protocol.MaxEarlier of them, and a hello that joins
// someone takes one of its address's new participants, like any join.

// joinEarlier handles a participant's hello without a resume token that
// carries earlier tokens: it joins (or, when the token already joined this
// session, resumes) the participant one of them names, and reports whether
// it has answered the hello. It answers nothing (false) when none is known.
func (r *Room) joinEarlier(c *peer, h protocol.Hello, now time.Time) bool {
	if len(h.Earlier) == 0 {
		return false
	}
	if len(h.Earlier) > protocol.MaxEarlier {
		r.refuseHello(c, protocol.Refuse(session.EINVALID, "errors.hub.earlier_too_many", "N", protocol.MaxEarlier), protocol.CloseBadFrame)
		return true
	}
	for _, tok := range h.Earlier {
		if tok == "" {
			continue
		}
		hash := HashToken(tok)
		if pid, ok := r.tokens[hash]; ok {
			r.resumeEarlier(c, pid, tok)
			return true
		}
		if who, ok := r.identities[hash]; ok {
			r.joinAs(c, who, hash, tok, now)
			return true
		}
	}
	return false
}

// resumeEarlier welcomes c back as participant pid of this session, who
// joined it with the earlier token tok; the welcome names tok as the
// resume token, since the client did not send it as one.
func (r *Room) resumeEarlier(c *peer, pid, tok string) {
	if r.refuseRemoved(c, pid) {
		return
	}
	c.actor = session.Actor{ID: pid, Role: session.RoleParticipant}
	if !r.admit(c, false) {
		return
	}
	c.earlier = tok
	r.await(c, r.nextSeq, "") // its own snapshot, once its join (maybe still in flight) has committed
}

// joinAs joins c as who, a participant of another session of the
// programme, with the same token (hash is its hash).
func (r *Room) joinAs(c *peer, who store.Identity, hash, tok string, now time.Time) {
	c.actor = session.Actor{Role: session.RoleParticipant}
	if !r.admit(c, true) {
		return
	}
	evs, err := session.Decide(r.st, c.actor, session.Command{
		Type:        session.CmdJoin,
		Name:        who.Name,
		Institution: who.Institution,
		TokenHash:   hash,
	}, now)
	if err != nil {
		r.refuseHello(c, session.AsError(err), protocol.CloseBadFrame)
		return
	}
	c.actor = session.Actor{ID: evs[0].ID, Role: session.RoleParticipant}
	if g, ok := c.t.(addrGated); ok {
		g.identify(c.actor)
	}
	r.logger.Info("joined as in an earlier session of the programme", "participant", c.actor.ID, "from", who.Session, "was", who.Participant)
	r.commit(evs, store.OpKey{}, nil)
	r.await(c, r.nextSeq, tok)
}

// provesEarlier reports whether a hello proves a secret by an earlier
// token this room knows, with the join code: like a resume token, it gets
// in from an address blocked for failed joins.
func (r *Room) provesEarlier(h protocol.Hello) bool {
	if len(h.Earlier) == 0 || len(h.Earlier) > protocol.MaxEarlier || !sameSecret(protocol.NormalizeCode(h.Code), r.code) {
		return false
	}
	for _, tok := range h.Earlier {
		hash := HashToken(tok)
		if _, ok := r.tokens[hash]; ok {
			return true
		}
		if _, ok := r.identities[hash]; ok {
			return true
		}
	}
	return false
}

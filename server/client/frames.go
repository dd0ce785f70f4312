package client

import (
	"encoding/json"
	"fmt"
	"time"

	"roundtable/protocol"
	"roundtable/session"
)

// frame handles one frame from the hub. An error ends the connection.
func (c *Client) frame(cn *conn, data []byte) error {
	kind, err := protocol.Kind(data)
	if err != nil {
		return fmt.Errorf("the host sent a malformed frame: %w", err)
	}
	switch kind {
	case protocol.KindEvent:
		var f protocol.EventFrame
		if err := json.Unmarshal(data, &f); err != nil {
			return fmt.Errorf("the host sent a malformed event: %w", err)
		}
		return c.event(cn, f.Event)
	case protocol.KindAck:
		var a protocol.Ack
		if err := json.Unmarshal(data, &a); err != nil {
			return fmt.Errorf("the host sent a malformed ack: %w", err)
		}
		c.mu.Lock()
		if _, ok := c.settle(a.Op); ok {
			c.upd.Acked = append(c.upd.Acked, a.Op)
			c.notify()
		}
		c.mu.Unlock()
	case protocol.KindNack:
		var n protocol.Nack
		if err := json.Unmarshal(data, &n); err != nil {
			return fmt.Errorf("the host sent a malformed nack: %w", err)
		}
		c.mu.Lock()
		if n.RetryAfterMS > 0 {
			// A temporary refusal (too many at once): the command stays in
			// the outbox and goes again, under the same op, after the wait.
			c.retryLater(cn, n.Op, time.Duration(n.RetryAfterMS)*time.Millisecond)
			c.mu.Unlock()
			return nil
		}
		if e, ok := c.settle(n.Op); ok {
			c.upd.Nacks = append(c.upd.Nacks, nackOf(n.Op, e.cmd, n.Refused()))
			c.notify()
		}
		c.mu.Unlock()
	case protocol.KindPresence:
		var p protocol.Presence
		if err := json.Unmarshal(data, &p); err != nil {
			return fmt.Errorf("the host sent a malformed presence: %w", err)
		}
		c.mu.Lock()
		if c.online[p.ID] != p.Online {
			if p.Online {
				c.online[p.ID] = true
			} else {
				delete(c.online, p.ID)
			}
			c.upd.Presence = true
			c.notify()
		}
		c.mu.Unlock()
	case protocol.KindRoster:
		var r protocol.Roster
		if err := json.Unmarshal(data, &r); err != nil {
			return fmt.Errorf("the host sent a malformed roster: %w", err)
		}
		c.roster(r)
	case protocol.KindError:
		var e protocol.Error
		if err := json.Unmarshal(data, &e); err != nil {
			return fmt.Errorf("the host sent a malformed error: %w", err)
		}
		cn.refused = e.Refused()
		c.cfg.Logf("roundtable client: the host reports %s: %s", e.Code, e.Message)
	default:
		// A kind this version does not know (or a second welcome): newer
		// hubs may add frames, so it is skipped.
	}
	return nil
}

// event applies one event: a duplicate (seq already applied, as after a
// resume) is skipped; a gap ends the connection so that the client resumes
// from its last seq. A participant_joined after the welcome's seq also
// says the participant is online (PROTOCOL.md, presence).
func (c *Client) event(cn *conn, e session.Event) error {
	c.mu.Lock()
	if e.Seq <= c.lastSeq {
		c.mu.Unlock()
		return nil
	}
	if e.Seq > c.lastSeq+1 {
		last := c.lastSeq
		c.mu.Unlock()
		return &resyncError{fmt.Sprintf("missed events %d to %d; resuming from %d", last+1, e.Seq-1, last)}
	}
	if c.replica != nil {
		c.replica.Apply(e)
	}
	c.lastSeq = e.Seq
	// In an anonymous session only the facilitator is told who is online
	// (PROTOCOL.md, presence; issue 15): a join then says nothing of it.
	withheld := c.role != session.RoleFacilitator && c.replica != nil && c.replica.Settings.Anonymous
	if e.Type == session.EvParticipantJoined && e.Seq > cn.readyAt && !c.online[e.ID] && !withheld {
		c.online[e.ID] = true
		c.upd.Presence = true
		c.notify()
	}
	if c.events == nil {
		c.upd.Events = append(c.upd.Events, e)
		c.notify()
	}
	c.checkReady()
	c.mu.Unlock()
	if c.events != nil {
		select {
		case c.events <- e:
		case <-c.ctx.Done():
		}
	}
	return nil
}

// roster takes in a crowd's roster frame (PROTOCOL.md, roster): the events
// up to its seq that never came were other participants' joins, which a
// crowd's clients are not sent, so its seq counts as applied and the gap
// rule of event still holds. One whose seq is not ahead changes only the
// counts.
func (c *Client) roster(r protocol.Roster) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.Seq > c.lastSeq {
		if c.replica != nil {
			// What a redacted event would do: move the replica's seq.
			c.replica.Apply(session.Event{Seq: r.Seq, Type: session.EvRedacted})
		}
		c.lastSeq = r.Seq
		c.checkReady()
	}
	counts := r.Counts()
	if c.crowd == nil || *c.crowd != counts {
		c.crowd = &counts
		c.upd.Presence = true
		c.notify()
	}
}

// settle removes the command with this op id from the outbox. c.mu is held.
func (c *Client) settle(op string) (entry, bool) {
	for i, e := range c.outbox {
		if e.op == op {
			c.outbox = append(c.outbox[:i], c.outbox[i+1:]...)
			return e, true
		}
	}
	return entry{}, false
}

// retryLater re-sends the outbox entry op on cn after d, if it is still
// waiting and cn is still the live connection. c.mu is held.
func (c *Client) retryLater(cn *conn, op string, d time.Duration) {
	time.AfterFunc(d, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.cur != cn || !cn.ready {
			return // a reconnect re-sends the whole outbox anyway
		}
		for _, e := range c.outbox {
			if e.op == op {
				cn.push(e.frame)
				return
			}
		}
	})
}

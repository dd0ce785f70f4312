package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"roundtable/session"
	"roundtable/session/store"
)

// A session's log is the messages on its subject of StreamEvents. A message
// is either a group of batches (the events of one or more commands, in
// order, each with its operation id) or a fence: the mark a new owner puts
// down when it takes the session, which no event is in, so that an owner
// that lost its lease, and appends expecting the subject's last message to
// be its own, is refused.
const (
	hdrKind    = "Rt-Kind"
	hdrNode    = "Rt-Node"
	kindBatch  = "batch"
	kindFence  = "fence"
	groupBytes = 256 << 10 // a group's events at most, encoded (JetStream takes 1 MiB)
)

type groupRecord struct {
	Batches []batchRecord `json:"b"`
}

type batchRecord struct {
	Actor  string          `json:"a,omitempty"`
	Op     string          `json:"o,omitempty"`
	Events []session.Event `json:"e"`
}

// ErrFenced is an append refused because another node has taken the
// session since: this node's owner must step down.
var ErrFenced = errors.New("another node owns the session now")

// Log is the owner's side of a session's log, a server.Log: one goroutine
// appends the batches queued since its last append as one message, with an
// id made of the session and its first event's seq (a retry of the same
// group is recognised by JetStream's duplicate window) and the subject's
// last sequence it expects (its own last message, or its fence).
type Log struct {
	c       *Conn
	id      string
	subject string
	node    string

	mu     sync.Mutex
	queue  []store.Batch
	failed error
	wake   chan struct{}
	stop   chan struct{}
	done   chan struct{}
	last   uint64 // the stream sequence of the subject's last message (writer only)
}

// openLog starts the writer of a session's log, whose subject's last
// message is at stream sequence last.
func (c *Conn) openLog(id string, last uint64) *Log {
	l := &Log{c: c, id: id, subject: Subject(id), node: c.Node, last: last,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	return l
}

// Append queues a batch (server.Log). Done is called from the writer, in
// order, once the group holding the batch is stored on a majority of the
// stream's replicas, or failed.
func (l *Log) Append(b store.Batch) {
	l.mu.Lock()
	if err := l.failed; err != nil {
		l.mu.Unlock()
		b.Done(err)
		return
	}
	l.queue = append(l.queue, b)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// LoadSession reads the session back (server.Log).
func (l *Log) LoadSession(ctx context.Context, id string, recent int) (store.Loaded, error) {
	ld, err := l.c.Load(ctx, id, recent, 0)
	return ld.Loaded, err
}

// Events calls fn with the session's events after seq (server.Log).
func (l *Log) Events(ctx context.Context, id string, after int64, fn func(session.Event) error) error {
	return l.c.Events(ctx, id, 0, func(_ uint64, g groupRecord) error {
		for _, b := range g.Batches {
			for _, e := range b.Events {
				if e.Seq > after {
					if err := fn(e); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// Close stops the writer: what is queued fails.
func (l *Log) Close() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
}

func (l *Log) run() {
	defer close(l.done)
	for {
		select {
		case <-l.stop:
			l.fail(errors.New("the node is stopping"))
			return
		case <-l.wake:
		}
		for {
			group := l.take()
			if len(group) == 0 {
				break
			}
			err := l.write(group)
			for _, b := range group {
				b.Done(err)
			}
			if err != nil {
				l.fail(err)
				return
			}
		}
	}
}

// take takes the batches queued, up to groupBytes of events.
func (l *Log) take() []store.Batch {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, size := 0, 0
	for n < len(l.queue) && (n == 0 || size < groupBytes) {
		size += 200 * len(l.queue[n].Events) // a rough measure; write checks the real size
		n++
	}
	group := make([]store.Batch, n)
	copy(group, l.queue[:n])
	clear(l.queue[:n])
	l.queue = l.queue[n:]
	return group
}

// fail fails everything queued and every later append.
func (l *Log) fail(err error) {
	l.mu.Lock()
	if l.failed == nil {
		l.failed = err
	}
	q := l.queue
	l.queue = nil
	l.mu.Unlock()
	for _, b := range q {
		b.Done(err)
	}
}

// write appends a group as one message, trying again (same id) while
// JetStream does not answer, and fails when it refuses: fenced, or the
// cluster has no majority for as long as appendTimeout allows twice.
func (l *Log) write(group []store.Batch) error {
	rec := groupRecord{Batches: make([]batchRecord, len(group))}
	first := int64(0)
	for i, b := range group {
		rec.Batches[i] = batchRecord{Actor: b.Actor, Op: b.Op, Events: b.Events}
		if first == 0 && len(b.Events) > 0 {
			first = b.Events[0].Seq
		}
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("encoding events of session %s: %w", l.id, err)
	}
	msg := nats.NewMsg(l.subject)
	msg.Header.Set(hdrKind, kindBatch)
	msg.Header.Set(hdrNode, l.node)
	msg.Data = data
	id := l.id + "." + strconv.FormatInt(first, 10)
	var last error
	begun := time.Now()
	for try := 0; try < 3 && time.Since(begun) < 3*appendTimeout; try++ {
		ctx, cancel := context.WithTimeout(context.Background(), appendTimeout)
		ack, err := l.c.JS.PublishMsg(ctx, msg, jetstream.WithMsgID(id), jetstream.WithExpectLastSequencePerSubject(l.last))
		cancel()
		if err == nil {
			l.last = ack.Sequence
			l.noteCatalog(group)
			return nil
		}
		var apiErr *jetstream.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence {
			return fmt.Errorf("%w (%v)", ErrFenced, err)
		}
		// Otherwise no answer, or the first try still in process (10158,
		// "duplicate message id is in process"): the same message again,
		// which JetStream stores once.
		if errors.As(err, &apiErr) && apiErr.ErrorCode == 10158 {
			try--
		}
		last = err
		select {
		case <-l.stop:
			return fmt.Errorf("appending to the log: %w", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("appending to the log: %w", last)
}

// noteCatalog keeps the session's record in step with a title or phase
// the group changed (best effort: the log is the truth, and export reads
// it).
func (l *Log) noteCatalog(group []store.Batch) {
	var title, phase *string
	var at time.Time
	for _, b := range group {
		for _, e := range b.Events {
			switch e.Type {
			case session.EvSessionCreated, session.EvSettingsUpdated:
				if e.Settings != nil {
					t := e.Settings.Title
					title, at = &t, e.At
				}
			case session.EvPhaseChanged:
				p := string(e.Phase)
				phase, at = &p, e.At
			}
		}
	}
	if title == nil && phase == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := l.c.update(ctx, l.id, func(r *Record) {
			if title != nil {
				r.Title = *title
			}
			if phase != nil {
				r.Phase = session.Phase(*phase)
			}
			if at.After(r.UpdatedAt) {
				r.UpdatedAt = at
			}
		})
		if err != nil {
			l.c.logger.Warn("session record not updated", "session", l.id, "err", err)
		}
	}()
}

// Fence puts down a new owner's mark on a session's log and returns its
// stream sequence: from then on only an append expecting it is taken.
func (c *Conn) Fence(ctx context.Context, id string) (uint64, error) {
	msg := nats.NewMsg(Subject(id))
	msg.Header.Set(hdrKind, kindFence)
	msg.Header.Set(hdrNode, c.Node)
	ack, err := c.JS.PublishMsg(ctx, msg)
	if err != nil {
		return 0, fmt.Errorf("fencing session %s: %w", id, err)
	}
	return ack.Sequence, nil
}

// Loaded is a session read from the log, with the stream sequence of the
// last message read (a fence included), where following it goes on.
type Loaded struct {
	store.Loaded
	Last uint64
}

// Load reads a session from the log: every event (up to the message at
// stream sequence upTo, when not 0, else to the end), the state they make,
// the last recent ones and the operation ids.
func (c *Conn) Load(ctx context.Context, id string, recent int, upTo uint64) (Loaded, error) {
	st := session.NewState(id)
	ld := Loaded{Loaded: store.Loaded{State: st, Ops: map[store.OpKey]int64{}}}
	var ring []session.Event
	err := c.Events(ctx, id, upTo, func(seq uint64, g groupRecord) error {
		ld.Last = seq
		for _, b := range g.Batches {
			for _, e := range b.Events {
				if e.Seq != st.Seq+1 {
					return fmt.Errorf("session %s: event %d follows %d in the log", id, e.Seq, st.Seq)
				}
				st.Apply(e)
				if recent > 0 {
					if len(ring) >= 2*recent {
						ring = append(ring[:0], ring[len(ring)-recent:]...)
					}
					ring = append(ring, e)
				}
			}
			if b.Op != "" && len(b.Events) > 0 {
				ld.Ops[store.OpKey{Actor: b.Actor, Op: b.Op}] = b.Events[len(b.Events)-1].Seq
			}
		}
		return nil
	})
	if len(ring) > recent {
		ring = ring[len(ring)-recent:]
	}
	ld.Recent = ring
	return ld, err
}

// Events calls fn with each message of a session's log in order (fences
// as empty groups), up to stream sequence upTo when not 0, else to the
// end as it is when Events starts. It reads with JetStream's batched direct
// gets, which any replica answers without a consumer (a consumer needs the
// cluster's meta leader, which is being elected just when a node takes a
// session over); a replica behind upTo is asked again until it has caught
// up or ctx ends.
func (c *Conn) Events(ctx context.Context, id string, upTo uint64, fn func(seq uint64, g groupRecord) error) error {
	return c.events(ctx, id, 1, upTo, fn)
}

func (c *Conn) events(ctx context.Context, id string, from, upTo uint64, fn func(seq uint64, g groupRecord) error) error {
	subj := Subject(id)
	if upTo == 0 {
		last, err := c.LastSeq(ctx, id)
		if err != nil {
			return fmt.Errorf("reading session %s: %w", id, err)
		}
		if last == 0 {
			return nil // nothing yet
		}
		upTo = last
	}
	for from <= upTo {
		last, err := c.directBatch(ctx, subj, from, upTo, func(seq uint64, h nats.Header, data []byte) error {
			g, err := decodeGroup(h, data)
			if err != nil {
				return fmt.Errorf("session %s, message %d: %w", id, seq, err)
			}
			return fn(seq, g)
		})
		if err != nil {
			return fmt.Errorf("reading session %s (from %d to %d): %w", id, from, upTo, err)
		}
		if last >= from {
			from = last + 1
			continue
		}
		select { // a replica not caught up yet
		case <-ctx.Done():
			return fmt.Errorf("reading session %s (from %d to %d): %w", id, from, upTo, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	return nil
}

// directBatch asks for up to directBatchSize messages of subj from stream
// sequence from, and calls fn with those up to upTo. It returns the last
// sequence it passed to fn (0: none).
func (c *Conn) directBatch(ctx context.Context, subj string, from, upTo uint64, fn func(seq uint64, h nats.Header, data []byte) error) (uint64, error) {
	inbox := c.NC.NewRespInbox()
	sub, err := c.NC.SubscribeSync(inbox)
	if err != nil {
		return 0, err
	}
	defer sub.Unsubscribe()
	req, _ := json.Marshal(map[string]any{"seq": from, "next_by_subj": subj, "batch": directBatchSize})
	if err := c.NC.PublishRequest("$JS.API.DIRECT.GET."+StreamEvents, inbox, req); err != nil {
		return 0, err
	}
	var last uint64
	for {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		m, err := sub.NextMsgWithContext(rctx)
		cancel()
		if err != nil {
			return last, err
		}
		switch m.Header.Get("Status") {
		case "":
		case "404", "204": // nothing (more) there; the end of the batch
			return last, nil
		default:
			return last, fmt.Errorf("direct get: %s %s", m.Header.Get("Status"), m.Header.Get("Description"))
		}
		seq, err := strconv.ParseUint(m.Header.Get(jetstream.SequenceHeader), 10, 64)
		if err != nil {
			return last, fmt.Errorf("direct get: no sequence in %v", m.Header)
		}
		if seq > upTo {
			continue // past what was asked; the batch ends soon
		}
		if err := fn(seq, m.Header, m.Data); err != nil {
			return last, err
		}
		last = seq
	}
}

// LastSeq returns the stream sequence of the last message of a session's
// log (0: none), as the stream's leader knows it: a direct get, which any
// replica answers, may be behind.
func (c *Conn) LastSeq(ctx context.Context, id string) (uint64, error) {
	req, _ := json.Marshal(map[string]string{"last_by_subj": Subject(id)})
	m, err := c.NC.RequestWithContext(ctx, "$JS.API.STREAM.MSG.GET."+StreamEvents, req)
	if err != nil {
		return 0, err
	}
	var resp struct {
		Error *struct {
			Code        int    `json:"code"`
			ErrCode     int    `json:"err_code"`
			Description string `json:"description"`
		} `json:"error"`
		Message struct {
			Seq uint64 `json:"seq"`
		} `json:"message"`
	}
	if err := json.Unmarshal(m.Data, &resp); err != nil {
		return 0, err
	}
	if resp.Error != nil {
		if resp.Error.Code == 404 {
			return 0, nil
		}
		return 0, fmt.Errorf("the log's last message: %s", resp.Error.Description)
	}
	return resp.Message.Seq, nil
}

// directBatchSize is how many messages one direct get asks for.
const directBatchSize = 512

func decodeGroup(h nats.Header, data []byte) (groupRecord, error) {
	var g groupRecord
	if h.Get(hdrKind) == kindFence {
		return g, nil
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return g, err
	}
	return g, nil
}

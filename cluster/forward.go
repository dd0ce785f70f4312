package cluster

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"roundtable/server"
)

// Forwarding: a follower's room sends its clients' commands and joins to
// the owner on the session's command subject, as requests, and the owner's
// room answers each once it is committed (server.Answer). The forwarder
// keeps every request until it has its answer and sends it again while no
// owner answers (a change of owner): the owner recognises a retry by its
// operation id, in memory or in the log's stored ids, so it takes effect
// once.

const (
	forwardRetry = 200 * time.Millisecond // after "no owner" (no responders, or not the owner)
	forwardLost  = 2 * time.Second        // a request unanswered this long is sent again
)

// forwarder is a follower's server.Owner.
type forwarder struct {
	nc      *nats.Conn
	subject string
	inbox   string
	sub     *nats.Subscription

	mu      sync.Mutex
	next    uint64
	pending map[uint64]*request
	stop    chan struct{}
	done    chan struct{}
}

type request struct {
	data   []byte
	done   func(server.Answer)
	sentAt time.Time
	retry  time.Time // when set, sent again then
}

func newForwarder(nc *nats.Conn, session string) (*forwarder, error) {
	f := &forwarder{nc: nc, subject: SubjectCommand + session, inbox: nc.NewRespInbox(),
		pending: map[uint64]*request{}, stop: make(chan struct{}), done: make(chan struct{})}
	f.inbox = f.inbox[:strings.LastIndexByte(f.inbox, '.')]
	sub, err := nc.Subscribe(f.inbox+".*", f.answered)
	if err != nil {
		return nil, err
	}
	f.sub = sub
	go f.loop()
	return f, nil
}

// Forward sends a request to whichever node owns the session
// (server.Owner).
func (f *forwarder) Forward(req server.Forwarded, done func(server.Answer)) {
	data, err := json.Marshal(req)
	if err != nil {
		done(server.Answer{Err: nil, Unavailable: true})
		return
	}
	f.mu.Lock()
	f.next++
	id := f.next
	r := &request{data: data, done: done, sentAt: time.Now()}
	f.pending[id] = r
	f.mu.Unlock()
	f.send(id, r)
}

func (f *forwarder) send(id uint64, r *request) {
	msg := &nats.Msg{Subject: f.subject, Reply: f.inbox + "." + strconv.FormatUint(id, 10), Data: r.data}
	f.nc.PublishMsg(msg) // buffered; a failure is retried by loop
}

func (f *forwarder) answered(m *nats.Msg) {
	id, err := strconv.ParseUint(m.Subject[strings.LastIndexByte(m.Subject, '.')+1:], 10, 64)
	if err != nil {
		return
	}
	f.mu.Lock()
	r := f.pending[id]
	if r == nil {
		f.mu.Unlock()
		return // answered already (a retry's second answer)
	}
	var a server.Answer
	if len(m.Data) == 0 || json.Unmarshal(m.Data, &a) != nil || a.Unavailable {
		// No responders (a status message) or not the owner: ask again soon.
		r.retry = time.Now().Add(forwardRetry)
		f.mu.Unlock()
		return
	}
	delete(f.pending, id)
	f.mu.Unlock()
	r.done(a)
}

func (f *forwarder) loop() {
	defer close(f.done)
	t := time.NewTicker(forwardRetry / 2)
	defer t.Stop()
	for {
		select {
		case <-f.stop:
			return
		case now := <-t.C:
			type again struct {
				id uint64
				r  *request
			}
			var due []again
			f.mu.Lock()
			for id, r := range f.pending {
				if (!r.retry.IsZero() && now.After(r.retry)) || now.Sub(r.sentAt) > forwardLost {
					r.retry, r.sentAt = time.Time{}, now
					due = append(due, again{id, r})
				}
			}
			f.mu.Unlock()
			// In the order they were first sent: a client's commands reach
			// the owner in its order.
			for i := 1; i < len(due); i++ {
				for j := i; j > 0 && due[j].id < due[j-1].id; j-- {
					due[j], due[j-1] = due[j-1], due[j]
				}
			}
			for _, d := range due {
				f.send(d.id, d.r)
			}
		}
	}
}

// Close stops forwarding: requests waiting are never answered (their
// clients send them again after they reconnect).
func (f *forwarder) Close() {
	select {
	case <-f.stop:
	default:
		close(f.stop)
	}
	<-f.done
	f.sub.Unsubscribe()
}

// serveCommands answers forwarded requests in the owner's room.
func serveCommands(nc *nats.Conn, session string, room *server.Room) (*nats.Subscription, error) {
	return nc.Subscribe(SubjectCommand+session, func(m *nats.Msg) {
		var req server.Forwarded
		if err := json.Unmarshal(m.Data, &req); err != nil || m.Reply == "" {
			return
		}
		room.HandleForwarded(req, func(a server.Answer) {
			data, err := json.Marshal(a)
			if err == nil {
				m.Respond(data)
			}
		})
	})
}

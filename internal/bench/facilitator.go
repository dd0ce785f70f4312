package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"roundtable/server/client"
	"roundtable/session"
)

// facilitator steers the workshop through the real reconnecting client,
// one command at a time.
type facilitator struct {
	c *client.Client

	mu      sync.Mutex
	waiting map[string]chan error
	done    chan struct{}
}

func dialFacilitator(ctx context.Context, url, token string) (*facilitator, error) {
	c, err := client.Dial(ctx, client.Config{URL: url, Token: token})
	if err != nil {
		return nil, fmt.Errorf("facilitator: %w", err)
	}
	f := &facilitator{c: c, waiting: map[string]chan error{}, done: make(chan struct{})}
	go f.watch()
	return f, nil
}

// watch routes acks and nacks to the commands waiting for them.
func (f *facilitator) watch() {
	defer close(f.done)
	for range f.c.Changes() {
		u := f.c.Drain()
		f.mu.Lock()
		for _, op := range u.Acked {
			if ch := f.waiting[op]; ch != nil {
				ch <- nil
				delete(f.waiting, op)
			}
		}
		for _, n := range u.Nacks {
			if ch := f.waiting[n.Op]; ch != nil {
				ch <- fmt.Errorf("%s refused: %s %s", n.Command.Type, n.Code, n.Message)
				delete(f.waiting, n.Op)
			}
		}
		f.mu.Unlock()
	}
}

// do sends a command and waits for its ack.
func (f *facilitator) do(cmd session.Command) error {
	ch := make(chan error, 1)
	f.mu.Lock()
	op := f.c.Send(cmd)
	f.waiting[op] = ch
	f.mu.Unlock()
	select {
	case err := <-ch:
		return err
	case <-time.After(2 * time.Minute):
		return fmt.Errorf("%s: no answer within 2 minutes", cmd.Type)
	}
}

// state returns the facilitator's replica.
func (f *facilitator) state() *session.State { return f.c.State() }

func (f *facilitator) close() {
	f.c.Close()
	<-f.done
}

package cluster

import (
	"encoding/json"
	"slices"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"roundtable/server"
)

// Presence across nodes: each node says on the session's online subject
// when one of its own participants comes online or goes offline here, and
// every onlineBeat the whole set, so that a node that starts (or a room
// that is rebuilt) learns everyone's within one beat, and a node that says
// nothing for onlineGone is taken as gone, with its participants offline.

const (
	onlineBeat = 2 * time.Second
	onlineGone = 7 * time.Second
)

type onlineMsg struct {
	Node   string   `json:"node"`
	ID     string   `json:"id,omitempty"`
	Online bool     `json:"on,omitempty"`
	All    []string `json:"all,omitempty"`
	Full   bool     `json:"full,omitempty"`
}

// presence is a node's side of it, for one session: a server.Link.
type presence struct {
	nc      *nats.Conn
	node    string
	subject string
	sub     *nats.Subscription

	mu    sync.Mutex
	mine  map[string]bool
	heard map[string]time.Time // other nodes, when last heard
	room  *server.Room         // the room told of other nodes (nil between rooms)
	stop  chan struct{}
	done  chan struct{}
}

func newPresence(nc *nats.Conn, node, session string) (*presence, error) {
	p := &presence{nc: nc, node: node, subject: SubjectOnline + session, mine: map[string]bool{},
		heard: map[string]time.Time{}, stop: make(chan struct{}), done: make(chan struct{})}
	sub, err := nc.Subscribe(p.subject, p.received)
	if err != nil {
		return nil, err
	}
	p.sub = sub
	go p.loop()
	return p, nil
}

// setRoom makes room the one told of other nodes; its own participants
// start from none (a new room has no connections).
func (p *presence) setRoom(room *server.Room) {
	p.mu.Lock()
	p.room = room
	p.mine = map[string]bool{}
	p.mu.Unlock()
	p.beat()
}

// Announce is the room's news of one of its own participants (server.Link).
func (p *presence) Announce(id string, online bool) {
	p.mu.Lock()
	if online {
		p.mine[id] = true
	} else {
		delete(p.mine, id)
	}
	p.mu.Unlock()
	p.publish(onlineMsg{Node: p.node, ID: id, Online: online})
}

func (p *presence) publish(m onlineMsg) {
	if data, err := json.Marshal(m); err == nil {
		p.nc.Publish(p.subject, data)
	}
}

func (p *presence) beat() {
	p.mu.Lock()
	all := make([]string, 0, len(p.mine))
	for id := range p.mine {
		all = append(all, id)
	}
	p.mu.Unlock()
	slices.Sort(all)
	p.publish(onlineMsg{Node: p.node, All: all, Full: true})
}

func (p *presence) received(m *nats.Msg) {
	var o onlineMsg
	if json.Unmarshal(m.Data, &o) != nil || o.Node == "" || o.Node == p.node {
		return
	}
	p.mu.Lock()
	p.heard[o.Node] = time.Now()
	room := p.room
	p.mu.Unlock()
	if room == nil {
		return
	}
	if o.Full {
		room.RemoteOnline(o.Node, o.All)
		return
	}
	room.RemotePresence(o.Node, o.ID, o.Online)
}

func (p *presence) loop() {
	defer close(p.done)
	t := time.NewTicker(onlineBeat)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.beat()
			var gone []string
			p.mu.Lock()
			for n, at := range p.heard {
				if now.Sub(at) > onlineGone {
					gone = append(gone, n)
					delete(p.heard, n)
				}
			}
			room := p.room
			p.mu.Unlock()
			if room != nil {
				for _, n := range gone {
					room.NodeGone(n)
				}
			}
		}
	}
}

func (p *presence) Close() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
	p.sub.Unsubscribe()
}

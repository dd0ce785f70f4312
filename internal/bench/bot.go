package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"roundtable/protocol"
	"roundtable/session"
)

// Frame prefixes as the hub encodes them (field order of the protocol
// types). A frame that does not match is decoded in full.
var (
	eventPrefix   = []byte(`{"t":"event","event":{"seq":`)
	rawPrefix     = []byte(`{"t":"bench","n":`)
	welcomePrefix = []byte(`{"t":"welcome"`)
	eventKind     = []byte(`{"t":"event"`)
	rosterPrefix  = []byte(`{"t":"roster","seq":`)
	rosterKind    = []byte(`{"t":"roster"`)
	replyKinds    = [][]byte{[]byte(`{"t":"ack"`), []byte(`{"t":"nack"`), []byte(`{"t":"error"`)}
)

// bot is one simulated participant: a websocket that joins, reads every
// frame (stamping when each event and raw frame arrived), and sends the
// commands the workload gives it, timing each until its ack.
type bot struct {
	idx int
	rec *recorder
	ws  *websocket.Conn
	wmu sync.Mutex // one writer at a time

	id     string // participant id
	joinNS int64  // dial to welcome

	lastSeq   atomic.Int64
	gaps      atomic.Int64
	pings     atomic.Int64 // pings the hub sent (each answered with a pong)
	kicked    atomic.Int64 // close code the hub sent, if any
	measuring *atomic.Bool // shared: record ack latencies now
	done      chan struct{}

	mu      sync.Mutex
	next    int
	pending map[string]*pendingCmd
	acks    []int64 // ack latencies (ns) while measuring
	nacks   map[string]int64
	sent    int64
	acked   int64
	retried int64

	// The workload's record of this participant's votes; guarded by mu.
	votes    map[string]int
	spent    int
	feedback bool
}

type pendingCmd struct {
	sent  int64
	data  []byte
	tries int
}

// reply is an ack, nack or error frame.
type reply struct {
	T            string `json:"t"`
	Op           string `json:"op"`
	Seq          int64  `json:"seq"`
	Code         string `json:"code"`
	Message      string `json:"message"`
	RetryAfterMS int64  `json:"retry_after_ms"`
}

// newDialer returns the bots' dialer: small buffers, and on Linux a
// source address from 127.0.0.1 to 127.0.0.16 when the hub is on
// 127.0.0.1, so that repeated runs do not exhaust ephemeral ports.
func newDialer(idx int, loopback bool) *websocket.Dialer {
	d := &websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 16 << 10, WriteBufferSize: 1024}
	if spreadSources && loopback {
		local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, byte(1+idx%16))}
		nd := &net.Dialer{LocalAddr: local, Timeout: 30 * time.Second}
		d.NetDialContext = nd.DialContext
	}
	return d
}

// joinBot connects and says hello; it returns once the welcome arrived.
func joinBot(ctx context.Context, idx int, url string, d *websocket.Dialer, hello protocol.Hello, rec *recorder, measuring *atomic.Bool) (*bot, error) {
	start := time.Now()
	ws, _, err := d.DialContext(ctx, url, nil)
	if err != nil {
		return nil, fmt.Errorf("participant %d: %w", idx, err)
	}
	ws.SetReadLimit(1 << 30) // welcomes carry the whole session
	b := &bot{idx: idx, rec: rec, ws: ws, measuring: measuring, done: make(chan struct{}),
		pending: map[string]*pendingCmd{}, nacks: map[string]int64{}, votes: map[string]int{}}
	ws.SetPingHandler(b.pinged)
	data, _ := json.Marshal(hello)
	if err := b.write(data); err != nil {
		ws.Close()
		return nil, fmt.Errorf("participant %d: sending hello: %w", idx, err)
	}
	ws.SetReadDeadline(time.Now().Add(2 * time.Minute))
	for {
		_, r, err := ws.NextReader()
		if err != nil {
			ws.Close()
			return nil, fmt.Errorf("participant %d: waiting for the welcome: %w", idx, err)
		}
		var head [512]byte
		h := head[:readHead(r, head[:])]
		switch {
		case bytes.HasPrefix(h, welcomePrefix):
			you, seq, ok := welcomeHead(h)
			if !ok {
				rest, err := io.ReadAll(r)
				if err != nil {
					ws.Close()
					return nil, err
				}
				var w protocol.Welcome
				if err := json.Unmarshal(append(h, rest...), &w); err != nil {
					ws.Close()
					return nil, fmt.Errorf("participant %d: malformed welcome: %w", idx, err)
				}
				you, seq = w.You, w.Seq
			} else if _, err := io.Copy(io.Discard, r); err != nil {
				ws.Close()
				return nil, err
			}
			b.id = you
			b.lastSeq.Store(seq)
			b.joinNS = int64(time.Since(start))
			ws.SetReadDeadline(time.Time{})
			go b.readLoop()
			return b, nil
		case bytes.HasPrefix(h, replyKinds[2]):
			rest, _ := io.ReadAll(r)
			var e protocol.Error
			json.Unmarshal(append(h, rest...), &e)
			ws.Close()
			return nil, fmt.Errorf("participant %d: the hub refused the hello: %s %s", idx, e.Code, e.Message)
		default:
			io.Copy(io.Discard, r)
		}
	}
}

// welcomeHead reads "you" and "seq" from the start of a welcome, where the
// hub puts them before the snapshot.
func welcomeHead(h []byte) (you string, seq int64, ok bool) {
	snap := bytes.Index(h, []byte(`"snapshot"`))
	if snap < 0 {
		snap = len(h)
	}
	h = h[:snap]
	i := bytes.Index(h, []byte(`"you":"`))
	j := bytes.Index(h, []byte(`"seq":`))
	if i < 0 || j < 0 {
		return "", 0, false
	}
	rest := h[i+len(`"you":"`):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return "", 0, false
	}
	seq, ok = leadingInt(h[j+len(`"seq":`):])
	return string(rest[:end]), seq, ok
}

// readHead fills buf from r as far as r goes and returns how much it read.
func readHead(r io.Reader, buf []byte) int {
	n := 0
	for n < len(buf) {
		k, err := r.Read(buf[n:])
		n += k
		if err != nil {
			break
		}
	}
	return n
}

// leadingInt parses the decimal number at the start of b.
func leadingInt(b []byte) (int64, bool) {
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b[:i]), 10, 64)
	return n, err == nil
}

// pinged counts a ping and answers it, as gorilla's default handler does.
func (b *bot) pinged(data string) error {
	b.pings.Add(1)
	err := b.ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(10*time.Second))
	var ne net.Error
	if errors.Is(err, websocket.ErrCloseSent) || (errors.As(err, &ne) && ne.Timeout()) {
		return nil
	}
	return err
}

func (b *bot) write(data []byte) error {
	b.wmu.Lock()
	defer b.wmu.Unlock()
	b.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return b.ws.WriteMessage(websocket.TextMessage, data)
}

// send sends a command under a new op id and starts its clock.
func (b *bot) send(cmd session.Command) {
	b.mu.Lock()
	b.next++
	op := strconv.FormatInt(int64(b.idx), 36) + "-" + strconv.Itoa(b.next)
	data, _ := json.Marshal(protocol.Command{T: protocol.KindCommand, Op: op, Cmd: cmd})
	b.pending[op] = &pendingCmd{sent: time.Now().UnixNano(), data: data}
	b.sent++
	b.mu.Unlock()
	b.write(data)
}

// inFlight returns how many commands await an answer.
func (b *bot) inFlight() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.pending)
}

// readLoop reads every frame until the connection ends.
func (b *bot) readLoop() {
	defer close(b.done)
	var head [128]byte
	var scratch [512]byte
	for {
		_, r, err := b.ws.NextReader()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				b.kicked.Store(int64(ce.Code))
			}
			return
		}
		h := head[:readHead(r, head[:])]
		switch {
		case bytes.HasPrefix(h, eventPrefix):
			now := time.Now().UnixNano()
			if seq, ok := leadingInt(h[len(eventPrefix):]); ok {
				b.event(seq, now)
			}
		case bytes.HasPrefix(h, rosterPrefix):
			if seq, ok := leadingInt(h[len(rosterPrefix):]); ok {
				b.roster(seq)
			}
		case bytes.HasPrefix(h, rosterKind):
			rest, _ := io.ReadAll(r)
			var f protocol.Roster
			if json.Unmarshal(append(h, rest...), &f) == nil {
				b.roster(f.Seq)
			}
			continue
		case bytes.HasPrefix(h, rawPrefix):
			now := time.Now().UnixNano()
			if k, ok := leadingInt(h[len(rawPrefix):]); ok {
				b.rec.raw(k, now)
			}
		case bytes.HasPrefix(h, eventKind):
			now := time.Now().UnixNano()
			rest, _ := io.ReadAll(r)
			var f protocol.EventFrame
			if json.Unmarshal(append(h, rest...), &f) == nil {
				b.event(f.Event.Seq, now)
			}
			continue
		case bytes.HasPrefix(h, replyKinds[0]) || bytes.HasPrefix(h, replyKinds[1]) || bytes.HasPrefix(h, replyKinds[2]):
			now := time.Now().UnixNano()
			rest, _ := io.ReadAll(r)
			var f reply
			if json.Unmarshal(append(h, rest...), &f) == nil {
				b.reply(f, now)
			}
			continue
		}
		// The rest of the frame is not needed.
		for {
			if _, err := r.Read(scratch[:]); err != nil {
				break
			}
		}
	}
}

func (b *bot) event(seq, at int64) {
	last := b.lastSeq.Load()
	if seq <= last {
		return
	}
	if seq != last+1 {
		b.gaps.Add(1)
	}
	b.lastSeq.Store(seq)
	b.rec.event(seq, at)
}

// roster takes in a crowd's roster frame: the events up to seq this bot
// did not get were other participants' joins, which a crowd's clients are
// not sent, so they are no gap (PROTOCOL.md, roster). They are not
// receipts either: the recorder counts only events that arrived.
func (b *bot) roster(seq int64) {
	if seq > b.lastSeq.Load() {
		b.lastSeq.Store(seq)
	}
}

func (b *bot) reply(f reply, at int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.pending[f.Op]
	switch f.T {
	case protocol.KindAck:
		if p == nil {
			return
		}
		delete(b.pending, f.Op)
		b.acked++
		if b.measuring.Load() {
			b.acks = append(b.acks, at-p.sent)
		}
	case protocol.KindNack:
		if p == nil {
			return
		}
		if f.RetryAfterMS > 0 && p.tries < 10 {
			// Too many at once: send it again later under the same op,
			// as the real client does.
			p.tries++
			b.retried++
			data := p.data
			time.AfterFunc(time.Duration(f.RetryAfterMS)*time.Millisecond, func() { b.write(data) })
			return
		}
		delete(b.pending, f.Op)
		b.nacks[f.Code]++
	case protocol.KindError:
		b.nacks["error "+f.Code]++
	}
}

// close ends the connection and waits for the reader.
func (b *bot) close() {
	b.ws.Close()
	<-b.done
}

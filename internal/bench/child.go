package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// The bench and a hub in a child process talk in JSON lines: the child
// writes a ready line, then answers each request on stdin with one reply
// on stdout, in order. It stops when stdin ends.

type hubReady struct {
	URL   string `json:"url"`
	Code  string `json:"code"`
	Token string `json:"token"`
	Note  string `json:"note,omitempty"`
	Err   string `json:"err,omitempty"`
}

type hubRequest struct {
	Op       string `json:"op"` // stats, raw, commits, throughput, profile, heap
	Settle   bool   `json:"settle,omitempty"`
	Frame    []byte `json:"frame,omitempty"`
	From     int64  `json:"from,omitempty"`
	To       int64  `json:"to,omitempty"`
	Actors   int    `json:"actors,omitempty"`
	Nanos    int64  `json:"nanos,omitempty"`
	MaxGroup int    `json:"max_group,omitempty"`
	Path     string `json:"path,omitempty"`
}

type hubReply struct {
	Err     string    `json:"err,omitempty"`
	Stats   *HubStats `json:"stats,omitempty"`
	Start   int64     `json:"start,omitempty"`
	Sent    int       `json:"sent,omitempty"`
	Commits []int64   `json:"commits,omitempty"`
	Rate    float64   `json:"rate,omitempty"`
}

// ServeHub runs a hub for a bench in the parent process: it starts a host
// on loopback with a temporary database, writes one ready line to out and
// answers the parent's requests from in until in ends or ctx is done.
// ping other than 0 replaces the shipped ping period (bench --ping).
// `roundtable bench --serve-hub` calls it; nobody else needs to.
func ServeHub(ctx context.Context, in io.Reader, out io.Writer, ping time.Duration) error {
	enc := json.NewEncoder(out)
	note, err := raiseFileLimit(maxConnections + 256)
	if err != nil {
		note = err.Error()
	}
	h, err := startLocalHub(ctx, ping)
	if err != nil {
		enc.Encode(hubReady{Err: err.Error()})
		return err
	}
	defer h.Close()
	if err := enc.Encode(hubReady{URL: h.URL(), Code: h.Code(), Token: h.Token(), Note: note}); err != nil {
		return err
	}
	reqs := make(chan hubRequest)
	go func() {
		defer close(reqs)
		dec := json.NewDecoder(bufio.NewReader(in))
		for {
			var r hubRequest
			if dec.Decode(&r) != nil {
				return
			}
			select {
			case reqs <- r:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case r, ok := <-reqs:
			if !ok {
				return nil
			}
			if err := enc.Encode(h.answer(r)); err != nil {
				return err
			}
		}
	}
}

func (h *localHub) answer(r hubRequest) hubReply {
	var rep hubReply
	var err error
	switch r.Op {
	case "stats":
		var s HubStats
		s, err = h.Stats(r.Settle)
		rep.Stats = &s
	case "raw":
		rep.Start, rep.Sent, err = h.Raw(r.Frame)
	case "commits":
		rep.Commits, err = h.Commits(r.From, r.To)
	case "throughput":
		rep.Rate, err = h.Throughput(r.Actors, time.Duration(r.Nanos), r.MaxGroup)
	case "profile":
		err = h.Profile(r.Path)
	case "heap":
		err = h.HeapProfile(r.Path)
	default:
		err = fmt.Errorf("unknown request %q", r.Op)
	}
	if err != nil {
		rep.Err = err.Error()
	}
	return rep
}

// childHub is a hub in a child process, reached through its stdin and
// stdout.
type childHub struct {
	cmd   *exec.Cmd
	ready hubReady

	mu  sync.Mutex // one request at a time
	in  io.WriteCloser
	dec *json.Decoder
}

func startChildHub(ctx context.Context, cmd *exec.Cmd) (*childHub, error) {
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the hub process: %w", err)
	}
	h := &childHub{cmd: cmd, in: in, dec: json.NewDecoder(bufio.NewReader(out))}
	got := make(chan error, 1)
	go func() { got <- h.dec.Decode(&h.ready) }()
	select {
	case err = <-got:
	case <-time.After(30 * time.Second):
		err = errors.New("no answer within 30 s")
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err == nil && h.ready.Err != "" {
		err = errors.New(h.ready.Err)
	}
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("the hub process did not start: %w", err)
	}
	return h, nil
}

func (h *childHub) call(r hubRequest) (hubReply, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	data, err := json.Marshal(r)
	if err != nil {
		return hubReply{}, err
	}
	if _, err := h.in.Write(append(data, '\n')); err != nil {
		return hubReply{}, fmt.Errorf("the hub process: %w", err)
	}
	var rep hubReply
	if err := h.dec.Decode(&rep); err != nil {
		return hubReply{}, fmt.Errorf("the hub process: %w", err)
	}
	if rep.Err != "" {
		return rep, errors.New(rep.Err)
	}
	return rep, nil
}

func (h *childHub) URL() string   { return h.ready.URL }
func (h *childHub) Code() string  { return h.ready.Code }
func (h *childHub) Token() string { return h.ready.Token }

func (h *childHub) Stats(settle bool) (HubStats, error) {
	rep, err := h.call(hubRequest{Op: "stats", Settle: settle})
	if err != nil || rep.Stats == nil {
		return HubStats{}, err
	}
	return *rep.Stats, nil
}

func (h *childHub) Raw(frame []byte) (int64, int, error) {
	rep, err := h.call(hubRequest{Op: "raw", Frame: frame})
	return rep.Start, rep.Sent, err
}

func (h *childHub) Commits(from, to int64) ([]int64, error) {
	rep, err := h.call(hubRequest{Op: "commits", From: from, To: to})
	return rep.Commits, err
}

func (h *childHub) Throughput(actors int, d time.Duration, maxGroup int) (float64, error) {
	rep, err := h.call(hubRequest{Op: "throughput", Actors: actors, Nanos: int64(d), MaxGroup: maxGroup})
	return rep.Rate, err
}

func (h *childHub) Profile(path string) error {
	_, err := h.call(hubRequest{Op: "profile", Path: path})
	return err
}

func (h *childHub) HeapProfile(path string) error {
	_, err := h.call(hubRequest{Op: "heap", Path: path})
	return err
}

// Close ends the child: closing its stdin stops it gracefully; it is
// killed if it has not exited within 10 s.
func (h *childHub) Close() error {
	h.in.Close()
	done := make(chan error, 1)
	go func() { done <- h.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		h.cmd.Process.Kill()
		return <-done
	}
}

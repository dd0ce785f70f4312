package sshd

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"roundtable/internal/privfile"
	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/tui/join"
)

// maxRemembered bounds each table of the participants file; the oldest
// entries go first.
const maxRemembered = 5000

// resumeEntry is a participant's resume token in one session.
type resumeEntry struct {
	Code  string    `json:"code"` // the session's join code
	Token string    `json:"token"`
	Saved time.Time `json:"saved"`
}

// remembered is the participants file: how SSH participants come back as
// themselves after a disconnect.
type remembered struct {
	// Keys maps a public key fingerprint and join code ("SHA256:…␟CODE")
	// to the resume token.
	Keys map[string]resumeEntry `json:"keys"`
	// Rejoin maps a rejoin code, shown to a participant without a key, to
	// the resume token.
	Rejoin map[string]resumeEntry `json:"rejoin"`
}

// participantStore keeps the participants file beside the database,
// readable by its owner only. It is safe for concurrent use.
type participantStore struct {
	path string
	// code is the join code of the session this server serves: it writes
	// only that session's entries, and takes the others from the file as
	// it is then (roundtable purge may have removed some meanwhile).
	code string

	mu sync.Mutex
	r  remembered
}

// openParticipantStore reads the file at path; a missing file is empty.
func openParticipantStore(path string) (*participantStore, error) {
	r, err := readRemembered(path)
	if err != nil {
		return nil, err
	}
	return &participantStore{path: path, r: r}, nil
}

// readRemembered reads the participants file at path; a missing file is
// empty.
func readRemembered(path string) (remembered, error) {
	r := remembered{Keys: map[string]resumeEntry{}, Rejoin: map[string]resumeEntry{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s is damaged: %v", path, err)
	}
	if r.Keys == nil {
		r.Keys = map[string]resumeEntry{}
	}
	if r.Rejoin == nil {
		r.Rejoin = map[string]resumeEntry{}
	}
	return r, nil
}

func keyEntry(fingerprint, code string) string { return fingerprint + "\x1f" + code }

// keyToken returns the resume token saved for a key in the session with
// this join code, or "".
func (s *participantStore) keyToken(fingerprint, code string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.Keys[keyEntry(fingerprint, code)].Token
}

// keyTokensElsewhere returns the resume tokens saved for a key in
// sessions other than the one with this join code, newest first, at most
// protocol.MaxEarlier (issue 16).
func (s *participantStore) keyTokensElsewhere(fingerprint, code string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []resumeEntry
	prefix := fingerprint + "\x1f"
	for k, e := range s.r.Keys {
		if strings.HasPrefix(k, prefix) && e.Code != code && e.Token != "" {
			found = append(found, e)
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if !found[i].Saved.Equal(found[j].Saved) {
			return found[i].Saved.After(found[j].Saved)
		}
		return found[i].Code < found[j].Code
	})
	out := make([]string, 0, min(len(found), protocol.MaxEarlier))
	for _, e := range found[:min(len(found), protocol.MaxEarlier)] {
		out = append(out, e.Token)
	}
	return out
}

// rejoin returns what a rejoin code stands for.
func (s *participantStore) rejoin(rc string) (resumeEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.r.Rejoin[rc]
	return e, ok
}

// saveKey remembers the resume token of a key in a session; an empty
// token forgets it.
func (s *participantStore) saveKey(fingerprint, code, token string, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := keyEntry(fingerprint, code)
	if token == "" {
		delete(s.r.Keys, k)
	} else {
		s.r.Keys[k] = resumeEntry{Code: code, Token: token, Saved: now}
		trim(s.r.Keys)
	}
	return s.write()
}

// newRejoin makes a rejoin code for a resume token and remembers it.
func (s *participantStore) newRejoin(code, token string, now time.Time) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		rc := newRejoinCode()
		if _, taken := s.r.Rejoin[rc]; taken {
			continue
		}
		s.r.Rejoin[rc] = resumeEntry{Code: code, Token: token, Saved: now}
		trim(s.r.Rejoin)
		return rc, s.write()
	}
}

// forgetRejoin drops a rejoin code whose token no longer works.
func (s *participantStore) forgetRejoin(rc string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.r.Rejoin, rc)
	return s.write()
}

// trim keeps the newest maxRemembered entries.
func trim(m map[string]resumeEntry) {
	if len(m) <= maxRemembered {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]].Saved.Before(m[keys[j]].Saved) })
	for _, k := range keys[:len(keys)-maxRemembered] {
		delete(m, k)
	}
}

// write replaces the file in one step (0600). s.mu is held.
func (s *participantStore) write() error {
	if s.code != "" {
		if disk, err := readRemembered(s.path); err == nil {
			othersFrom(s.r.Keys, disk.Keys, s.code)
			othersFrom(s.r.Rejoin, disk.Rejoin, s.code)
		}
	}
	return privfile.WriteJSON(s.path, s.r)
}

// rejoinAlphabet has no 0/O, 1/I/L, like join codes: a rejoin code is
// copied off a screen by hand.
const rejoinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// rejoinLen makes guessing hopeless under the failure limit: 31^8 codes.
const rejoinLen = 8

func newRejoinCode() string {
	b := make([]byte, rejoinLen)
	rand.Read(b)
	for i := range b {
		b[i] = rejoinAlphabet[int(b[i])%len(rejoinAlphabet)]
	}
	return string(b)
}

// door is one SSH session's side of the join flow: its store (a key's
// saved place, or a rejoin code for a participant without a key) and its
// gate (the session's code, rejoin codes and the failure limit per
// address). It is safe for concurrent use: the flow keeps and forgets from
// its commands.
type door struct {
	srv         *Server
	remote      net.Addr      // the SSH client's address, which the hub sees too
	addr        string        // its host part, for the failure limit
	host        string        // the address the client reached, for commands shown
	fingerprint string        // the client's public key fingerprint; "" without a key
	p           *lang.Printer // the participant's language

	mu     sync.Mutex
	rejoin string // the rejoin code used or given, for a participant without a key
}

// rejoinCode returns the rejoin code of this participant, or "".
func (d *door) rejoinCode() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.rejoin
}

// Last returns no answers: SSH participants are known by key or rejoin
// code, not by what they typed last.
func (d *door) Last() join.Answers { return join.Answers{} }

// Find returns the token saved for the client's key, before any answer.
func (d *door) Find(join.Answers) string {
	if d.fingerprint == "" {
		return ""
	}
	return d.srv.store.keyToken(d.fingerprint, d.srv.cfg.Code)
}

// Earlier returns the tokens saved for the client's key in other sessions
// (issue 16: join.EarlierStore): the hub of a session of the same
// programme joins the participant as themself by one of them, without
// asking who they are. None without a key: a rejoin code is one
// session's.
func (d *door) Earlier(join.Answers) []string {
	if d.fingerprint == "" {
		return nil
	}
	return d.srv.store.keyTokensElsewhere(d.fingerprint, d.srv.cfg.Code)
}

// Keep remembers how this participant comes back: under their key, or
// under a new rejoin code, which they are shown once.
func (d *door) Keep(_ join.Answers, token string) string {
	if token == "" {
		return ""
	}
	now := d.srv.cfg.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.fingerprint != "":
		if err := d.srv.store.saveKey(d.fingerprint, d.srv.cfg.Code, token, now); err != nil {
			d.srv.cfg.Logger.Error("ssh: remembering a participant's key", "err", err)
		}
	case d.rejoin == "":
		rc, err := d.srv.store.newRejoin(d.srv.cfg.Code, token, now)
		if err != nil {
			d.srv.cfg.Logger.Error("ssh: remembering a rejoin code", "err", err)
			return ""
		}
		d.rejoin = rc
		return rejoinNote(d.p, rc, d.rejoinCommand(rc))
	}
	return ""
}

// Forget drops the key's or the rejoin code's place, which the hub no
// longer knows.
func (d *door) Forget(join.Answers) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.rejoin != "" {
		d.srv.store.forgetRejoin(d.rejoin)
		d.rejoin = ""
		return
	}
	if err := d.srv.store.saveKey(d.fingerprint, d.srv.cfg.Code, "", d.srv.cfg.Now()); err != nil {
		d.srv.cfg.Logger.Error("ssh: forgetting a participant's key", "err", err)
	}
}

// gate checks a typed code before the hub sees it: an address with too
// many wrong codes is turned away, a rejoin code stands for its place,
// and a wrong code is counted.
func (d *door) gate(c string) join.Verdict {
	s := d.srv
	now := s.cfg.Now()
	if s.limiter.Blocked(d.addr, now) {
		return join.Verdict{Closed: d.p.S("sshd.wrong_codes")}
	}
	if e, ok := s.store.rejoin(c); ok && e.Code == s.cfg.Code {
		d.mu.Lock()
		d.rejoin = c
		d.mu.Unlock()
		return join.Verdict{Resume: e.Token}
	}
	if c == s.cfg.Code {
		return join.Verdict{}
	}
	s.cfg.Logger.Info("ssh: wrong join code", "addr", d.addr)
	if s.limiter.Fail(d.addr, now) {
		s.cfg.Logger.Warn("ssh: address blocked after too many wrong codes", "addr", d.addr,
			"failures", s.cfg.MaxFailures, "window", s.cfg.FailWindow)
		return join.Verdict{Closed: d.p.S("sshd.wrong_codes")}
	}
	return join.Verdict{Wrong: true}
}

// rejoinCommand is the ssh command that brings a participant without a
// key back as themself with rejoin code rc.
func (d *door) rejoinCommand(rc string) string {
	return strings.Replace(d.srv.Command(d.host), d.srv.cfg.Code+"@", rc+"@", 1)
}

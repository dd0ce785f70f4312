package sshd

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"sync"
	"time"

	"roundtable/internal/privfile"
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

	mu sync.Mutex
	r  remembered
}

// openParticipantStore reads the file at path; a missing file is empty.
func openParticipantStore(path string) (*participantStore, error) {
	s := &participantStore{path: path, r: remembered{Keys: map[string]resumeEntry{}, Rejoin: map[string]resumeEntry{}}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &s.r); err != nil {
		return nil, fmt.Errorf("%s is damaged: %v", path, err)
	}
	if s.r.Keys == nil {
		s.r.Keys = map[string]resumeEntry{}
	}
	if s.r.Rejoin == nil {
		s.r.Rejoin = map[string]resumeEntry{}
	}
	return s, nil
}

func keyEntry(fingerprint, code string) string { return fingerprint + "\x1f" + code }

// keyToken returns the resume token saved for a key in the session with
// this join code, or "".
func (s *participantStore) keyToken(fingerprint, code string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.r.Keys[keyEntry(fingerprint, code)].Token
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

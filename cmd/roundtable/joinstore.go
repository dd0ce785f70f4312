package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"roundtable/internal/privfile"
	"roundtable/protocol"
	"roundtable/tui/join"
)

// joinConfig is what `roundtable join` remembers between runs: the last
// answers (the language chosen among them; files written before it was
// kept load with none), and the resume tokens that bring a participant
// back as themself after a restart.
type joinConfig struct {
	Last   join.Answers  `json:"last"`
	Resume []savedResume `json:"resume,omitempty"` // newest first
}

// savedResume is the resume token of one participant in one session.
type savedResume struct {
	Key   string    `json:"key"` // see resumeKey
	Token string    `json:"token"`
	Saved time.Time `json:"saved"`
}

// maxSavedResumes bounds the file: the newest tokens are kept.
const maxSavedResumes = 32

// joinConfigPath returns where the join config lives:
// os.UserConfigDir()/roundtable/join.json.
func joinConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "roundtable", "join.json"), nil
}

// loadJoinConfig reads the join config. A missing file is an empty config;
// a damaged one is reported along with an empty config, so joining still
// works.
func loadJoinConfig(path string) (joinConfig, error) {
	var c joinConfig
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return joinConfig{}, fmt.Errorf("%s is damaged (%v); starting afresh", path, err)
	}
	return c, nil
}

// save writes the config readable by its owner only (0600), replacing the
// old file in one step so a crash never leaves half a file.
func (c joinConfig) save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return privfile.WriteJSON(path, c)
}

// resumeKey names a participant in a session: the hub's URL (the nodes'
// URLs joined by commas, hubKey), the join code and the person's name and
// institution, so that two people joining from one laptop stay two
// participants.
func resumeKey(url string, a join.Answers) string {
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	return strings.Join([]string{norm(url), strings.ToLower(protocol.NormalizeCode(a.Code)), norm(a.Name), norm(a.Institution)}, "\x1f")
}

// sameKey reports whether a saved key names the participant of key k.
// Files written before the join code was normalised hold it as typed
// ("abc-def"), so the saved key's code is normalised before comparing. The
// addresses match when they name a node in common (sameHub): a list of
// nodes, a shorter one, or one address as files held before lists.
func sameKey(saved, k string) bool {
	if saved == k {
		return true
	}
	f, g := strings.Split(saved, "\x1f"), strings.Split(k, "\x1f")
	if len(f) != 4 || len(g) != 4 {
		return false
	}
	f[1] = strings.ToLower(protocol.NormalizeCode(f[1]))
	return f[1] == g[1] && f[2] == g[2] && f[3] == g[3] && sameHub(f[0], g[0])
}

// token returns the saved resume token for the participant a on the hub
// at url, or "".
func (c joinConfig) token(url string, a join.Answers) string {
	k := resumeKey(url, a)
	for _, r := range c.Resume {
		if sameKey(r.Key, k) {
			return r.Token
		}
	}
	return ""
}

// setToken remembers a resume token, newest first; an empty token forgets
// the saved one.
func (c *joinConfig) setToken(url string, a join.Answers, token string, now time.Time) {
	k := resumeKey(url, a)
	kept := make([]savedResume, 0, len(c.Resume)+1)
	if token != "" {
		kept = append(kept, savedResume{Key: k, Token: token, Saved: now})
	}
	for _, r := range c.Resume {
		if !sameKey(r.Key, k) && len(kept) < maxSavedResumes {
			kept = append(kept, r)
		}
	}
	c.Resume = kept
}

// joinFile is the join flow's store for `roundtable join`: the join config
// in the user's configuration directory, or nothing at all when path is ""
// (no such directory). What cannot be written is said on stderr; joining
// goes on.
type joinFile struct {
	path   string
	stderr io.Writer
	now    func() time.Time

	mu  sync.Mutex // the flow keeps and forgets from its commands
	cfg joinConfig
}

// openJoinFile reads the join config at path; a damaged one is reported
// and replaced on the next save.
func openJoinFile(path string, stderr io.Writer, now func() time.Time) *joinFile {
	f := &joinFile{path: path, stderr: stderr, now: now}
	if path == "" {
		return f
	}
	cfg, err := loadJoinConfig(path)
	if err != nil {
		fmt.Fprintf(stderr, "roundtable join: %v\n", err)
	}
	f.cfg = cfg
	return f
}

// Last returns the answers of the last join.
func (f *joinFile) Last() join.Answers {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg.Last
}

// Find returns the token saved for these answers at this address; one
// laptop may hold several people's.
func (f *joinFile) Find(a join.Answers) string {
	url, err := hubKey(a.Host)
	if err != nil || !a.Complete() {
		return ""
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg.token(url, a)
}

// Keep remembers the answers, and the token under them, in the file. With
// no token (the participant switched language in the app) it writes the
// answers and leaves the saved tokens as they are: the language names no
// one, so the same place is found under it.
func (f *joinFile) Keep(a join.Answers, token string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg.Last = a
	if url, err := hubKey(a.Host); err == nil && token != "" {
		f.cfg.setToken(url, a, token, f.now())
	}
	if f.path != "" {
		if err := f.cfg.save(f.path); err != nil {
			fmt.Fprintf(f.stderr, "roundtable join: cannot remember answers (%v)\n", err)
		}
	}
	return ""
}

// Forget drops the token under these answers. The file is written with the
// next Keep: a join that fails afterwards leaves it as it was.
func (f *joinFile) Forget(a join.Answers) {
	url, err := hubKey(a.Host)
	if err != nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg.setToken(url, a, "", f.now())
}

// Earlier returns the tokens saved for the participant who answered a in
// other sessions at the same hub (issue 16: join.EarlierStore), newest
// first, at most protocol.MaxEarlier: the same address, name and
// institution as a (compared as resumeKey does), another join code. A
// programme's hub joins them as themself by one of these; others are
// ignored. None without a name and an institution: the file keeps several
// people's tokens, and only the answers tell whose.
func (f *joinFile) Earlier(a join.Answers) []string {
	url, err := hubKey(a.Host)
	if err != nil || !a.Complete() {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg.earlier(url, a)
}

// earlier is Earlier on the config.
func (c joinConfig) earlier(url string, a join.Answers) []string {
	k := strings.Split(resumeKey(url, a), "\x1f")
	var out []string
	for _, r := range c.Resume {
		f := strings.Split(r.Key, "\x1f")
		if len(f) != 4 || !sameHub(f[0], k[0]) || f[2] != k[2] || f[3] != k[3] || strings.ToLower(protocol.NormalizeCode(f[1])) == k[1] {
			continue
		}
		out = append(out, r.Token)
		if len(out) == protocol.MaxEarlier {
			break
		}
	}
	return out
}

package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"roundtable/internal/privfile"
)

// JoinAnswers are what a participant gives to join: where, which session,
// and who they are.
type JoinAnswers struct {
	Host        string `json:"host"` // as typed: HOST:PORT or ws://HOST:PORT
	Code        string `json:"code"`
	Name        string `json:"name"`
	Institution string `json:"institution"`
}

// Complete reports whether nothing is missing.
func (a JoinAnswers) Complete() bool {
	return strings.TrimSpace(a.Host) != "" && strings.TrimSpace(a.Code) != "" &&
		strings.TrimSpace(a.Name) != "" && strings.TrimSpace(a.Institution) != ""
}

// JoinConfig is what `roundtable join` remembers between runs: the last
// answers, and the resume tokens that bring a participant back as
// themself after a restart.
type JoinConfig struct {
	Last   JoinAnswers   `json:"last"`
	Resume []SavedResume `json:"resume,omitempty"` // newest first
}

// SavedResume is the resume token of one participant in one session.
type SavedResume struct {
	Key   string    `json:"key"` // see resumeKey
	Token string    `json:"token"`
	Saved time.Time `json:"saved"`
}

// maxSavedResumes bounds the file: the newest tokens are kept.
const maxSavedResumes = 32

// JoinConfigPath returns where the join config lives:
// os.UserConfigDir()/roundtable/join.json.
func JoinConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "roundtable", "join.json"), nil
}

// LoadJoinConfig reads the join config. A missing file is an empty config;
// a damaged one is reported along with an empty config, so joining still
// works.
func LoadJoinConfig(path string) (JoinConfig, error) {
	var c JoinConfig
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return JoinConfig{}, fmt.Errorf("%s is damaged (%v); starting afresh", path, err)
	}
	return c, nil
}

// Save writes the config readable by its owner only (0600), replacing the
// old file in one step so a crash never leaves half a file.
func (c JoinConfig) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return privfile.WriteJSON(path, c)
}

// resumeKey names a participant in a session: the hub's URL, the join code
// and the person's name and institution, so that two people joining from
// one laptop stay two participants.
func resumeKey(url string, a JoinAnswers) string {
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	return strings.Join([]string{norm(url), norm(a.Code), norm(a.Name), norm(a.Institution)}, "\x1f")
}

// Token returns the saved resume token for the participant a on the hub
// at url, or "".
func (c JoinConfig) Token(url string, a JoinAnswers) string {
	k := resumeKey(url, a)
	for _, r := range c.Resume {
		if r.Key == k {
			return r.Token
		}
	}
	return ""
}

// SetToken remembers a resume token, newest first; an empty token forgets
// the saved one.
func (c *JoinConfig) SetToken(url string, a JoinAnswers, token string, now time.Time) {
	k := resumeKey(url, a)
	kept := make([]SavedResume, 0, len(c.Resume)+1)
	if token != "" {
		kept = append(kept, SavedResume{Key: k, Token: token, Saved: now})
	}
	for _, r := range c.Resume {
		if r.Key != k && len(kept) < maxSavedResumes {
			kept = append(kept, r)
		}
	}
	c.Resume = kept
}

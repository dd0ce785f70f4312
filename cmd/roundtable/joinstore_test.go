package main

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"roundtable/lang"
	"roundtable/tui/join"
)

func TestJoinConfigRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roundtable", "join.json")
	c, err := loadJoinConfig(path)
	if err != nil || c.Last.Complete() || len(c.Resume) != 0 {
		t.Fatalf("a missing file gave %+v, %v", c, err)
	}
	aysel := join.Answers{Host: "192.168.1.20:7777", Code: "K7Q2M", Name: "Aysel Məmmədova", Institution: "İqtisadiyyat Nazirliyi"}
	c.Last = aysel
	c.setToken("ws://192.168.1.20:7777/ws", aysel, "secret-1", time.Unix(1, 0))
	if err := c.save(path); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the config is %v, want 0600: it holds resume tokens", info.Mode().Perm())
	}
	back, err := loadJoinConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Last != aysel {
		t.Errorf("last answers = %+v", back.Last)
	}
	if got := back.token("ws://192.168.1.20:7777/ws", aysel); got != "secret-1" {
		t.Errorf("token = %q", got)
	}
	// the same person typed differently finds the token; someone else does not
	if got := back.token("WS://192.168.1.20:7777/ws", join.Answers{Code: "k7q2m", Name: " aysel məmmədova", Institution: "İqtisadiyyat Nazirliyi"}); got != "secret-1" {
		t.Errorf("token for the same person typed differently = %q", got)
	}
	other := aysel
	other.Name = "Рашад"
	if got := back.token("ws://192.168.1.20:7777/ws", other); got != "" {
		t.Errorf("another person on the same laptop got token %q", got)
	}
	if got := back.token("ws://10.0.0.1:7777/ws", aysel); got != "" {
		t.Errorf("another host got token %q", got)
	}
}

func TestJoinConfigKeepsNewestTokens(t *testing.T) {
	var c joinConfig
	a := join.Answers{Code: "C", Institution: "I"}
	for i := 0; i < maxSavedResumes+10; i++ {
		a.Name = "p" + strconv.Itoa(i)
		c.setToken("u", a, "t"+strconv.Itoa(i), time.Unix(int64(i), 0))
	}
	if len(c.Resume) != maxSavedResumes {
		t.Fatalf("kept %d tokens, want %d", len(c.Resume), maxSavedResumes)
	}
	a.Name = "p" + strconv.Itoa(maxSavedResumes+9)
	if c.token("u", a) == "" || c.Resume[0].Token != "t"+strconv.Itoa(maxSavedResumes+9) {
		t.Error("the newest token is not first")
	}
	a.Name = "p0"
	if c.token("u", a) != "" {
		t.Error("the oldest token was kept")
	}
	a.Name = "p20"
	c.setToken("u", a, "", time.Unix(99, 0))
	if c.token("u", a) != "" {
		t.Error("an empty token did not forget the saved one")
	}
}

func TestJoinConfigDamaged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "join.json")
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := loadJoinConfig(path)
	if err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a damaged file gave error %v", err)
	}
	if c.Last.Complete() {
		t.Errorf("a damaged file gave answers %+v", c.Last)
	}
	c.Last = join.Answers{Host: "h", Code: "c", Name: "n", Institution: "i"}
	if err := c.save(path); err != nil {
		t.Fatalf("saving over a damaged file: %v", err)
	}
	if back, err := loadJoinConfig(path); err != nil || back.Last != c.Last {
		t.Errorf("after saving over a damaged file: %+v, %v", back, err)
	}
}

func TestJoinConfigPath(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	p, err := joinConfigPath()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p, dir) || filepath.Base(p) != "join.json" || filepath.Base(filepath.Dir(p)) != "roundtable" {
		t.Errorf("path = %q", p)
	}
}

// A token saved before codes were normalised (under "abc-def") is still
// found for the code typed in any spelling the hub accepts, and keeping a
// new one replaces it rather than adding a second entry.
func TestJoinConfigFindsCodeSavedWithDash(t *testing.T) {
	c := joinConfig{Resume: []savedResume{{Key: "ws://h/ws\x1fabc-def\x1fleyla\x1fasan", Token: "old"}}}
	for _, code := range []string{"ABCDEF", "abc def", "Abc-Def"} {
		if got := c.token("ws://h/ws", join.Answers{Code: code, Name: "Leyla", Institution: "ASAN"}); got != "old" {
			t.Errorf("code %q: token %q, want the one saved under abc-def", code, got)
		}
	}
	c.setToken("ws://h/ws", join.Answers{Code: "ABCDEF", Name: "Leyla", Institution: "ASAN"}, "new", time.Unix(1, 0))
	if len(c.Resume) != 1 || c.Resume[0].Token != "new" {
		t.Errorf("after keeping a new token: %+v, want the one entry replaced", c.Resume)
	}
}

// TestJoinFileKeepsTheLanguage: the language is kept with the last
// answers; a Keep without a token (a language switched in the app) keeps
// the saved token and finds the same place; a file written before the
// language was kept still loads, with no language.
func TestJoinFileKeepsTheLanguage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "roundtable", "join.json")
	now := func() time.Time { return time.Unix(1, 0) }
	aysel := join.Answers{Host: "192.168.1.20:7777", Code: "K7Q2M", Name: "Aysel", Institution: "İRİA", Lang: lang.AZ}
	f := openJoinFile(path, io.Discard, now)
	f.Keep(aysel, "secret-1")
	aysel.Lang = lang.RU
	f.Keep(aysel, "")
	back := openJoinFile(path, io.Discard, now)
	if got := back.Last(); got != aysel {
		t.Errorf("last answers = %+v, want %+v", got, aysel)
	}
	aysel.Lang = ""
	if got := back.Find(aysel); got != "secret-1" {
		t.Errorf("token after a switch of language = %q, want the saved one", got)
	}
	b, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(b), `"lang": "ru"`) && !strings.Contains(string(b), `"lang":"ru"`) {
		t.Errorf("the file does not hold the language: %s %v", b, err)
	}

	old := filepath.Join(t.TempDir(), "join.json")
	if err := os.WriteFile(old, []byte(`{"last":{"host":"192.168.1.20:7777","code":"K7Q2M","name":"Aysel","institution":"İRİA"},"resume":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	if got := openJoinFile(old, &stderr, now).Last(); got.Lang != "" || got.Name != "Aysel" || stderr.Len() > 0 {
		t.Errorf("an older file gave %+v (%s)", got, stderr.String())
	}
}

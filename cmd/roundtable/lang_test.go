package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"roundtable/lang"
	"roundtable/session/store"
)

// runEnv is runCLI with the environment variables env (name, value…).
func runEnv(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	getenv := func(k string) string {
		for i := 0; i+1 < len(env); i += 2 {
			if env[i] == k {
				return env[i+1]
			}
		}
		return ""
	}
	var out, errb bytes.Buffer
	code := runIn(context.Background(), args, getenv, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// TestLangArg: --lang is found before the command and among its flags, in
// every spelling the flag package takes, and never past "--".
func TestLangArg(t *testing.T) {
	tests := map[string]struct {
		args       []string
		value      string
		restLength int
	}{
		"none":            {[]string{"host", "--db", "x"}, "", 3},
		"after":           {[]string{"host", "--lang", "az"}, "az", 3},
		"equals":          {[]string{"export", "--lang=ru", "-o", "f.md"}, "ru", 4},
		"one dash":        {[]string{"wall", "h:1", "-lang", "ru"}, "ru", 4},
		"before command":  {[]string{"--lang", "az", "host"}, "az", 1},
		"before, equals":  {[]string{"-lang=ru", "sessions"}, "ru", 1},
		"the last wins":   {[]string{"--lang", "az", "host", "--lang", "ru"}, "ru", 3},
		"after --":        {[]string{"join", "--", "--lang", "az"}, "", 4},
		"a value, not it": {[]string{"join", "--name", "x", "--language", "az"}, "", 5},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			v, rest := langArg(tc.args)
			if v != tc.value || len(rest) != tc.restLength {
				t.Errorf("langArg(%q) = %q, %q; want %q and %d arguments", tc.args, v, rest, tc.value, tc.restLength)
			}
		})
	}
}

// TestUnknownLangFallsBack: an unknown --lang (or LANG) is a one-line note
// on stderr and English, never an error.
func TestUnknownLangFallsBack(t *testing.T) {
	out, stderr, code := runEnv(t, nil, "help", "--lang", "tr")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `--lang: unknown language "tr"`) || !strings.Contains(lines[0], "English") {
		t.Errorf("stderr %q, want one line of note", stderr)
	}
	if !strings.HasPrefix(out, "Roundtable runs live") {
		t.Errorf("the usage is not English:\n%s", out)
	}
	// LANG too; and a known LANG stands in for an unknown --lang
	_, stderr, _ = runEnv(t, []string{"LANG", "tr_TR.UTF-8"}, "sessions", "--db", filepath.Join(t.TempDir(), "none.db"))
	if !strings.Contains(stderr, `LANG: unknown language "tr_TR.UTF-8"`) || !strings.Contains(stderr, "there is no database") {
		t.Errorf("stderr %q", stderr)
	}
	_, stderr, _ = runEnv(t, []string{"LANG", "ru_RU.UTF-8"}, "sessions", "--lang", "xx", "--db", "none.db")
	if !strings.Contains(stderr, `«xx»`) || !strings.Contains(stderr, "базы данных none.db нет") {
		t.Errorf("stderr %q, want the note and the error in Russian", stderr)
	}
	// C and POSIX name no language: English without a note
	if _, stderr, _ := runEnv(t, []string{"LANG", "C.UTF-8"}, "help"); stderr != "" {
		t.Errorf("LANG=C.UTF-8 earned a note: %q", stderr)
	}
}

// TestCommandsSpeakTheirLanguage: --lang, else LC_ALL, LC_MESSAGES or LANG,
// chooses the language of the usage, of -h and of the errors.
func TestCommandsSpeakTheirLanguage(t *testing.T) {
	agendaJSON := filepath.Join(t.TempDir(), "a.json")
	if err := os.WriteFile(agendaJSON, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		env  []string
		args []string
		want []string
		code int
	}{
		"usage az":          {nil, []string{"--lang", "az"}, []string{"Roundtable terminaldan", "İstifadə:"}, 2},
		"usage by LANG":     {[]string{"LANG", "ru_RU.UTF-8"}, []string{"help"}, []string{"Использование:", "проект дорожной карты"}, 0},
		"LC_ALL over LANG":  {[]string{"LANG", "ru_RU.UTF-8", "LC_ALL", "az_AZ.UTF-8"}, []string{"help"}, []string{"İstifadə:"}, 0},
		"--lang over LANG":  {[]string{"LANG", "az_AZ.UTF-8"}, []string{"export", "-h", "--lang", "ru"}, []string{"Использование: roundtable export", "Параметры:", "--csv-header строка", "(по умолчанию \"ids\")"}, 0},
		"host -h az":        {nil, []string{"host", "--lang", "az", "-h"}, []string{"İstifadə: roundtable host", "susmaya görə “İnkişaf,Əlaqələndirmə,İnteqrasiya,Digər”", "--agenda fayl"}, 0},
		"unknown command":   {nil, []string{"--lang", "ru", "hots"}, []string{"неизвестная команда «hots»"}, 2},
		"unknown flag":      {nil, []string{"export", "--lang", "az", "--colour", "red"}, []string{"belə parametr yoxdur: -colour", "İstifadə: roundtable export"}, 2},
		"bad value":         {nil, []string{"host", "--lang", "ru", "--votes", "five"}, []string{"недопустимое значение «five» для параметра -votes"}, 2},
		"wall without code": {nil, []string{"wall", "--lang", "ru", "h:1"}, []string{"укажите код подключения: roundtable wall h:1 --code КОД"}, 2},
		"agenda error az": {nil, []string{"host", "--lang", "az", "--agenda", agendaJSON},
			[]string{"-agenda parametri üçün yanlış dəyər", "gündəlik faylının uzantısı .toml, .yaml və ya .yml olmalıdır"}, 2},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := runEnv(t, tc.env, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			for _, w := range tc.want {
				if !strings.Contains(out+stderr, w) {
					t.Errorf("the output lacks %q:\n%s%s", w, out, stderr)
				}
			}
		})
	}
}

// TestHelpPseudo prints the usage and every command's -h in the pseudo
// language: every word of English left is text that bypassed the
// catalogue, but for the flags' names and default values.
func TestHelpPseudo(t *testing.T) {
	data := []string{"roundtable", "internal: be the hub process of a bench", tokenEnv} // --serve-hub's text is for the bench itself
	out, _, _ := runEnv(t, nil, "--lang", "en-XA", "help")
	texts := map[string]string{"usage": out}
	for _, name := range subcommands(t) {
		out, stderr, code := runEnv(t, nil, name, "-h", "--lang", "en-XA")
		if code != 0 {
			t.Errorf("%s -h: exit %d", name, code)
		}
		texts[name] = out + stderr
	}
	// the names and defaults of every flag, as printFlags shows them
	for _, l := range strings.Split(strings.Join(slices.Collect(mapValues(texts)), "\n"), "\n") {
		if strings.HasPrefix(l, "  -") {
			data = append(data, l)
		}
		if i := strings.LastIndex(l, " \""); i >= 0 && strings.HasSuffix(l, "\"~~]") {
			data = append(data, l[i:])
		}
	}
	for name, text := range texts {
		for _, l := range strings.Split(text, "\n") {
			if i := strings.Index(l, "("); i >= 0 && strings.Contains(l, "~]") {
				data = append(data, defaultValue(l[i:]))
			}
		}
		if esc := lang.Escaped(text, data...); len(esc) > 0 {
			t.Errorf("%s: English in the pseudo help: %q\n%s", name, esc, text)
		}
	}
}

// defaultValue is the value a pseudo "(ðéƒáûļţ VALUE)" names.
func defaultValue(s string) string {
	if i := strings.LastIndex(s, " "); i >= 0 {
		return s[i:]
	}
	return s
}

func mapValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// syncBuffer is a buffer a host writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestHostSpeaksItsLanguage: `host --lang az` prints its start banner in
// Azerbaijani, and a new session it starts gets the default topics and
// horizons in Azerbaijani; English keeps the session's own defaults.
func TestHostSpeaksItsLanguage(t *testing.T) {
	tests := map[lang.Tag]struct {
		banner           []string
		topics, horizons []string
	}{
		lang.AZ: {[]string{"Qoşulma kodu:  LANGAZ", "İştirakçılar bu əmrlərdən birini yazır:", "Moderator tokeni (gizli saxlayın):", "Qulaq asılır:", "Yeni sessiya"},
			[]string{"İnkişaf", "Əlaqələndirmə", "İnteqrasiya", "Digər"}, []string{"İndi", "Növbəti", "Gələcəkdə"}},
		lang.RU: {[]string{"Код подключения:  LANGRU", "Участники вводят одну из команд:", "Токен модератора (держите в тайне):", "Сервер слушает:"},
			[]string{"Развитие", "Координация", "Интеграция", "Другое"}, []string{"Сейчас", "Далее", "В перспективе"}},
		lang.EN: {[]string{"Join code:  LANGEN", "Participants type one of:", "Listening:"},
			[]string{"Development", "Coordination", "Integration", "Other"}, []string{"Now", "Next", "Later"}},
		lang.Pseudo: {[]string{"LANGXA", "~]"},
			[]string{"[Ðéṽéļöþɱéñţ~~~~~]", "[Çööŕðîñáţîöñ~~~~~]", "[Îñţéĝŕáţîöñ~~~~~]", "[Öţĥéŕ~~]"}, []string{"[Ñöŵ~~]", "[Ñéẋţ~~]", "[Ļáţéŕ~~]"}},
	}
	for tag, tc := range tests {
		t.Run(string(tag), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "rt.db")
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var out syncBuffer
			done := make(chan int)
			go func() {
				done <- runIn(ctx, []string{"host", "--headless", "--quiet", "--addr", "127.0.0.1:0", "--db", db, "--lang", string(tag), "--code", "LANG" + strings.ToUpper(strings.TrimPrefix(string(tag), "en-"))},
					func(string) string { return "" }, strings.NewReader(""), &out, io.Discard)
			}()
			deadline := time.Now().Add(15 * time.Second)
			for !strings.Contains(out.String(), tc.banner[len(tc.banner)-1]) {
				if time.Now().After(deadline) {
					t.Fatalf("the host did not start:\n%s", out.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			cancel()
			<-done
			for _, w := range tc.banner {
				if !strings.Contains(out.String(), w) {
					t.Errorf("the banner lacks %q:\n%s", w, out.String())
				}
			}
			if tag == lang.Pseudo {
				// what the host names: its commands, addresses, files, the token
				data := []string{db + ".log", db + ".facilitator-token", "Roundtable"}
				data = append(data, regexp.MustCompile(`(?m)^ +[^ \[].*$|ws://\S+|\b[0-9a-f]{8}\b|\b[a-z2-7]{40,}\b`).FindAllString(out.String(), -1)...)
				if esc := lang.Escaped(out.String(), data...); len(esc) > 0 {
					t.Errorf("English in the pseudo start: %q\n%s", esc, out.String())
				}
			}
			st, err := store.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			info, err := st.Session(context.Background(), "latest")
			if err != nil {
				t.Fatal(err)
			}
			s, err := st.Load(context.Background(), info.ID)
			if err != nil {
				t.Fatal(err)
			}
			var topics []string
			for _, tp := range s.Topics {
				topics = append(topics, tp.Name)
			}
			if !slices.Equal(topics, tc.topics) || !slices.Equal(s.Settings.Horizons, tc.horizons) {
				t.Errorf("topics %q and horizons %q; want %q and %q", topics, s.Settings.Horizons, tc.topics, tc.horizons)
			}
		})
	}
}

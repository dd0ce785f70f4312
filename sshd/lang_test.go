package sshd_test

import (
	"bytes"
	"strings"
	"testing"

	"roundtable/lang"
	"roundtable/sshd"
)

// TestRussianOverSSH: a participant whose ssh client sends
// LANG=ru_RU.UTF-8 (ssh -o SetEnv or SendEnv) reads the SSH door in
// Russian: the form, its hint, the rejoin code and the last lines.
func TestRussianOverSSH(t *testing.T) {
	f := start(t, sshd.Config{})
	c := f.dial(t, "root", nil)
	tm := openEnv(t, c, 80, 24, 80, 24, []string{"LANG", "ru_RU.UTF-8"})
	tm.see(t, "буквы и цифры, как их показывает модератор")
	tm.focused(t, "Код подключения") // the join flow's form speaks the client's language too
	tm.typ(testCode + "\r")
	tm.focused(t, "Ваше имя")
	tm.typ("Дмитрий Иванов\r")
	tm.focused(t, "Ваше ведомство")
	tm.typ("Министерство 🚀\r")
	s := tm.see(t, "Вы подключились.")
	for _, want := range []string{"вернуться под своим именем", "Для этого введите:", "Запишите код сейчас"} {
		if !strings.Contains(s, want) {
			t.Errorf("the rejoin note lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "rejoin code") {
		t.Errorf("the rejoin note is in English:\n%s", s)
	}
	if got := tm.stderr.String(); got != "" {
		t.Errorf("a known language earned a note: %q", got)
	}
}

// TestLanguageOfTheDoor: the client's locale (LC_ALL before LC_MESSAGES
// before LANG) chooses the language, the session's language stands in for
// a locale Roundtable does not speak, and an unknown one earns a note.
func TestLanguageOfTheDoor(t *testing.T) {
	tests := map[string]struct {
		session lang.Tag
		env     []string
		want    string // in the refusal of a connection without a terminal
	}{
		"LANG ru":                  {"", []string{"LANG", "ru_RU.UTF-8"}, "приложение для терминала"},
		"LC_ALL az before LANG ru": {"", []string{"LANG", "ru_RU.UTF-8", "LC_ALL", "az_AZ.UTF-8"}, "terminal üçün tətbiqdir"},
		"nothing sent":             {"", nil, "an app for your terminal"},
		"nothing sent, session az": {lang.AZ, nil, "terminal üçün tətbiqdir"},
		"LANG en, session az":      {lang.AZ, []string{"LANG", "en_GB.UTF-8"}, "an app for your terminal"},
		"LANG tr, session ru":      {lang.RU, []string{"LANG", "tr_TR.UTF-8"}, "приложение для терминала"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			f := start(t, sshd.Config{Lang: tc.session})
			s, err := f.dial(t, testCode, nil).NewSession()
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i+1 < len(tc.env); i += 2 {
				if err := s.Setenv(tc.env[i], tc.env[i+1]); err != nil {
					t.Fatal(err)
				}
			}
			var stderr bytes.Buffer
			s.Stderr = &stderr
			if err := s.Shell(); err != nil {
				t.Fatal(err)
			}
			s.Wait()
			if !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("refusal %q, want it to say %q", stderr.String(), tc.want)
			}
		})
	}
	t.Run("unknown LANG", func(t *testing.T) {
		f := start(t, sshd.Config{})
		tm := openEnv(t, f.dial(t, testCode, nil), 80, 24, 80, 24, []string{"LANG", "tr_TR.UTF-8"})
		tm.focused(t, "Your name")
		tm.stderr.waitLog(t, `LANG: unknown language "tr_TR.UTF-8"`)
	})
}

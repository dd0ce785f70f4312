package lang

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestPseudoEveryMessage renders every English message in Pseudo with
// placeholder values free of letters: nothing of the English may show, and
// each is longer than its English.
func TestPseudoEveryMessage(t *testing.T) {
	en, ps := New(EN), New(Pseudo)
	for id, m := range loaded().messages[EN] {
		fs, _ := messageFields(m)
		var args []any
		for i, f := range fs {
			args = append(args, f, strings.Repeat("7", i+1))
		}
		counts := []int{-1}
		if isPlural(m) {
			counts = []int{1, 2}
		}
		for _, n := range counts {
			var e, p string
			if n < 0 {
				e, p = en.S(id, args...), ps.S(id, args...)
			} else {
				e, p = en.N(id, n, args...), ps.N(id, n, args...)
			}
			if w := asciiWords(p); len(w) > 0 {
				t.Errorf("%q in Pseudo shows %v: %q", id, w, p)
			}
			if utf8.RuneCountInString(p) < utf8.RuneCountInString(e)*13/10 {
				t.Errorf("%q in Pseudo is not ~40%% longer than %q: %q", id, e, p)
			}
			if !strings.HasPrefix(p, "[") || !strings.HasSuffix(p, "]") {
				t.Errorf("%q in Pseudo is not bracketed: %q", id, p)
			}
		}
	}
}

func TestPseudoKeepsTemplates(t *testing.T) {
	got := pseudoText(`Hi {{.Name}}, {{if .Late}}late{{else}}on time{{end}}!`, "", "")
	want := `[Ĥî {{.Name}}, {{if .Late}}ļáţé{{else}}öñ ţîɱé{{end}}!~~~~~~~]`
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := pseudoText("<<.N>> votes", "<<", ">>"); got != "[<<.N>> ṽöţéš~~~]" {
		t.Errorf("other delimiters: %q", got)
	}
}

func TestEscaped(t *testing.T) {
	p := New(Pseudo)
	screen := p.S("common.yes") + " │ Aysel Məmmədova │ " + p.N("common.ideas", 3) + " │ press Enter"
	got := Escaped(screen, "Aysel Məmmədova")
	if want := []string{"press", "Enter"}; !slices.Equal(got, want) {
		t.Errorf("Escaped = %v, want %v", got, want)
	}
	if got := Escaped(p.Date(time.Now())); len(got) != 0 {
		t.Errorf("a Pseudo date escapes %v", got)
	}
	if got := Escaped("Yes Yes No"); !slices.Equal(got, []string{"Yes", "No"}) {
		t.Errorf("Escaped lists a word twice: %v", got)
	}
}

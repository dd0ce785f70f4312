package lang

import (
	"strings"
	"testing"
	"unicode"
)

func TestKeyOnLatinLayout(t *testing.T) {
	// Each row of the layouts, and the US keys under it.
	rows := []struct{ layout, us string }{
		{"йцукенгшщзхъ", "qwertyuiop[]"},
		{"ЙЦУКЕНГШЩЗХЪ", "QWERTYUIOP{}"},
		{"фывапролджэ", "asdfghjkl;'"},
		{"ФЫВАПРОЛДЖЭ", `ASDFGHJKL:"`},
		{"ячсмитьбю", "zxcvbnm,."},
		{"ЯЧСМИТЬБЮ", "ZXCVBNM<>"},
		{"ёЁ", "`~"},
		{"üÜİöÖğĞ", "wWI[{]}"},
		{"ıəƏçÇşŞ", `;'",<.>`},
	}
	for _, row := range rows {
		us := []rune(row.us)
		for i, r := range []rune(row.layout) {
			got, ok := KeyOnLatinLayout(r)
			if !ok || got != us[i] {
				t.Errorf("KeyOnLatinLayout(%q) = %q, %v; want %q", r, got, ok, us[i])
			}
		}
	}
	for _, r := range "qQ1[; \tä" {
		if got, ok := KeyOnLatinLayout(r); ok {
			t.Errorf("KeyOnLatinLayout(%q) = %q, true; want false", r, got)
		}
	}
}

// TestRussianLayoutComplete holds the table to all 33 letters of the Russian
// alphabet in both cases, each on a key of its own.
func TestRussianLayoutComplete(t *testing.T) {
	const alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
	if n := len([]rune(alphabet)); n != 33 {
		t.Fatalf("the alphabet has %d letters", n)
	}
	keys := map[rune]rune{}
	for _, r := range alphabet + strings.ToUpper(alphabet) {
		k, ok := KeyOnLatinLayout(r)
		if !ok || k > unicode.MaxASCII {
			t.Errorf("%q has no US key (%q, %v)", r, k, ok)
			continue
		}
		if other, dup := keys[k]; dup {
			t.Errorf("%q and %q are both on %q", r, other, k)
		}
		keys[k] = r
	}
}

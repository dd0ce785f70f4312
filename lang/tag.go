package lang

import (
	"strings"

	"golang.org/x/text/language"
)

// Tag names a language Roundtable speaks, as a BCP 47 tag.
type Tag string

// The languages Roundtable speaks, and the test-only pseudo language.
const (
	EN Tag = "en"
	AZ Tag = "az" // Azerbaijani in Latin script
	RU Tag = "ru"

	// Pseudo is English accented, bracketed and ~40% longer, built from the
	// en catalogue when it loads, for tests (and a developer's eye: --lang
	// en-XA) to prove that no text escaped the catalogue. It is not in All.
	Pseudo Tag = "en-XA"
)

// All lists the languages a person can choose, in the order a language
// switch offers them.
var All = []Tag{EN, AZ, RU}

// matcher matches anything a person or a locale names to one of All; its
// order is All's.
var matcher = language.NewMatcher([]language.Tag{language.English, language.Azerbaijani, language.Russian})

// Parse reads a language as people and systems write it — "az", "AZ",
// "az-Latn-AZ", "az_AZ.UTF-8", "ru-RU", "en_GB" — and reports whether it is
// one Roundtable speaks. "C" and "POSIX" name no language.
func Parse(s string) (Tag, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 { // codeset, modifier
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || strings.EqualFold(s, "C") || strings.EqualFold(s, "POSIX") {
		return "", false
	}
	if strings.EqualFold(s, string(Pseudo)) {
		return Pseudo, true
	}
	t, err := language.Parse(s)
	if err != nil {
		return "", false
	}
	// High takes en-GB to en and be to ru; az-Cyrl, uk and tr are No.
	if _, i, conf := matcher.Match(t); conf >= language.High {
		return All[i], true
	}
	return "", false
}

// localeVars are the environment variables that name the language of
// messages, in POSIX order: the first one set and non-empty decides.
var localeVars = []string{"LC_ALL", "LC_MESSAGES", "LANG"}

// envLocale returns the variable that decides and its value, or "", "".
func envLocale(getenv func(string) string) (name, value string) {
	if getenv == nil {
		return "", ""
	}
	for _, name := range localeVars {
		if v := getenv(name); v != "" {
			return name, v
		}
	}
	return "", ""
}

// FromEnv reads the language from LC_ALL, LC_MESSAGES and LANG (the first
// set and non-empty one decides, as POSIX has it) and reports whether it is
// one Roundtable speaks.
func FromEnv(getenv func(string) string) (Tag, bool) {
	_, v := envLocale(getenv)
	return Parse(v)
}

// Choose picks a person's language: the --lang flag's value if given, then
// the environment's, then fallback (English if fallback is none of All or
// Pseudo). An unknown flag or environment value is never an error: Choose
// goes on to the next source and returns a one-line note, in the language
// chosen, to show the person; the note is "" when nothing was unknown. A
// locale of "C" or "POSIX" says no language, so it earns no note.
func Choose(flag string, getenv func(string) string, fallback Tag) (Tag, string) {
	var source, value string // the first unknown value, for the note
	if flag != "" {
		if t, ok := Parse(flag); ok {
			return t, ""
		}
		source, value = "--lang", flag
	}
	if name, v := envLocale(getenv); v != "" {
		if t, ok := Parse(v); ok {
			return t, unknownNote(t, source, value)
		}
		if source == "" && !isPOSIXLocale(v) {
			source, value = name, v
		}
	}
	t := fallback
	if !known(t) {
		t = EN
	}
	return t, unknownNote(t, source, value)
}

func unknownNote(t Tag, source, value string) string {
	if source == "" {
		return ""
	}
	return New(t).S("common.note.unknown_language", "Source", source, "Value", value, "Lang", Name(t))
}

func isPOSIXLocale(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	return strings.EqualFold(base, "C") || strings.EqualFold(base, "POSIX")
}

func known(t Tag) bool {
	return t == EN || t == AZ || t == RU || t == Pseudo
}

// Name is the language's name in that language ("English", "Azərbaycanca",
// "Русский"), as a language switch shows it: each reader finds their own.
func Name(t Tag) string {
	return New(t).S("common.language.self")
}

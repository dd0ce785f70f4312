package lang

import "testing"

func TestFold(t *testing.T) {
	tests := map[string]struct {
		s, prefix string
		want      bool
	}{
		"az lower finds az capital":        {"İnkişaf strategiyası", "inkişaf", true},
		"az capital finds lower":           {"inkişaf", "İNKİŞAF", true},
		"English capitals find az":         {"İnkişaf", "INKIŞAF", true},
		"dotless finds dotted":             {"İnkişaf", "ınkış", true},
		"az without its letters":           {"Şəki Regional Mərkəzi", "seki", true},
		"az ğ ö ü ç":                       {"Gənclər və İdman Nazirliyi", "gencler ve idman", true},
		"ru lower finds capital":           {"Другое", "друг", true},
		"ru ё as е":                        {"Ёлка", "елк", true},
		"ru й stays й":                     {"Мой", "мои", false},
		"decomposed İ (I + dot above)":     {"I\u0307nkişaf", "inki", true},
		"lowered İ as i + dot above":       {"i\u0307nkişaf", "inki", true},
		"decomposed ş (s + cedilla)":       {"s\u0327əki", "şəki", true},
		"a different word":                 {"İqtisadiyyat", "inki", false},
		"a prefix is at the start":         {"Yeni inkişaf", "inkişaf", false},
		"empty prefix matches":             {"Anything", "", true},
		"German sharp s folds (Unicode)":   {"Straße", "STRASS", true},
		"Cyrillic and Latin stay apart":    {"Сеть", "Cet", false},
		"Cyrillic never finds Latin":       {"Rəqəmsal Hökumət", "РЕ", false},
		"ru reader typing Latin finds it":  {"Rəqəmsal Hökumət", "reqemsal hokumet", true},
		"upper case reader, lower topic":   {"vətəndaş xidmətləri", "VƏTƏNDAŞ", true},
		"Turkish-style İ in English reads": {"Istanbul", "İstanbul", true},
	}
	for name, tc := range tests {
		if got := HasPrefixFold(tc.s, tc.prefix); got != tc.want {
			t.Errorf("%s: HasPrefixFold(%q, %q) = %v; Fold: %q, %q", name, tc.s, tc.prefix, got, Fold(tc.s), Fold(tc.prefix))
		}
	}
}

func TestContainsFold(t *testing.T) {
	tests := map[string]struct {
		s, sub string
		want   bool
	}{
		"in the middle":  {"Yeni İnkişaf planı", "inkişaf", true},
		"ru":             {"Раздел «Другое»", "ДРУГ", true},
		"absent":         {"Yeni plan", "inkişaf", false},
		"empty":          {"x", "", true},
		"both languages": {"Rəqəmsal hökumət / Цифровое правительство", "цифров", true},
	}
	for name, tc := range tests {
		if got := ContainsFold(tc.s, tc.sub); got != tc.want {
			t.Errorf("%s: ContainsFold(%q, %q) = %v", name, tc.s, tc.sub, got)
		}
	}
}

package tui

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"roundtable/lang"
)

// TestLatinKey: shortcuts typed on a Russian or Azerbaijani layout match
// as the key in the same place on a US layout; Latin keys and keys with
// no US counterpart are left alone.
func TestLatinKey(t *testing.T) {
	press := func(text string, mod tea.KeyMod) tea.KeyPressMsg {
		r := []rune(text)[0]
		return tea.KeyPressMsg(tea.Key{Code: r, Text: text, Mod: mod})
	}
	cases := map[string]struct {
		in   tea.KeyPressMsg
		want string
	}{
		"т is n":              {press("т", 0), "n"},
		"Т is N":              {press("Т", tea.ModShift), "N"},
		"Ю is >":              {press("Ю", tea.ModShift), ">"},
		"б is ,":              {press("б", 0), ","},
		"ctrl+т is ctrl+n":    {tea.KeyPressMsg(tea.Key{Code: 'т', Mod: tea.ModCtrl}), "ctrl+n"},
		"ş is .":              {press("ş", 0), "."},
		"ü is w":              {press("ü", 0), "w"},
		"q stays q":           {press("q", 0), "q"},
		"? stays ?":           {press("?", tea.ModShift), "?"},
		"ж is ;":              {press("ж", 0), ";"},
		"base key reported":   {tea.KeyPressMsg(tea.Key{Code: 'λ', Text: "λ", BaseCode: 'l'}), "l"},
		"no base key, no map": {press("λ", 0), "λ"},
		"enter stays enter":   {tea.KeyPressMsg(tea.Key{Code: tea.KeyEnter}), "enter"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if got := LatinKey(c.in).String(); got != c.want {
				t.Fatalf("LatinKey(%q) = %q; want %q", c.in.String(), got, c.want)
			}
		})
	}
	keys := DefaultKeyMap(lang.New(lang.RU))
	if !key.Matches(LatinKey(press("т", 0)), keys.New) {
		t.Errorf("т on a Russian layout does not match the new-idea key n")
	}
	if !key.Matches(LatinKey(press("Ю", tea.ModShift)), keys.NextPhase) {
		t.Errorf("Ю on a Russian layout does not match the next-phase key >")
	}
}

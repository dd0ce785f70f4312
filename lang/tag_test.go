package lang

import "testing"

func TestParse(t *testing.T) {
	tests := map[string]struct {
		in   string
		want Tag
		ok   bool
	}{
		"az":              {"az", AZ, true},
		"AZ":              {"AZ", AZ, true},
		"az-Latn-AZ":      {"az-Latn-AZ", AZ, true},
		"az_AZ.UTF-8":     {"az_AZ.UTF-8", AZ, true},
		"ru_RU.UTF-8":     {"ru_RU.UTF-8", RU, true},
		"ru-RU":           {"ru-RU", RU, true},
		"ru_RU@modifier":  {"ru_RU.KOI8-R@x", RU, true},
		"en_GB":           {"en_GB", EN, true},
		"en-US":           {"en-US", EN, true},
		"spaces":          {" ru ", RU, true},
		"pseudo":          {"en-XA", Pseudo, true},
		"pseudo, posix":   {"en_XA.UTF-8", Pseudo, true},
		"C":               {"C", "", false},
		"C.UTF-8":         {"C.UTF-8", "", false},
		"POSIX":           {"POSIX", "", false},
		"empty":           {"", "", false},
		"German":          {"de_DE.UTF-8", "", false},
		"Turkish":         {"tr", "", false},
		"Ukrainian":       {"uk_UA", "", false},
		"az in Cyrillic":  {"az-Cyrl", "", false},
		"not a tag":       {"english please", "", false},
		"just a codeset":  {".UTF-8", "", false},
		"undetermined":    {"und", "", false},
		"a bad extension": {"az-x-", "", false},
	}
	for name, tc := range tests {
		got, ok := Parse(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: Parse(%q) = %q, %v; want %q, %v", name, tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestFromEnv(t *testing.T) {
	tests := map[string]struct {
		vars map[string]string
		want Tag
		ok   bool
	}{
		"LANG":                  {map[string]string{"LANG": "ru_RU.UTF-8"}, RU, true},
		"LC_MESSAGES over LANG": {map[string]string{"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "az_AZ.UTF-8"}, AZ, true},
		"LC_ALL over all":       {map[string]string{"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "az_AZ.UTF-8", "LC_ALL": "en_US.UTF-8"}, EN, true},
		"empty is unset":        {map[string]string{"LANG": "az_AZ.UTF-8", "LC_ALL": ""}, AZ, true},
		"the first set decides": {map[string]string{"LANG": "ru_RU.UTF-8", "LC_ALL": "C.UTF-8"}, "", false},
		"unknown":               {map[string]string{"LANG": "de_DE.UTF-8"}, "", false},
		"nothing":               {map[string]string{}, "", false},
	}
	for name, tc := range tests {
		got, ok := FromEnv(env(tc.vars))
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: FromEnv = %q, %v; want %q, %v", name, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := FromEnv(nil); ok {
		t.Errorf("FromEnv(nil) = %q, true", got)
	}
}

func TestChoose(t *testing.T) {
	ru := map[string]string{"LANG": "ru_RU.UTF-8"}
	tests := map[string]struct {
		flag     string
		vars     map[string]string
		fallback Tag
		want     Tag
		note     string
	}{
		"flag first":             {"az", ru, EN, AZ, ""},
		"then env":               {"", ru, AZ, RU, ""},
		"then fallback":          {"", nil, AZ, AZ, ""},
		"C says nothing":         {"", map[string]string{"LANG": "C.UTF-8"}, AZ, AZ, ""},
		"fallback of none is en": {"", nil, "de", EN, ""},
		"unknown flag, env next": {"de", ru, EN, RU,
			"--lang: язык «de» не поддерживается (доступны: en, az, ru); язык интерфейса: Русский."},
		"unknown flag, fallback": {"xx", nil, AZ, AZ,
			"--lang: “xx” dili dəstəklənmir (mövcuddur: en, az, ru); interfeys dili: Azərbaycanca."},
		"unknown env": {"", map[string]string{"LC_ALL": "de_DE.UTF-8"}, EN, EN,
			`LC_ALL: unknown language "de_DE.UTF-8" (available: en, az, ru); using English.`},
		"unknown flag and env, the flag is named": {"de", map[string]string{"LANG": "fr_FR"}, EN, EN,
			`--lang: unknown language "de" (available: en, az, ru); using English.`},
	}
	for name, tc := range tests {
		got, note := Choose(tc.flag, env(tc.vars), tc.fallback)
		if got != tc.want || note != tc.note {
			t.Errorf("%s: Choose = %q, %q; want %q, %q", name, got, note, tc.want, tc.note)
		}
	}
}

func TestName(t *testing.T) {
	want := map[Tag]string{EN: "English", AZ: "Azərbaycanca", RU: "Русский"}
	for _, tag := range All {
		if got := Name(tag); got != want[tag] {
			t.Errorf("Name(%s) = %q, want %q", tag, got, want[tag])
		}
	}
}

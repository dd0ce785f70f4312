package lang

import (
	"sync"
	"testing"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

func TestPlurals(t *testing.T) {
	tests := map[string]struct {
		tag  Tag
		n    int
		want string
	}{
		"ru one":       {RU, 1, "1 идея"},
		"ru few":       {RU, 2, "2 идеи"},
		"ru many":      {RU, 5, "5 идей"},
		"ru 11":        {RU, 11, "11 идей"},
		"ru 21":        {RU, 21, "21 идея"},
		"ru 22":        {RU, 22, "22 идеи"},
		"ru 0":         {RU, 0, "0 идей"},
		"ru thousands": {RU, 1201, "1\u00a0201 идея"},
		"az one":       {AZ, 1, "1 ideya"},
		"az other":     {AZ, 5, "5 ideya"},
		"az thousands": {AZ, 1200, "1.200 ideya"},
		"en one":       {EN, 1, "1 idea"},
		"en other":     {EN, 2, "2 ideas"},
		"en zero":      {EN, 0, "0 ideas"},
		"en thousands": {EN, 1200, "1,200 ideas"},
		"pseudo":       {Pseudo, 2, "[2 îðéáš~~~]"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := New(tc.tag).N("common.ideas", tc.n); got != tc.want {
				t.Errorf("N(common.ideas, %d) = %q, want %q", tc.n, got, tc.want)
			}
		})
	}
}

func TestS(t *testing.T) {
	if got := New(AZ).S("common.yes"); got != "Bəli" {
		t.Errorf("az yes = %q", got)
	}
	got := New(RU).S("common.note.unknown_language", "Source", "LANG", "Value", "de_DE", "Lang", "Русский")
	if want := "LANG: язык «de_DE» не поддерживается (доступны: en, az, ru); язык интерфейса: Русский."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	var nilPrinter *Printer
	if got := nilPrinter.S("common.no"); got != "No" || nilPrinter.Tag() != EN {
		t.Errorf("a nil Printer says %q in %s; want English", got, nilPrinter.Tag())
	}
	if New("de").Tag() != EN {
		t.Error(`New("de") does not speak English`)
	}
}

// TestMissingMessages uses a bundle of its own: the real catalogues are
// complete, which the catalogue tests hold them to.
func TestMissingMessages(t *testing.T) {
	b := i18n.NewBundle(language.English)
	b.MustAddMessages(language.English,
		&i18n.Message{ID: "only.en", Other: "Hello, {{.Name}}"},
		&i18n.Message{ID: "count", One: "{{.N}} vote", Other: "{{.N}} votes"},
	)
	b.MustAddMessages(language.Russian, &i18n.Message{ID: "only.ru.and.en", Other: "Привет"})
	b.MustAddMessages(language.English, &i18n.Message{ID: "only.ru.and.en", Other: "Hi"})
	ru := newPrinter(b, RU)
	tests := map[string]struct {
		got, want string
	}{
		"falls back to en":        {ru.S("only.en", "Name", "Aysel"), "Hello, Aysel"},
		"plural falls back to en": {ru.N("count", 5), "5 votes"},
		"en plural rule for en":   {ru.N("count", 1), "1 vote"},
		"in ru":                   {ru.S("only.ru.and.en"), "Привет"},
		"nowhere":                 {ru.S("nowhere"), "[nowhere]"},
		"nowhere, plural":         {ru.N("nowhere", 2), "[nowhere]"},
	}
	for name, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", name, tc.got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := map[string]struct {
		tag  Tag
		n    int
		want string
	}{
		"en":       {EN, 1200, "1,200"},
		"az":       {AZ, 1200, "1.200"},
		"ru":       {RU, 1200, "1\u00a0200"},
		"ru small": {RU, 999, "999"},
		"en big":   {EN, -1234567, "-1,234,567"},
		"az big":   {AZ, 1234567, "1.234.567"},
		"ru big":   {RU, 1234567, "1\u00a0234\u00a0567"},
		"pseudo":   {Pseudo, 1200, "1,200"},
	}
	for name, tc := range tests {
		if got := New(tc.tag).Number(tc.n); got != tc.want {
			t.Errorf("%s: Number(%d) = %q, want %q", name, tc.n, got, tc.want)
		}
	}
}

func TestDate(t *testing.T) {
	dec2 := time.Date(2026, 12, 2, 23, 30, 0, 0, time.UTC)
	tests := map[string]struct {
		tag  Tag
		when time.Time
		want string
	}{
		"en":      {EN, dec2, "2 December 2026"},
		"az":      {AZ, dec2, "2 dekabr 2026"},
		"ru":      {RU, dec2, "2 декабря 2026"},
		"ru may":  {RU, time.Date(2027, 5, 9, 0, 0, 0, 0, time.UTC), "9 мая 2027"},
		"az mart": {AZ, time.Date(2027, 3, 21, 0, 0, 0, 0, time.UTC), "21 mart 2027"},
		"en jan":  {EN, time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC), "31 January 2027"},
		// the day is the time's own: 23:30 UTC is already 3 December in Baku
		"ru in Baku": {RU, dec2.In(time.FixedZone("AZT", 4*3600)), "3 декабря 2026"},
		"pseudo":     {Pseudo, dec2, "[2 [Ðéçéɱƀéŕ~~~~] 2026~]"},
	}
	for name, tc := range tests {
		if got := New(tc.tag).Date(tc.when); got != tc.want {
			t.Errorf("%s: Date = %q, want %q", name, got, tc.want)
		}
	}
	for _, tag := range All {
		p := New(tag)
		for m := time.January; m <= time.December; m++ {
			if got := p.Date(time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC)); got == p.Date(time.Date(2026, m%12+1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("%s: month %d and the next read alike: %q", tag, m, got)
			}
		}
	}
}

func TestCase(t *testing.T) {
	tests := map[string]struct {
		got, want string
	}{
		"az lower I is ı":   {New(AZ).Lower("INKIŞAF"), "ınkışaf"},
		"az lower İ is i":   {New(AZ).Lower("İnkişaf"), "inkişaf"},
		"az upper i is İ":   {New(AZ).Upper("inkişaf"), "İNKİŞAF"},
		"az upper ı is I":   {New(AZ).Upper("ılıq"), "ILIQ"},
		"en lower I is i":   {New(EN).Lower("INKIŞAF"), "inkişaf"},
		"ru lower":          {New(RU).Lower("ДРУГОЕ"), "другое"},
		"ru upper":          {New(RU).Upper("ёлка"), "ЁЛКА"},
		"en upper i is I":   {New(EN).Upper("idea"), "IDEA"},
		"pseudo is English": {New(Pseudo).Upper("idea"), "IDEA"},
	}
	for name, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", name, tc.got, tc.want)
		}
	}
}

// TestPrinterConcurrent lets -race watch many goroutines share Printers.
func TestPrinterConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, tag := range append([]Tag{Pseudo}, All...) {
				p := New(tag)
				_ = p.N("common.ideas", i) + p.S("common.yes") + p.Date(time.Now()) + p.Lower("İ") + p.Number(i*1000)
			}
		})
	}
	wg.Wait()
}

package lang

import (
	"fmt"
	"strconv"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Printer says things in one language: messages, counts, numbers, dates,
// case. It is immutable and safe for concurrent use; a nil *Printer speaks
// English.
type Printer struct {
	tag    Tag
	loc    *i18n.Localizer
	lt     language.Tag     // for case mapping (en for Pseudo)
	digits *message.Printer // number formatting; safe for concurrent use
}

func newPrinter(b *i18n.Bundle, t Tag) *Printer {
	lt := language.Make(string(t))
	if t == Pseudo {
		lt = language.English
	}
	return &Printer{tag: t, loc: i18n.NewLocalizer(b, string(t)), lt: lt, digits: message.NewPrinter(lt)}
}

// New returns the Printer for t; a tag Roundtable does not speak gets
// English. Printers are shared: New is cheap to call.
func New(t Tag) *Printer {
	c := loaded()
	if p := c.printers[t]; p != nil {
		return p
	}
	return c.printers[EN]
}

func (p *Printer) self() *Printer {
	if p == nil {
		return New(EN)
	}
	return p
}

// Tag is the language the Printer speaks.
func (p *Printer) Tag() Tag { return p.self().tag }

// S says the message id, its template filled from args, which are key/value
// pairs: p.S("lobby.welcome", "Name", who) fills {{.Name}}. A plural
// message said with S takes its "other" form; say it with N.
func (p *Printer) S(id string, args ...any) string {
	return p.self().say(id, nil, args)
}

// N says the message id for a count n, in the plural form the language's
// CLDR rules give for n; the template gets {{.N}}, n formatted by Number,
// and the key/value pairs of args.
func (p *Printer) N(id string, n int, args ...any) string {
	return p.self().say(id, n, args)
}

func (p *Printer) say(id string, count any, args []any) string {
	data := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		data[fmt.Sprint(args[i])] = args[i+1]
	}
	if n, ok := count.(int); ok {
		data["N"] = p.Number(n)
	}
	s, err := p.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	// A message the language lacks comes back in English with an error;
	// one English lacks too comes back empty, and a person sees the id.
	if s == "" && err != nil {
		return "[" + id + "]"
	}
	return s
}

// Number formats n with the language's digit grouping (CLDR, through
// golang.org/x/text/message): "1,200", "1.200", and "1 200" in Russian, whose
// separator is a no-break space (U+00A0) that terminals draw one cell wide
// and wrapping never splits.
func (p *Printer) Number(n int) string {
	return p.self().digits.Sprint(number.Decimal(n))
}

// monthIDs name the months in the catalogue (Russian's in the genitive, as a
// date needs them), so that each language's date reads as its readers write
// it and Pseudo proves dates, too, went through the catalogue.
var monthIDs = [12]string{
	"common.month.january", "common.month.february", "common.month.march",
	"common.month.april", "common.month.may", "common.month.june",
	"common.month.july", "common.month.august", "common.month.september",
	"common.month.october", "common.month.november", "common.month.december",
}

// Date formats t's calendar day, in t's location, as the language writes a
// date in running text: "2 December 2026", "2 dekabr 2026", "2 декабря 2026".
func (p *Printer) Date(t time.Time) string {
	p = p.self()
	return p.S("common.date",
		"Day", strconv.Itoa(t.Day()),
		"Month", p.S(monthIDs[t.Month()-1]),
		"Year", strconv.Itoa(t.Year()))
}

// Lower maps s to lower case by the language's rules: in Azerbaijani "I" is
// "ı" and "İ" is "i".
func (p *Printer) Lower(s string) string {
	return cases.Lower(p.self().lt).String(s) // a Caser is not for sharing
}

// Upper maps s to upper case by the language's rules: in Azerbaijani "i" is
// "İ" and "ı" is "I".
func (p *Printer) Upper(s string) string {
	return cases.Upper(p.self().lt).String(s)
}

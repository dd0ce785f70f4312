// Package lang is how Roundtable speaks English, Azerbaijani (Latin script)
// and Russian, per person: language tags and how a person's language is
// chosen, the message catalogues with CLDR plurals, numbers and dates, case
// mapping and matching, and the Russian keyboard's letters on the US keys.
// It imports nothing of ours, so every front door can use it.
//
// Choose a language once, make a Printer, and hand it down:
//
//	tag, note := lang.Choose(*flagLang, os.Getenv, lang.EN) // note: "" or one line to show
//	p := lang.New(tag)
//	p.S("lobby.welcome", "Name", who)      // "Welcome, Aysel"
//	p.N("common.ideas", 5)                 // "5 ideas", "5 ideya", "5 идей"
//	p.Number(1200); p.Date(t)              // "1 200", "2 декабря 2026"
//	lang.HasPrefixFold("İnkişaf", "inkiş") // true, whatever the reader's language
//
// A Printer is immutable and safe for concurrent use; a nil *Printer speaks
// English.
//
// # Catalogues
//
// Messages live in locales/<tag>/<area>.toml, one file per area (common,
// participant, console, wall, join, cli, sshd, export…) and language, all
// embedded. Every id of <area>.toml starts with "<area>.", written as one
// quoted key per line so that grepping an id finds it:
//
//	"common.yes" = "Yes"
//	"common.ideas" = { one = "{{.N}} idea", other = "{{.N}} ideas" }
//	"lobby.hint" = { description = "for translators", other = "Wait for the {{.Role}}" }
//
// A plural message has every CLDR form its language needs (en and az: one,
// other; ru: one, few, many, other) and is printed with N, which hands the
// template {{.N}} already formatted as a number of the language. Leaf names
// one, other, few, many, zero, two, id, description, hash and translation are
// the library's (github.com/nicksnyder/go-i18n/v2), never the end of an id.
//
// Write ids as whole string literals in code (a call's first argument or a
// table of ids): the package's tests scan the module's Go source and fail when
// code uses an id English lacks or English has an id nothing uses. A message
// missing from az or ru shows the English one; missing from English too, the
// id in brackets — and the tests fail first in both cases.
//
// # Tests of other packages
//
// Pseudo ("en-XA") is every English message accented, bracketed and about 40%
// longer. Render a screen with New(Pseudo) and pass it to Escaped with the
// test's own data: any ASCII word left is text that bypassed the catalogue.
package lang

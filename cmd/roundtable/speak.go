package main

import (
	"errors"
	"flag"
	"io"
	"regexp"
	"strings"

	"roundtable/lang"
)

// The language a command speaks is chosen once, by run, before any flag
// set exists: the usage text that -h prints is already in it. --lang may
// stand before the command (roundtable --lang az host) or among its flags;
// every flag set defines it too, so that parsing accepts it.

// langArg finds the value of --lang in args (the last one given) and
// returns args without a --lang that stands before the command.
func langArg(args []string) (value string, rest []string) {
	rest = args
	for len(rest) > 0 {
		v, n := langAt(rest, 0)
		if n == 0 {
			break
		}
		value, rest = v, rest[n:]
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == "--" {
			break
		}
		if v, n := langAt(rest, i); n > 0 {
			value = v
			i += n - 1
		}
	}
	return value, rest
}

// langAt reads a --lang flag at args[i]: its value and how many arguments
// it takes (0 when args[i] is not --lang).
func langAt(args []string, i int) (string, int) {
	a := args[i]
	name, value, eq := strings.Cut(strings.TrimLeft(a, "-"), "=")
	if !strings.HasPrefix(a, "-") || strings.HasPrefix(a, "---") || name != "lang" {
		return "", 0
	}
	if eq {
		return value, 1
	}
	if i+1 < len(args) {
		return args[i+1], 2
	}
	return "", 1
}

// chooseLang is the language of a run: --lang's, else the environment's
// (LC_ALL, LC_MESSAGES, LANG), else English; an unknown value is never an
// error, only a note. chosen is the language --lang or the environment
// named, "" when neither did, for what defers to another default (the
// join flow defers to the session's).
func chooseLang(flagValue string, getenv func(string) string) (p *lang.Printer, chosen lang.Tag, note string) {
	tag, note := lang.Choose(flagValue, getenv, lang.EN)
	if t, ok := lang.Parse(flagValue); ok {
		chosen = t
	} else if t, ok := lang.FromEnv(getenv); ok {
		chosen = t
	}
	return lang.New(tag), chosen, note
}

// addLangFlag defines --lang on fs, with its help text; run has read its
// value already.
func addLangFlag(fs *flag.FlagSet, usage string) {
	fs.String("lang", "", usage)
}

// parseFlags parses args with fs, saying in p's language what is wrong
// with them: the usage on -h (flag.ErrHelp), or the usage and an error
// for run to print (a usageError) on a bad flag.
func parseFlags(fs *flag.FlagSet, p *lang.Printer, args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard) // the flag package's own words are English
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		usage()
		return err
	}
	usage()
	return usageError{flagProblem(p, err)}
}

// The flag package's errors, to say them again in the reader's language.
var (
	flagUndefined = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	flagNeedsArg  = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	flagInvalid   = regexp.MustCompile(`(?s)^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*): (.*)$`)
	flagSyntax    = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

func flagProblem(p *lang.Printer, err error) string {
	msg := err.Error()
	if m := flagUndefined.FindStringSubmatch(msg); m != nil {
		return p.S("cli.flag.undefined", "Flag", m[1])
	}
	if m := flagNeedsArg.FindStringSubmatch(msg); m != nil {
		return p.S("cli.flag.needs_value", "Flag", m[1])
	}
	if m := flagInvalid.FindStringSubmatch(msg); m != nil {
		if m[3] == "parse error" || m[3] == "value out of range" { // strconv's, through the flag package
			return p.S("cli.flag.not_a_value", "Value", m[1], "Flag", m[2])
		}
		return p.S("cli.flag.invalid", "Value", m[1], "Flag", m[2], "Problem", m[3])
	}
	if m := flagSyntax.FindStringSubmatch(msg); m != nil {
		return p.S("cli.flag.syntax", "Arg", m[1])
	}
	return msg
}

// sayErr is an error said in the reader's language that wraps the error it
// tells of, so errors.Is and errors.As still see that one.
type sayErr struct {
	msg string
	err error
}

func (e sayErr) Error() string { return e.msg }
func (e sayErr) Unwrap() error { return e.err }

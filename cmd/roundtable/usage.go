package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"roundtable/lang"
)

// setUsage gives fs the text `roundtable NAME -h` prints, in p's language:
// the usage line, what the command does, and its flags, written with two
// dashes as the README writes them. line is the usage line without
// "Usage: "; about is one or more paragraphs.
func setUsage(fs *flag.FlagSet, w io.Writer, p *lang.Printer, line, about string) {
	fs.Usage = func() {
		fmt.Fprintf(w, "%s\n\n%s\n\n%s\n", p.S("cli.usage.line", "Line", line), strings.TrimSpace(about), p.S("cli.usage.flags"))
		printFlags(w, fs, p)
	}
}

// printFlags lists fs's flags like flag.PrintDefaults, with two dashes
// (one for a one-letter flag such as -o), in p's language.
func printFlags(w io.Writer, fs *flag.FlagSet, p *lang.Printer) {
	// a flag's text that gives its own default says so with these words
	saysDefault := strings.TrimSpace(strings.TrimSuffix(p.S("cli.usage.default", "Value", ""), ")"))
	fs.VisitAll(func(f *flag.Flag) {
		kind, text := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if len(f.Name) == 1 {
			head = "  -" + f.Name
		}
		if kind != "" {
			head += " " + kindName(p, kind)
		}
		if d := f.DefValue; d != "" && d != "0" && d != "false" && d != "0s" && !strings.Contains(text, saysDefault) {
			if kind == "string" {
				d = fmt.Sprintf("%q", d)
			}
			text += " " + p.S("cli.usage.default", "Value", d)
		}
		fmt.Fprintf(w, "%s\n      %s\n", head, strings.ReplaceAll(text, "\n", "\n      "))
	})
}

// kindName is the name flag.UnquoteUsage gives a flag's value, in p's
// language; a name the flag's text gave in `backquotes` is already in it.
func kindName(p *lang.Printer, kind string) string {
	switch kind {
	case "string":
		return p.S("cli.usage.kind.string")
	case "int", "uint":
		return p.S("cli.usage.kind.int")
	case "float":
		return p.S("cli.usage.kind.float")
	case "duration":
		return p.S("cli.usage.kind.duration")
	case "value":
		return p.S("cli.usage.kind.value")
	}
	return kind
}

package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// setUsage gives fs the text `roundtable NAME -h` prints: the usage line,
// what the command does, and its flags, written with two dashes as the
// README writes them. line is the usage line without "Usage: "; about is
// one or more paragraphs.
func setUsage(fs *flag.FlagSet, w io.Writer, line, about string) {
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags:\n", line, strings.TrimSpace(about))
		printFlags(w, fs)
	}
}

// printFlags lists fs's flags like flag.PrintDefaults, with two dashes
// (one for a one-letter flag such as -o).
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		kind, text := flag.UnquoteUsage(f)
		head := "  --" + f.Name
		if len(f.Name) == 1 {
			head = "  -" + f.Name
		}
		if kind != "" {
			head += " " + kind
		}
		if d := f.DefValue; d != "" && d != "0" && d != "false" && d != "0s" && !strings.Contains(text, "(default") {
			if kind == "string" {
				d = fmt.Sprintf("%q", d)
			}
			text += " (default " + d + ")"
		}
		fmt.Fprintf(w, "%s\n      %s\n", head, strings.ReplaceAll(text, "\n", "\n      "))
	})
}

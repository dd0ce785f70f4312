package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// subcommands are the commands the top-level usage lists ("roundtable NAME"
// at the start of a line), except version, which takes no flags.
func subcommands(t *testing.T) []string {
	t.Helper()
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  roundtable (\w+)`).FindAllStringSubmatch(usageText(nil), -1) {
		if m[1] != "version" && !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	if len(names) < 8 {
		t.Fatalf("the usage lists only %v", names)
	}
	return names
}

// flagsOf returns the flags that `roundtable NAME -h` prints, leaving out
// the internal ones (their text starts with "internal:").
func flagsOf(t *testing.T, help string) []string {
	t.Helper()
	var names []string
	lines := strings.Split(help, "\n")
	for i, l := range lines {
		m := regexp.MustCompile(`^  --?([\w-]+)`).FindStringSubmatch(l)
		if m == nil {
			continue
		}
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1]
		}
		if strings.Contains(l+next, "internal:") {
			continue
		}
		names = append(names, m[1])
	}
	return names
}

// TestEverySubcommandHasAUsage is defect 15: `roundtable NAME -h` prints a
// real usage (the usage line, what the command does, its flags), not Go's
// bare "Usage of NAME:", and exits 0.
func TestEverySubcommandHasAUsage(t *testing.T) {
	for _, name := range subcommands(t) {
		t.Run(name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, name, "-h")
			help := stdout + stderr
			if code != 0 {
				t.Errorf("exit %d", code)
			}
			if strings.Contains(help, "Usage of") || !strings.HasPrefix(help, "Usage: roundtable "+name) {
				t.Fatalf("the usage does not begin with %q:\n%s", "Usage: roundtable "+name, help)
			}
			if first, rest, _ := strings.Cut(help, "\n"); len(strings.TrimSpace(rest)) == 0 || !strings.Contains(rest, "\n\n") {
				t.Errorf("the usage has no text after its usage line %q:\n%s", first, help)
			}
			if len(flagsOf(t, help)) == 0 {
				t.Errorf("the usage lists no flags:\n%s", help)
			}
		})
	}
}

// TestReadmeListsEveryFlag is defect 15: the README's command list names
// every flag each subcommand defines (as -h shows it), so the two cannot
// drift apart again.
func TestReadmeListsEveryFlag(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "## Commands")
	if start < 0 {
		t.Fatal("the README has no Commands section")
	}
	block := readme[start:]
	if end := strings.Index(block[1:], "\n## "); end >= 0 {
		block = block[:end+1]
	}
	// Each command's part of the list: from its "roundtable NAME" line to
	// the next command's.
	parts := map[string]string{}
	var cur string
	for _, l := range strings.Split(block, "\n") {
		if m := regexp.MustCompile(`^roundtable (\w+)`).FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			cur = m[1]
		}
		if cur != "" {
			parts[cur] += l + "\n"
		}
	}
	for _, name := range subcommands(t) {
		part, ok := parts[name]
		if !ok {
			t.Errorf("the README's command list has no roundtable %s", name)
			continue
		}
		stdout, stderr, _ := runCLI(t, name, "-h")
		for _, f := range flagsOf(t, stdout+stderr) {
			if !regexp.MustCompile(`(^|[\s\[|])--?` + regexp.QuoteMeta(f) + `\b`).MatchString(part) {
				t.Errorf("the README's roundtable %s does not mention --%s", name, f)
			}
		}
	}
}

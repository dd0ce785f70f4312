package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportRules checks the one-way flow of imports in docs/ARCHITECTURE.md.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}:{{join .Imports " "}}`, "roundtable/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	// For each package, the packages it must not import: ours, and the
	// websocket library, which only server/wsconn uses. The hub, its
	// protocol and its store speak in error codes and never import lang: a
	// reader's language is the reader's app's.
	forbidden := map[string][]string{
		"roundtable/session":         {"roundtable/"},
		"roundtable/session/store":   {"roundtable/server", "roundtable/tui", "roundtable/protocol", "roundtable/session/", "roundtable/internal/", "roundtable/sshd", "roundtable/lang"},
		"roundtable/session/roadmap": {"roundtable/server", "roundtable/tui", "roundtable/protocol", "roundtable/session/store"},
		"roundtable/protocol":        {"roundtable/server", "roundtable/tui", "roundtable/session/", "roundtable/lang"},
		"roundtable/server":          {"roundtable/tui", "roundtable/server/client", "github.com/gorilla/websocket", "roundtable/lang", "github.com/nats-io/", "roundtable/cluster"},
		// issue 17: the cluster builds on the hub; NATS is its alone
		"roundtable/cluster": {"roundtable/tui", "roundtable/server/client", "github.com/gorilla/websocket", "roundtable/lang", "roundtable/sshd", "roundtable/internal/"},
		"roundtable/server/client":   {"roundtable/server\x00", "roundtable/tui", "roundtable/session/store"},
		// tui: the root imports no app and no component; components import
		// the root and no app; an app imports the root and components, never
		// another app (tests share tui/internal/tuitest)
		"roundtable/tui":                  {"roundtable/server\x00", "roundtable/session/store", "roundtable/tui/"},
		"roundtable/tui/components":       {"roundtable/server\x00", "roundtable/session/store", "roundtable/tui/participant", "roundtable/tui/console", "roundtable/tui/wall", "roundtable/tui/internal"},
		"roundtable/tui/participant":      {"roundtable/server\x00", "roundtable/session/store", "roundtable/tui/console", "roundtable/tui/wall", "roundtable/tui/internal"},
		"roundtable/tui/console":          {"roundtable/server\x00", "roundtable/session/store", "roundtable/tui/participant", "roundtable/tui/wall", "roundtable/tui/internal"},
		"roundtable/tui/wall":             {"roundtable/server\x00", "roundtable/session/store", "roundtable/tui/participant", "roundtable/tui/console", "roundtable/tui/internal"},
		"roundtable/tui/join":             {"roundtable/server\x00", "roundtable/session/store", "roundtable/tui/console", "roundtable/tui/wall", "roundtable/tui/internal"},
		"roundtable/tui/internal/tuitest": {"roundtable/server\x00", "roundtable/session/store", "roundtable/tui/participant", "roundtable/tui/console", "roundtable/tui/wall"},
		"roundtable/internal/demo":        {"roundtable/server\x00", "roundtable/tui", "roundtable/session/store"},
		"roundtable/sshd":                 {"roundtable/server\x00", "roundtable/session/store"},
		"roundtable/internal/bench":       {"roundtable/tui", "roundtable/sshd", "roundtable/internal/demo"},
		// leaves: the hub's websocket connection; the SSH apps' in-process door to the hub
		"roundtable/server/wsconn":     {"roundtable/"},
		"roundtable/internal/memconn":  {"roundtable/"},
		"roundtable/internal/limit":    {"roundtable/"},
		"roundtable/internal/vtscreen": {"roundtable/"},
		// the languages: tui, tui/join, sshd, session/roadmap and cmd import it
		"roundtable/lang": {"roundtable/"},
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		rules, ok := forbidden[pkg]
		if !ok {
			continue
		}
		seen++
		for _, imp := range strings.Fields(imports) {
			for _, bad := range rules {
				exact := strings.HasSuffix(bad, "\x00")
				b := strings.TrimSuffix(bad, "\x00")
				if exact && imp == b || !exact && strings.HasPrefix(imp, b) && imp != pkg {
					t.Errorf("%s imports %s, which the import rules forbid", pkg, imp)
				}
			}
		}
	}
	if seen < 4 {
		t.Fatalf("checked only %d packages; is go list working?", seen)
	}
}

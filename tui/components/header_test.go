package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/tui"
)

// TestConnTextNamesTheNodeWhileAway: a session on several nodes names the
// node being tried while the app is away, and not while it is online.
func TestConnTextNamesTheNodeWhileAway(t *testing.T) {
	l := lang.New(lang.EN)
	st := tui.DefaultStyles(true)
	tests := map[string]struct {
		status client.Status
		node   string
		want   string
	}{
		"offline, several nodes": {client.Offline, "10.0.0.2:7777", "offline — reconnecting · trying 10.0.0.2:7777 · 1 action waiting"},
		"paused, several nodes":  {client.Paused, "10.0.0.2:7777", "host paused · trying 10.0.0.2:7777 · 1 action waiting"},
		"online, several nodes":  {client.Online, "10.0.0.2:7777", "online · 1 action waiting"},
		"offline, one node":      {client.Offline, "", "offline — reconnecting · 1 action waiting"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := ansi.Strip(ConnText(l, &st, tc.status, 1, tc.node))
			if !strings.HasSuffix(got, tc.want) {
				t.Fatalf("ConnText = %q; want it to end %q", got, tc.want)
			}
		})
	}
}

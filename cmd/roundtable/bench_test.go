package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBenchRefusesWhatCannotRun: the bench command checks its flags before
// it starts anything, and says what is wrong.
func TestBenchRefusesWhatCannotRun(t *testing.T) {
	tests := map[string]struct {
		args []string
		want string
	}{
		"no participants":     {[]string{"--participants", "0", "--in-process"}, "participants must be"},
		"too many":            {[]string{"--participants", "10001", "--in-process"}, "participants must be"},
		"URL without a token": {[]string{"--url", "ws://127.0.0.1:1/ws", "--code", "X"}, "--token"},
		"stray argument":      {[]string{"now"}, "unexpected argument"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runBench(context.Background(), tc.args, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("runBench(%q) = %v, want an error saying %q", tc.args, err, tc.want)
			}
		})
	}
}

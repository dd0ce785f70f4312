package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"
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
		"negative ping":       {[]string{"--ping", "-1s", "--in-process"}, "--ping must be positive"},
		"peer sizes":          {[]string{"--peer", "--sizes", "1000,lots"}, "--sizes"},
		"peer rounds":         {[]string{"--peer", "--peer-rounds", "0"}, "--peer-rounds"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := runBench(context.Background(), nil, tc.args, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("runBench(%q) = %v, want an error saying %q", tc.args, err, tc.want)
			}
		})
	}
}

// TestBenchHubAsShipped: the bench's hub process gets no ping period
// unless one is asked for, so it runs the shipped one.
func TestBenchHubAsShipped(t *testing.T) {
	if got, want := hubArgs(0), []string{"bench", "--serve-hub"}; !slices.Equal(got, want) {
		t.Errorf("hubArgs(0) = %q, want %q", got, want)
	}
	if got, want := hubArgs(2*time.Second), []string{"bench", "--serve-hub", "--ping", "2s"}; !slices.Equal(got, want) {
		t.Errorf("hubArgs(2s) = %q, want %q", got, want)
	}
}

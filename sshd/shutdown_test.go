package sshd_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"roundtable/server/client"
	"roundtable/session"
	"roundtable/sshd"
)

// TestShutdownTellsParticipants checks that when the host stops, every SSH
// participant's app closes and their terminal says why: the session has
// ended, or the host only paused.
func TestShutdownTellsParticipants(t *testing.T) {
	for name, tc := range map[string]struct {
		closed bool
		want   []string
	}{
		"session closed": {true, []string{"The session has ended. Thank you for taking part!"}},
		"session open": {false, []string{"The facilitator stopped the host. What you sent is kept.",
			"When the session continues, come back as yourself with:"}},
	} {
		t.Run(name, func(t *testing.T) {
			f := start(t, sshd.Config{})
			tm := open(t, f.dial(t, testCode, nil), 80, 24)
			tm.focused(t, "Your name")
			tm.join(t, "Aysel Məmmədova", "DOST")
			tm.inside(t)
			if tc.closed {
				fac, err := client.Dial(context.Background(), client.Config{URL: f.host.URL(), Token: testToken})
				if err != nil {
					t.Fatal(err)
				}
				if err := f.host.Room.Do(session.Actor{ID: session.FacilitatorID, Role: session.RoleFacilitator},
					session.Command{Type: session.CmdSetPhase, Phase: session.PhaseClosed}); err != nil {
					t.Fatal(err)
				}
				fac.Close()
			}
			f.host.Close()
			if got := f.host.Room.Ended(); got != tc.closed {
				t.Fatalf("Room.Ended() = %v after a stop with the session closed = %v", got, tc.closed)
			}
			ctx, cancel := context.WithTimeout(context.Background(), waitFor)
			defer cancel()
			if err := f.ssh.Shutdown(ctx, f.host.Room.Ended()); err != nil {
				t.Errorf("Shutdown: %v", err)
			}
			select {
			case <-tm.done:
			case <-time.After(waitFor):
				t.Fatal("the SSH session did not end")
			}
			s := tm.screen()
			for _, want := range tc.want {
				if !strings.Contains(s, want) {
					t.Errorf("the terminal does not say %q:\n%s", want, s)
				}
			}
			if strings.Contains(s, "You left") {
				t.Errorf("the terminal says the participant left, though the host stopped:\n%s", s)
			}
		})
	}
}

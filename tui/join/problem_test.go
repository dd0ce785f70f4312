package join

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"roundtable/server/client"
	"roundtable/session"
)

func TestJoinProblem(t *testing.T) {
	a := Answers{Host: "192.168.1.20:7777", Code: "K7Q2M"}
	tests := map[string]struct {
		err  error
		want []string
	}{
		"unreachable":   {fmt.Errorf("dial: %w", client.ErrUnreachable), []string{"Cannot reach 192.168.1.20:7777", "same network"}},
		"wrong code":    {&session.Error{Code: session.EFORBIDDEN, Message: "Wrong code."}, []string{`"K7Q2M" was not accepted`, "Check the code"}},
		"too many":      {&session.Error{Code: session.ELIMIT, Message: "Too many."}, []string{"Wait a minute"}},
		"bad name":      {&session.Error{Code: session.EINVALID, Message: "The name is too long."}, []string{"The name is too long."}},
		"timeout":       {context.DeadlineExceeded, []string{"did not answer in time"}},
		"anything else": {errors.New("boom"), []string{"Could not join at 192.168.1.20:7777: boom"}},
		"session ended": {fmt.Errorf("refused: %w", client.ErrSessionEnded), []string{"The session at 192.168.1.20:7777 has ended", "road map"}},
		"host paused":   {fmt.Errorf("refused: %w", client.ErrHostPaused), []string{"stopping the host", "try again"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := Problem(nil, tc.err, a)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Problem = %q, want it to say %q", got, w)
				}
			}
			if strings.Contains(got, "goroutine") || strings.Contains(got, ".go:") {
				t.Errorf("Problem leaks internals: %q", got)
			}
		})
	}
}

func TestJoinValidation(t *testing.T) {
	valid := validHost(nil)
	if valid("") == nil || valid("ftp://x") == nil {
		t.Error("an empty or wrong address passed")
	}
	if err := valid("192.168.1.20:7777"); err != nil {
		t.Errorf("a good address failed: %v", err)
	}
	// issue 17: the nodes of one session, separated by commas; a bad one is named
	if err := valid("10.0.0.1:7777, 10.0.0.2:7777,wss://10.0.0.3"); err != nil {
		t.Errorf("a good list failed: %v", err)
	}
	lists := map[string]string{
		"10.0.0.1:7777,,10.0.0.2:7777": "address 2 of the list is empty",
		"10.0.0.1:7777,":               "address 2 of the list is empty",
		"10.0.0.1:7777,ftp://x":        `"ftp://x" (address 2 of the list) is not an address`,
	}
	for in, want := range lists {
		if err := valid(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validHost(%q) = %v; want it to say %q", in, err, want)
		}
	}
	name := checkText("please type your name", "your name is too long", 5)
	if name(" ") == nil || name("Ayselə") == nil || name("Aysel") != nil {
		t.Error("the name check is wrong")
	}
}

// TestProblemWithoutAnAddress: where the door knows the hub (SSH), the
// words never name an address the participant did not type.
func TestProblemWithoutAnAddress(t *testing.T) {
	a := Answers{Code: "K7Q2M"}
	tests := map[string]struct {
		err  error
		want string
	}{
		"unreachable":   {fmt.Errorf("dial: %w", client.ErrUnreachable), "Could not reach the session: dial: host unreachable."},
		"wrong code":    {&session.Error{Code: session.EFORBIDDEN, Message: "Wrong code."}, `The join code "K7Q2M" was not accepted. Check the code the facilitator shows and type it again.`},
		"bad name":      {&session.Error{Code: session.EINVALID, Message: "The name is too long."}, "The name is too long."},
		"session ended": {fmt.Errorf("refused: %w", client.ErrSessionEnded), "The session has ended. Thank you for taking part! The facilitator will share the road map."},
		"host paused":   {fmt.Errorf("refused: %w", client.ErrHostPaused), "The facilitator is stopping the host for now; your session is kept. Wait a moment and try again."},
		"anything else": {errors.New("boom"), "Could not reach the session: boom."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := Problem(nil, tc.err, a); got != tc.want {
				t.Errorf("Problem = %q, want %q", got, tc.want)
			}
		})
	}
}

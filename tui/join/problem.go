package join

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"roundtable/server/client"
	"roundtable/session"
)

// Problem explains in plain words why joining with a failed. a.Host is
// the address the participant typed, "" where the door knows the hub (SSH):
// then there is no address for them to check, and the words say what the
// facilitator needs to hear instead.
func Problem(err error, a Answers) string {
	host := strings.TrimSpace(a.Host)
	at := ""
	if host != "" {
		at = " at " + host
	}
	var se *session.Error
	refused := errors.As(err, &se)
	switch {
	case errors.Is(err, client.ErrSessionEnded):
		return fmt.Sprintf("The session%s has ended. Thank you for taking part! The facilitator will share the road map.", at)
	case errors.Is(err, client.ErrHostPaused):
		return fmt.Sprintf("The facilitator is stopping the host%s for now; your session is kept. Wait a moment and try again.", at)
	case refused && se.Code == session.EFORBIDDEN:
		return wrongCode(a)
	case refused && se.Code == session.ELIMIT:
		return "Too many attempts to join from this computer. Wait a minute, then try again."
	case refused:
		return se.Message
	case host == "":
		return fmt.Sprintf("Could not reach the session: %v.", err)
	case errors.Is(err, client.ErrCertificate):
		return fmt.Sprintf("The certificate of %s does not match what you were given (%v). Do not go on: check the address and the fingerprint with the facilitator.", host, err)
	case errors.Is(err, client.ErrUnreachable):
		return fmt.Sprintf("Cannot reach %s. Check the address the facilitator shows, and that this laptop is on the same network (Wi-Fi) as the session.", host)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("%s did not answer in time. Check the address and your network, then try again.", host)
	}
	return fmt.Sprintf("Could not join at %s: %v. Check the address and try again.", host, err)
}

// wrongCode is what a participant reads when their join code was refused,
// by the hub or at the door.
func wrongCode(a Answers) string {
	at := ""
	if host := strings.TrimSpace(a.Host); host != "" {
		at = " at " + host
	}
	return fmt.Sprintf("The join code %q was not accepted%s. Check the code the facilitator shows and type it again.", a.Code, at)
}

// notFound is what a participant reads when the hub no longer knows the
// place a saved resume token stood for, and the flow must ask who they are.
const notFound = "Your earlier place in this session was not found. Join again with your name and institution."

func validHost(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("type the address the facilitator shows, e.g. 192.168.1.20:7777")
	}
	if _, err := client.NormalizeURL(s); err != nil {
		return errors.New("that is not an address; type it as HOST:PORT, e.g. 192.168.1.20:7777")
	}
	return nil
}

// NotEmpty is the check of a join form's text field: something typed, at
// most limit characters; what names the field in the message.
func NotEmpty(what string, limit int) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return fmt.Errorf("please type %s", what)
		}
		if utf8.RuneCountInString(s) > limit {
			return fmt.Errorf("%s is too long; at most %d characters", what, limit)
		}
		return nil
	}
}

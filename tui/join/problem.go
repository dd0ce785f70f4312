package join

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"roundtable/lang"
	"roundtable/server/client"
	"roundtable/session"
	"roundtable/tui"
)

// words is something the flow says, in whatever language the participant
// reads when it is shown: the language can change while it is on screen.
type words func(l *lang.Printer) string

// say is the message id, with nothing to fill in.
func say(id string) words { return func(l *lang.Printer) string { return l.S(id) } }

// verbatim is text that comes in its own words (a door's, the hub's).
func verbatim(s string) words { return func(*lang.Printer) string { return s } }

// Problem explains in plain words, in the language of l, why joining with
// a failed. a.Host is the address the participant typed, "" where the door
// knows the hub (SSH): then there is no address for them to check, and the
// words say what the facilitator needs to hear instead.
func Problem(l *lang.Printer, err error, a Answers) string {
	host := strings.TrimSpace(a.Host)
	var se *session.Error
	refused := errors.As(err, &se)
	switch {
	case errors.Is(err, client.ErrSessionEnded) && host != "":
		return l.S("join.problem.ended_at", "Host", host)
	case errors.Is(err, client.ErrSessionEnded):
		return l.S("join.problem.ended")
	case errors.Is(err, client.ErrHostPaused) && host != "":
		return l.S("join.problem.paused_at", "Host", host)
	case errors.Is(err, client.ErrHostPaused):
		return l.S("join.problem.paused")
	case refused && se.Key == "errors.hub.removed": // the facilitator removed them (close 4403)
		return tui.Refusal(l, se.Code, se.Key, se.Args, se.Message)
	case refused && se.Code == session.EFORBIDDEN:
		return wrongCode(l, a)
	case refused && se.Code == session.ELIMIT:
		return l.S("join.problem.too_many")
	case refused:
		return tui.Refusal(l, se.Code, se.Key, se.Args, se.Message)
	case host == "":
		return l.S("join.problem.unreachable_session", "Err", err.Error())
	case errors.Is(err, client.ErrCertificate):
		return l.S("join.problem.certificate", "Host", host, "Err", err.Error())
	case errors.Is(err, client.ErrUnreachable):
		return l.S("join.problem.unreachable", "Host", host)
	case errors.Is(err, context.DeadlineExceeded):
		return l.S("join.problem.timeout", "Host", host)
	}
	return l.S("join.problem.other", "Host", host, "Err", err.Error())
}

// wrongCode is what a participant reads when their join code was refused,
// by the hub or at the door.
func wrongCode(l *lang.Printer, a Answers) string {
	if host := strings.TrimSpace(a.Host); host != "" {
		return l.S("join.problem.wrong_code_at", "Code", a.Code, "Host", host)
	}
	return l.S("join.problem.wrong_code", "Code", a.Code)
}

// validHost is the check of the address field, in the language of l: one
// address, or the nodes of a session separated by commas (issue 17), where
// a bad one is named by its place in the list.
func validHost(l *lang.Printer) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(l.S("join.check.host_empty"))
		}
		_, err := client.SplitURLs(s)
		var ae *client.AddressError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &ae) && ae.Addr == "":
			return errors.New(l.S("join.check.host_list_empty", "N", ae.Index))
		case errors.As(err, &ae) && strings.Contains(s, ","):
			return errors.New(l.S("join.check.host_list_bad", "N", ae.Index, "Addr", ae.Addr))
		}
		return errors.New(l.S("join.check.host_bad"))
	}
}

// checkText is the check of a join form's text field: something typed
// (else empty says what to do), at most limit characters (else tooLong).
func checkText(empty, tooLong string, limit int) func(string) error {
	return func(s string) error {
		s = strings.TrimSpace(s)
		if s == "" {
			return errors.New(empty)
		}
		if utf8.RuneCountInString(s) > limit {
			return errors.New(tooLong)
		}
		return nil
	}
}

package session

import (
	"errors"
	"fmt"
)

// Error codes. Transports map these codes; they never invent their own.
const (
	EINVALID   = "EINVALID"   // the input is malformed or breaks a limit on its shape
	EFORBIDDEN = "EFORBIDDEN" // the actor's role or the phase does not allow it
	ENOTFOUND  = "ENOTFOUND"  // the idea, group, topic or participant does not exist
	ECONFLICT  = "ECONFLICT"  // the state does not allow it now (for example already grouped)
	ELIMIT     = "ELIMIT"     // a budget, cap or rate limit was reached
	EINTERNAL  = "EINTERNAL"  // a fault of ours, not of the caller
)

// Error is a domain error: a stable code for programs and a message for people.
type Error struct {
	Code    string
	Message string
}

// Error returns the message for people.
func (e *Error) Error() string { return e.Message }

// Errorf builds an Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for an error that is not ours,
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err fit for a person; errors that are
// not ours get a generic message so internals do not leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

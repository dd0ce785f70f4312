package tui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"charm.land/huh/v2"

	"roundtable/server/client"
	"roundtable/session"
)

// AskJoin asks for what is needed to join, in a form prefilled with a.
// problem, when set, says in plain words why the last attempt failed. It
// returns huh.ErrUserAborted when the participant gives up (esc, ctrl+c).
func AskJoin(ctx context.Context, a JoinAnswers, problem string, in io.Reader, out io.Writer) (JoinAnswers, error) {
	var fields []huh.Field
	if problem != "" {
		fields = append(fields, huh.NewNote().Title("Could not join").Description(problem))
	} else {
		fields = append(fields, huh.NewNote().Title("Join a Roundtable session").
			Description("The facilitator shows the address and the join code."))
	}
	fields = append(fields,
		huh.NewInput().Title("Address of the session").Description("for example 192.168.1.20:7777").
			Value(&a.Host).Validate(validHost),
		huh.NewInput().Title("Join code").Description("letters and digits, for example K7Q2M").
			Value(&a.Code).Validate(NotEmpty("the join code", 64)),
		huh.NewInput().Title("Your name").
			Value(&a.Name).Validate(NotEmpty("your name", session.MaxNameLen)),
		huh.NewInput().Title("Your institution").Description("the ministry, agency or organisation you represent").
			Value(&a.Institution).Validate(NotEmpty("your institution", session.MaxInstitutionLen)),
	)
	form := huh.NewForm(huh.NewGroup(fields...)).WithInput(in).WithOutput(out).WithShowHelp(true)
	err := form.RunWithContext(ctx)
	a.Host, a.Code = strings.TrimSpace(a.Host), strings.TrimSpace(a.Code)
	a.Name, a.Institution = strings.TrimSpace(a.Name), strings.TrimSpace(a.Institution)
	return a, err
}

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
// most limit characters; what names the field in the message. The join
// form of `roundtable join` and the SSH app's use it alike.
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

// JoinProblem explains in plain words why joining failed, for the form.
func JoinProblem(err error, a JoinAnswers) string {
	host := strings.TrimSpace(a.Host)
	var se *session.Error
	switch {
	case errors.Is(err, client.ErrCertificate):
		return fmt.Sprintf("The certificate of %s does not match what you were given (%v). Do not go on: check the address and the fingerprint with the facilitator.", host, err)
	case errors.Is(err, client.ErrSessionEnded):
		return fmt.Sprintf("The session at %s has ended. Thank you for taking part! The facilitator will share the road map.", host)
	case errors.Is(err, client.ErrHostPaused):
		return fmt.Sprintf("The facilitator is stopping the host at %s for now; your session is kept. Wait a moment and try again.", host)
	case errors.Is(err, client.ErrUnreachable):
		return fmt.Sprintf("Cannot reach %s. Check the address the facilitator shows, and that this laptop is on the same network (Wi-Fi) as the session.", host)
	case errors.As(err, &se) && se.Code == session.EFORBIDDEN:
		return fmt.Sprintf("The join code %q was not accepted at %s. Check the code the facilitator shows and type it again.", a.Code, host)
	case errors.As(err, &se) && se.Code == session.ELIMIT:
		return "Too many attempts to join from this computer. Wait a minute, then try again."
	case errors.As(err, &se):
		return se.Message
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("%s did not answer in time. Check the address and your network, then try again.", host)
	}
	return fmt.Sprintf("Could not join at %s: %v. Check the address and try again.", host, err)
}

package sshd

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"roundtable/session"
	"roundtable/tui"
)

// askCode shows the form that asks for the join code (or a rejoin code).
func (a *app) askCode(problem string) {
	a.stage = stageCode
	a.form = newForm(problem, "The facilitator shows the join code.",
		huh.NewInput().Title("Join code").
			Description("letters and digits, as the facilitator shows them (or your rejoin code)").
			Value(&a.answers.Code).Validate(tui.NotEmpty("the join code", 64)),
	)
}

// askWho shows the form that asks who the participant is: the same
// questions, limits and words as `roundtable join`.
func (a *app) askWho(problem string) {
	a.stage = stageWho
	a.form = newForm(problem, "The code is right: now say who you are.",
		huh.NewInput().Title("Your name").
			Value(&a.answers.Name).Validate(tui.NotEmpty("your name", session.MaxNameLen)),
		huh.NewInput().Title("Your institution").Description("the ministry, agency or organisation you represent").
			Value(&a.answers.Institution).Validate(tui.NotEmpty("your institution", session.MaxInstitutionLen)),
	)
}

// newForm makes a form of fields under a note: the problem with the last
// answer when there is one, else what this step is about.
func newForm(problem, about string, fields ...huh.Field) *huh.Form {
	note := huh.NewNote().Title("Join a Roundtable session").Description(about)
	if problem != "" {
		note = huh.NewNote().Title("Could not join").Description(problem)
	}
	f := huh.NewForm(huh.NewGroup(append([]huh.Field{note}, fields...)...)).WithShowHelp(true)
	f.SubmitCmd = nil // the app goes on instead of quitting
	f.CancelCmd = tea.Quit
	return f
}

// formStart starts a new form at the terminal's size.
func (a *app) formStart() tea.Cmd {
	if a.form == nil {
		return nil
	}
	cmd := a.form.Init()
	if a.width > 0 {
		return tea.Batch(cmd, a.updateForm(tea.WindowSizeMsg{Width: a.width, Height: a.height}))
	}
	return cmd
}

// View draws the current stage.
func (a *app) View() tea.View {
	if a.stage == stageApp {
		return a.part.View()
	}
	var body string
	switch a.stage {
	case stageCode, stageWho:
		if a.form != nil {
			v := tea.NewView(a.form.View()) // huh lays itself out at the terminal's width
			v.AltScreen = true
			v.WindowTitle = "Roundtable"
			return v
		}
	case stageJoining:
		body = "Joining the session…"
	case stageRejoin:
		body = a.rejoinView()
	case stageProblem:
		body = "Could not join\n\n" + a.problem + "\n\nPress enter to try again, q to leave."
	case stageBlocked:
		body = "Too many attempts to join from this computer.\n\nWait a minute, then connect again. Press enter to leave."
	}
	w := max(a.width-2, 10)
	v := tea.NewView(lipgloss.NewStyle().Margin(1, 1).Width(w).Render(body))
	v.AltScreen = true
	v.WindowTitle = "Roundtable"
	return v
}

func (a *app) rejoinView() string {
	bold := lipgloss.NewStyle().Bold(true)
	return strings.Join([]string{
		bold.Render("You have joined."),
		"",
		"If you are disconnected, come back as yourself with your rejoin code:",
		"",
		"    " + bold.Render(a.rejoin),
		"",
		"by typing:",
		"",
		"    " + a.rejoinCommand(),
		"",
		"Write it down now: it is shown only once.",
		"",
		"Press enter to continue.",
	}, "\n")
}

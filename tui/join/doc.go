// Package join is the way into a session, for every front door: one Bubble
// Tea flow that asks what it needs (the hub's address, the join code, who
// the participant is), dials the hub in a command, says in plain words why
// that failed and asks again where answering helps, and then hands every
// message to the participant app.
//
// What differs between the doors is handed in, not decided here twice:
// where the hub is (Config.Dial; `roundtable join` asks for the address,
// the SSH server knows it), whether a typed code is checked before the hub
// sees it (Config.Gate: the SSH server knows the code and counts wrong
// ones), and how a participant comes back as themself (Config.Store: a file
// of answers and resume tokens for `roundtable join`, keys and rejoin codes
// for SSH). The flow makes each decision once: normalising the code, the
// checks of each answer, trying a saved resume token first and joining
// afresh when the hub no longer knows it, the words for each failure, and
// which failures send the participant back to a form.
//
// The flow speaks the participant's language: --lang (Config.Given.Lang),
// else the one they chose last time (the Store's Last), else their locale
// (Config.Getenv), else the session's (Config.Default). The language is the
// form's first field, F2 switches it on every screen, and it travels with
// the Answers, so a Store keeps it with them.
package join

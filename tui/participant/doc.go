// Package participant is the participant app of `roundtable join` and of
// the SSH server: a screen per phase (lobby, board, groups, vote,
// discussion, road map, closed, ended), the outcome over any of them (o:
// notes, decisions and the draft road map), a text area for ideas,
// comments and feedback, and the commands on their way. New returns the root
// model; its screens get an env (tui.Common, the replica, the actions
// they may ask for) and never the root itself.
//
// Everything it says comes from the participant and outcome areas of the
// catalogue (lang), in the language of Options.Lang; F2 switches it while the app
// runs (the Shell reports tui.LangChanged and the screens draw again).
// Shortcuts match through tui.LatinKey, so that they work on a Russian or
// Azerbaijani layout; the text area takes keys as typed.
package participant

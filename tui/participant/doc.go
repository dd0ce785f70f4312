// Package participant is the participant app of `roundtable join` and of
// the SSH server: a screen per phase (lobby, board, groups, vote,
// discussion, road map, closed, ended), a text area for ideas, comments
// and feedback, and the commands on their way. New returns the root
// model; its screens get an env (tui.Common, the replica, the actions
// they may ask for) and never the root itself.
package participant

// Package session is the pure domain of Roundtable: the state of one live
// discussion, the commands people give, the events those commands become, and
// the rules between them.
//
// The package does no I/O, starts no goroutines and reads no clock: the time
// is passed in. The server and every client run the same Apply, so their
// replicas converge.
//
//	events, err := session.Decide(state, actor, command, now) // rules and permissions
//	state.Apply(event)                                          // deterministic reducer
//	view := session.Redact(event, viewer, state.Settings.Anonymous, state.VotesRevealed)
package session

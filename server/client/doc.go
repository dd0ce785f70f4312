// Package client is the reconnecting client of a Roundtable hub, shared by
// the participant app, the facilitator console, the wall, the demo bots and
// the bench.
//
// Dial connects and completes the hello/welcome exchange before it returns,
// so a wrong join code (a *session.Error with code EFORBIDDEN) or a host
// that is not there (an error wrapping ErrUnreachable) is reported at once.
// From then on the client keeps itself connected: when the connection
// drops it waits (exponential backoff with jitter between
// Config.MinBackoff and Config.MaxBackoff) and resumes from the last
// sequence number it applied, with the participant's resume token, the
// facilitator token or the observer's code. Only a refused resume (close
// 4401), the facilitator removing this participant (close 4403: status
// Closed, its error errors.hub.removed), the end of the session (close
// 4410: status Ended) or Close stops it. When the facilitator stops the host of an open session (close 4503)
// the status is Paused rather than Offline: the client still keeps its
// outbox and retries until the host is back. After Ended the replica
// stays (the final road map) and Pending counts what never reached the
// host.
//
// Several nodes (issue 17): Config.URLs names further hubs of a cluster
// that serve the same session, with the same seqs, resume tokens and op
// ids (SplitURLs reads "host:port,host:port" as typed). Dial tries them in
// turn; after a lost connection the client resumes on the next node (first
// the same one when the hub closed it on purpose and may serve on: 4408,
// 4429, 4503, a normal close, a gap), exactly as it resumes on one hub, and
// re-sends its outbox under the same op ids. Config.NodeTimeout keeps a
// node that is gone from holding the room up; Node and Update.Node say
// where the client is, or is trying.
//
// The client keeps a replica of the session, built by the same reducer as
// the hub's (session.State.Apply) from the welcome's snapshot and the
// events that follow; State returns a copy. Duplicated events after a
// resume are skipped, and a gap in the sequence numbers makes the client
// reconnect and resume from its last one.
//
// Send never blocks: it puts the command in an outbox under a fresh op id
// and returns the id. The outbox is sent now when online and again, in
// order and under the same op ids, after every reconnect, until the hub
// acks or nacks each command; the hub applies an op at most once, so
// nothing is lost and nothing happens twice.
//
// In a crowd (a room of more than 250 participants) the hub tells
// participants and observers the roster as counts, not person by person:
// Crowd returns them, State().Participants holds only this participant,
// and Update.Presence says the counts changed. The hub's roster frames
// also cover the seqs of the joins it did not send, so a gap still means a
// missed event. The facilitator is always told everyone.
//
// A user interface waits on Changes and calls Drain, which returns what
// changed since the last call (events, acks, nacks, presence, status):
//
//	c, err := client.Dial(ctx, client.Config{URL: "localhost:7777", Code: "K7Q2M", Name: "Aysel", Institution: "IRIA"})
//	if err != nil { ... }
//	defer c.Close()
//	for range c.Changes() {
//		u := c.Drain()
//		render(c.State(), u)
//	}
//
// In Bubble Tea, a tea.Cmd that waits on Changes and returns a message
// does the same; issue it again after each message.
//
// Refusals (a Nack, the *session.Error of a refused hello, and this
// library's own, such as a command too long to send) carry an English
// Message and, to say it in the reader's language, Key (its id in the
// errors catalogue) and Args: the hub does not know its readers'
// languages, the app does (tui.Refusal).
package client

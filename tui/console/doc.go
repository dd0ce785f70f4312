// Package console is the facilitator console: the room at a glance, phase
// and timer control, moderation, discussion notes, the road map builder,
// its preview and export. New returns the root model; its screens get a
// desk (tui.Common, the replica, the room, the console's actions) and
// never the root itself.
package console

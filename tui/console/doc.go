// Package console is the facilitator console: the room at a glance, phase
// and timer control, moderation, discussion notes, the road map builder,
// its preview and export. New returns the root model; its screens get a
// desk (tui.Common, the replica, the room, the console's actions) and
// never the root itself.
//
// Each key means one thing in every phase (enter edits, s splits, l
// closes or opens voting, x takes off, e exports); the footer shows the
// phase's keys and always the way on, ? and q. Two overlays take their
// own keys: the export dialog (e: formats, folder, never overwriting
// silently) and the road map builder's placement (p: horizon, lead and
// supporters picked from lists that typing searches, as typed).
//
// The console speaks the language of Options.Lang (`host --lang`): every
// text it writes is in the catalogue's console area, counts go through
// the printer's plurals, and its pickers (topics, horizons, institutions)
// match what is typed by lang.Fold. Shortcuts are matched through
// tui.LatinKey, so a facilitator on a Russian or Azerbaijani layout
// presses the same keys; text typed into a field is never mapped. A
// refusal the hub explains in words is shown in the hub's words.
package console

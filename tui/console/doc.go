// Package console is the facilitator console: the room at a glance, phase
// and timer control, moderation, discussion notes, the road map builder,
// its preview and export. New returns the root model; its screens get a
// desk (tui.Common, the replica, the room, the console's actions) and
// never the root itself.
//
// The console speaks the language of Options.Lang (`host --lang`): every
// text it writes is in the catalogue's console area, counts go through
// the printer's plurals, and its pickers (topics, horizons, institutions)
// match what is typed by lang.Fold. Shortcuts are matched through
// tui.LatinKey, so a facilitator on a Russian or Azerbaijani layout
// presses the same keys; text typed into a field is never mapped. A
// refusal the hub explains in words is shown in the hub's words.
package console

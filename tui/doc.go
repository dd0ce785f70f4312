// Package tui is what Roundtable's three terminal apps share: the Shell
// every root model embeds (size, Unicode measure, styles after the
// terminal's background, the connection with its replica and status, the
// notice line, a question waiting for "y", the language key), the Common
// value it hands to screens (the person's language L, Styles, KeyMap,
// Cells, clock, size), the Conn the apps speak to (*client.Client
// satisfies it), and the join form of `roundtable join`.
//
// The apps live in tui/participant, tui/console and tui/wall; reusable
// pieces of screen (the row list with its remembered selection, the text
// area, tabs, header parts, help, big text) in tui/components. This
// package imports none of them.
package tui

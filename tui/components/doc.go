// Package components holds the pieces of screen more than one app uses: a
// List and a Picker (rows with a selection remembered by key across
// rebuilds), the Composer (a framed text area with drafts), topic Tabs,
// the header's timer and connection texts, the footer's help keys, and
// big text for projectors. They take what they need (tui.Common, styles,
// a measure) as arguments; they import tui and no app.
package components

// Package wall is `roundtable wall`: a read-only view of the session for a
// projector, drawn large, on an observer's connection. New returns the
// model; it sends no commands and takes no keys but quitting.
package wall

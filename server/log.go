package server

import "log/slog"

// discardLogger is the log of a hub that was given none.
var discardLogger = slog.New(slog.DiscardHandler)

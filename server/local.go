package server

import (
	"errors"
	"net"
	"net/http"
)

// ServeLocal serves the hub on l as well, in plain ws:// even when the host
// has TLS, until Close. It is the door for clients inside this process (the
// SSH server's participant apps, over an in-memory listener): the hub sees
// each of them at the address its connection reports, so the failed-join
// and per-address limits count the SSH client's real address, not
// loopback. l must not be reachable from outside the process. It returns
// at once; Close closes l.
func (h *Host) ServeLocal(l net.Listener) {
	go func() {
		// After Close, Serve returns at once and closes l.
		if err := h.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			h.Server.opts.Logger.Error("local http server", "err", err)
		}
	}()
}

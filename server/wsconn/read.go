package wsconn

import "time"

// Handle sets what the reader does with the client's control frames:
// control gets its pings (ping true) and pongs, which the hub answers with
// Pong as it sees fit; closed gets its close frame when the client closed
// first (the hub then answers it with the same code).
func (c *Conn) Handle(control func(ping bool, payload []byte), closed func(code int, text string)) {
	// Control frames the frame reader meets (inside a fragmented message,
	// or behind another frame in the read buffer) take the same way as
	// those Read takes between messages.
	c.ws.SetPingHandler(func(data string) error { control(true, []byte(data)); return nil })
	c.ws.SetPongHandler(func(data string) error { control(false, []byte(data)); return nil })
	c.ws.SetCloseHandler(func(code int, text string) error {
		echo := code
		if code == CloseNoStatusReceived {
			echo = CloseNormalClosure
		}
		if c.Kick(echo, "") {
			closed(code, text)
		}
		return nil
	})
}

// WaitReadable blocks until the client sends a data frame, taking its
// pings and pongs meanwhile (to control, as Handle's). Call it before each
// ReadMessage: an idle connection's goroutine then waits here with a
// shallow stack, and the websocket's frame reader, which needs a deep one,
// runs only once a message arrives. (It is small enough to be inlined, so
// that it adds no frame to that stack.)
func (c *Conn) WaitReadable(control func(ping bool, payload []byte)) error {
	return c.net.waitReadable(control)
}

// ReadMessage returns the client's next data message: TextMessage or
// BinaryMessage, and its bytes.
func (c *Conn) ReadMessage() (typ int, data []byte, err error) { return c.ws.ReadMessage() }

// ReadEnded tells the writer that the reader has ended: a close frame it
// sent then waits no longer for the client's answer. Call it once.
func (c *Conn) ReadEnded() { close(c.readDone) }

// SetReadLimit bounds the size of a message; a larger one closes the
// connection with 1009.
func (c *Conn) SetReadLimit(n int64) { c.ws.SetReadLimit(n) }

// SetReadDeadline is when Read fails unless something arrives first.
func (c *Conn) SetReadDeadline(t time.Time) error { return c.ws.SetReadDeadline(t) }

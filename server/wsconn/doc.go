// Package wsconn is the hub's websocket connection: everything between a
// ready message and the socket. It frames messages, queues them without
// blocking, writes each batch with its own deadline in as few system calls
// as it can, pings, answers pings, sends the close frame after what was
// already on its way, and reads client frames with a shallow stack while a
// connection is idle. It imports nothing of Roundtable's; gorilla/websocket
// does the upgrade and reads data frames.
//
// The hub deals in messages ([Message], [Text]): a message is encoded once
// and shared by every connection that sends it, as gorilla's
// PreparedMessage is, but written with no per-connection work and no lock
// shared between connections. A long message whose parts many messages
// share (a welcome's snapshot) is sent as pieces ([Opening], [Piece],
// [Closing]), each framed once.
//
// After the upgrade gorilla writes nothing to the socket: a [Conn]'s
// writer goroutine is its only writer, and it runs only while there is
// something to write, so that an idle connection holds no goroutine and no
// buffer for writing. With [Options].Linger set, in a burst (messages
// closer together than the linger) it waits for the next one instead of
// ending, so that a burst costs one goroutine per connection, not one per
// message: less CPU, at some memory (see Options.Linger). Its writes go through one buffered connection
// (flushconn.go), which gathers a batch and writes it at once: a burst of a
// group commit reaches a client in one write. Gorilla's own writer cannot
// do that as cheaply (about 100 ns per message through WritePreparedMessage
// against 6 ns here, and a shared snapshot would be copied for every
// welcome), and a failed write ends its connection, where a client that is
// too slow must still get its close frame after the frame a write cut.
package wsconn

package server

import (
	"context"
	"net"
	"testing"

	"github.com/gorilla/websocket"

	"roundtable/internal/memconn"
	"roundtable/protocol"
)

// TestServeLocal: the hub served on an in-process listener (as the SSH
// server's participant apps reach it) sees each client at the address its
// dialler names, so ten wrong codes from loopback do not block a client
// that is elsewhere; the hop is plain ws:// on a TLS host; Close stops it.
func TestServeLocal(t *testing.T) {
	t.Parallel()
	pki := newTestPKI(t, "host")
	h := startTestHost(t, HostConfig{TLSCert: pki.certFile, TLSKey: pki.keyFile})
	local := memconn.Listen("local")
	h.ServeLocal(local)
	dialLocal := func(remote string) *rawClient {
		t.Helper()
		addr, err := net.ResolveTCPAddr("tcp", remote)
		if err != nil {
			t.Fatal(err)
		}
		d := websocket.Dialer{NetDialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return local.Dial(ctx, addr)
		}}
		ws, _, err := d.Dial("ws://hub/ws", nil)
		if err != nil {
			t.Fatalf("dial through the local listener: %v", err)
		}
		t.Cleanup(func() { ws.Close() })
		return &rawClient{t: t, ws: ws}
	}

	// ten wrong codes from 127.0.0.1, through the local door
	for range 10 {
		c := dialLocal("127.0.0.1:40000")
		c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: "WRONG1"})
		if f := c.read(); f.Code != "EFORBIDDEN" {
			t.Fatalf("a wrong code got %+v", f)
		}
	}
	c := dialLocal("127.0.0.1:40001")
	c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: "TEST42", Name: "Local", Institution: "Loopback"})
	if f := c.read(); f.Code != "ELIMIT" {
		t.Fatalf("after ten wrong codes 127.0.0.1 got %+v", f)
	}
	// a participant the local door names 127.0.0.7 is someone else
	c = dialLocal("127.0.0.7:50123")
	c.send(protocol.Hello{T: protocol.KindHello, V: protocol.Version, Code: "TEST42", Name: "Aysel", Institution: "DOST"})
	if f := c.until("welcome", ""); f.You == "" {
		t.Fatalf("the participant from 127.0.0.7 was not welcomed: %+v", f)
	}

	h.Close()
	if _, err := local.Dial(context.Background(), nil); err == nil {
		t.Error("the local listener still accepts after Close")
	}
}

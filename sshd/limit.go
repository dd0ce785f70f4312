package sshd

import (
	"net"

	"roundtable/internal/limit"
)

// The SSH server counts wrong join codes per client address with the same
// rule and type as the hub (limit.Failures). The hub sees SSH participants
// at their own addresses too, when they reach it through Config.Dial; the
// SSH server's own count turns a wrong code away before it reaches the
// hub, in words fit for the terminal.

// addrKey is the host part of an address: every port of one machine counts
// as one client.
func addrKey(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	return limit.Key(addr.String())
}

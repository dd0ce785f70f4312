package main

import (
	"errors"
	"strings"

	"roundtable/lang"
	"roundtable/server/client"
)

// hubAddrs reads the address a client command was given: one hub, or the
// nodes of a cluster separated by commas (issue 17). What is wrong with it
// is a usage error in the reader's language, naming the bad element.
func hubAddrs(p *lang.Printer, s string) ([]string, error) {
	urls, err := client.SplitURLs(s)
	if err == nil {
		return urls, nil
	}
	var ae *client.AddressError
	switch {
	case errors.As(err, &ae) && ae.Addr == "":
		return nil, usageError{p.S("cli.address.empty_in_list", "N", ae.Index, "Arg", s)}
	case errors.As(err, &ae) && strings.Contains(s, ","):
		return nil, usageError{p.S("cli.address.bad_in_list", "N", ae.Index, "Addr", ae.Addr)}
	case errors.As(err, &ae):
		return nil, usageError{p.S("cli.address.bad", "Addr", ae.Addr)}
	}
	return nil, usagef("%v", err)
}

// hubKey is the address list as the join store files it: every node's
// URL, normalised, joined by commas.
func hubKey(host string) (string, error) {
	urls, err := client.SplitURLs(host)
	if err != nil {
		return "", err
	}
	return strings.Join(urls, ","), nil
}

// sameHub reports whether two filed address lists (hubKey) name a node in
// common: every node of a cluster serves the same session, so a token
// saved at one list is found at another that shares a node. A file written
// before lists holds one address: a list of one.
func sameHub(a, b string) bool {
	nodes := strings.Split(b, ",")
	for _, x := range strings.Split(a, ",") {
		for _, y := range nodes {
			if x == y {
				return true
			}
		}
	}
	return false
}

package main

import (
	"flag"

	"roundtable/protocol"
	"roundtable/server/client"
)

// trustFlags are a client command's flags for a wss:// host: a file of
// certificate authorities to trust, or the certificate fingerprint the host
// printed, to pin.
type trustFlags struct {
	ca          *string
	fingerprint *string
}

func addTrustFlags(fs *flag.FlagSet) trustFlags {
	return trustFlags{
		ca:          fs.String("ca", "", "PEM file of the certificate authorities to trust for a wss:// host"),
		fingerprint: fs.String("fingerprint", "", "the SHA-256 certificate fingerprint the host printed, to pin (wss:// only)"),
	}
}

// apply sets the trust settings on cfg.
func (f trustFlags) apply(cfg *client.Config) {
	cfg.CAFile = *f.ca
	cfg.Fingerprint = *f.fingerprint
}

// check refuses a fingerprint that is not one.
func (f trustFlags) check() error {
	if *f.fingerprint != "" && protocol.NormalizeFingerprint(*f.fingerprint) == "" {
		return usagef("--fingerprint %q is not a SHA-256 fingerprint (64 hex digits, colons allowed)", *f.fingerprint)
	}
	return nil
}

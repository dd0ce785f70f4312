package main

import (
	"flag"

	"roundtable/lang"
	"roundtable/protocol"
	"roundtable/server/client"
)

// trustFlags are a client command's flags for a wss:// host: a file of
// certificate authorities to trust, or the certificate fingerprint the host
// printed, to pin.
type trustFlags struct {
	ca          *string
	fingerprint *string
	p           *lang.Printer // says what is wrong with them
}

func addTrustFlags(fs *flag.FlagSet, p *lang.Printer) trustFlags {
	return trustFlags{
		ca:          fs.String("ca", "", p.S("cli.trust.flag.ca")),
		fingerprint: fs.String("fingerprint", "", p.S("cli.trust.flag.fingerprint")),
		p:           p,
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
		return usageError{f.p.S("cli.trust.bad_fingerprint", "Value", *f.fingerprint)}
	}
	return nil
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"roundtable/lang"
	"roundtable/server"
)

// tokenEnv is the environment variable that gives the facilitator token
// without showing it in the process list, as --token does.
const tokenEnv = "ROUNDTABLE_TOKEN"

// tokenFlags are the flags that give a facilitator token: --token (seen by
// anyone on the machine in `ps`), --token-file, and, when neither is
// given, $ROUNDTABLE_TOKEN.
type tokenFlags struct {
	token, file *string
	p           *lang.Printer // says what is wrong with them
}

// addTokenFlags defines --token, whose text starts with what, and
// --token-file on fs.
func addTokenFlags(fs *flag.FlagSet, p *lang.Printer, what string) tokenFlags {
	return tokenFlags{
		token: fs.String("token", "", p.S("cli.token.flag.token", "What", what, "Env", "$"+tokenEnv)),
		file:  fs.String("token-file", "", p.S("cli.token.flag.file")),
		p:     p,
	}
}

// tokenSource is where a facilitator token came from.
type tokenSource int

const (
	tokenNone tokenSource = iota
	tokenFlag
	tokenFile
	tokenEnvVar
	tokenSaved // the host's file beside the database
	tokenMade  // made at this start (and saved beside the database)
)

// resolve returns the token given on the command line or in the
// environment (getenv), and where it came from; tokenNone and "" when none
// was given.
func (f tokenFlags) resolve(getenv func(string) string) (string, tokenSource, error) {
	switch {
	case *f.token != "" && *f.file != "":
		return "", tokenNone, usageError{f.p.S("cli.token.twice")}
	case *f.file != "":
		t, err := readToken(f.p, *f.file)
		if err != nil {
			return "", tokenNone, err
		}
		return t, tokenFile, nil
	case *f.token != "":
		return *f.token, tokenFlag, nil
	}
	if t := strings.TrimSpace(getenv(tokenEnv)); t != "" {
		return t, tokenEnvVar, nil
	}
	return "", tokenNone, nil
}

// readToken reads a token file: its first line, without spaces around it.
func readToken(p *lang.Printer, path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", sayErr{p.S("cli.token.read", "Err", err), err}
	}
	line, _, _ := strings.Cut(string(data), "\n")
	t := strings.TrimSpace(line)
	if t == "" {
		return "", fmt.Errorf("%s", p.S("cli.token.empty", "Path", path))
	}
	return t, nil
}

// savedTokenPath is where the host keeps its facilitator token between
// starts: beside the database, readable by its owner only.
func savedTokenPath(db string) string { return db + ".facilitator-token" }

// savedToken returns the host's saved facilitator token, "" when there is
// none yet. A saved file open to other users is made private first.
func savedToken(p *lang.Printer, db string) (string, error) {
	path := savedTokenPath(db)
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return "", sayErr{p.S("cli.token.private", "Path", path, "Err", err), err}
		}
	}
	return readToken(p, path)
}

// hostToken chooses the facilitator token: --token-file, --token or
// $ROUNDTABLE_TOKEN when given; otherwise the one kept beside the database
// from an earlier start, so that a restart does not lock out a console
// already open elsewhere; otherwise a new one, kept once the host serves.
func hostToken(p *lang.Printer, f tokenFlags, db string) (string, tokenSource, error) {
	token, source, err := f.resolve(os.Getenv)
	if err != nil || source != tokenNone {
		return token, source, err
	}
	token, err = savedToken(p, db)
	if err != nil {
		return "", tokenNone, sayErr{p.S("cli.token.read_kept", "Err", err), err}
	}
	if token != "" {
		return token, tokenSaved, nil
	}
	// Minted here, and kept here: the hub gets only its hash.
	return server.NewToken(), tokenMade, nil
}

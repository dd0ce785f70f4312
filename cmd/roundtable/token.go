package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"roundtable/server"
	"strings"
)

// tokenEnv is the environment variable that gives the facilitator token
// without showing it in the process list, as --token does.
const tokenEnv = "ROUNDTABLE_TOKEN"

// tokenFlags are the flags that give a facilitator token: --token (seen by
// anyone on the machine in `ps`), --token-file, and, when neither is
// given, $ROUNDTABLE_TOKEN.
type tokenFlags struct {
	token, file *string
}

func addTokenFlags(fs *flag.FlagSet, what string) tokenFlags {
	return tokenFlags{
		token: fs.String("token", "", what+"; other users of this machine can read it in the process list: prefer $"+tokenEnv+" or --token-file"),
		file:  fs.String("token-file", "", "read the facilitator token from this file (its first line)"),
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
		return "", tokenNone, usagef("give the facilitator token once: --token or --token-file, not both")
	case *f.file != "":
		t, err := readToken(*f.file)
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
func readToken(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("reading the facilitator token: %w", err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	t := strings.TrimSpace(line)
	if t == "" {
		return "", fmt.Errorf("the token file %s is empty", path)
	}
	return t, nil
}

// savedTokenPath is where the host keeps its facilitator token between
// starts: beside the database, readable by its owner only.
func savedTokenPath(db string) string { return db + ".facilitator-token" }

// savedToken returns the host's saved facilitator token, "" when there is
// none yet. A saved file open to other users is made private first.
func savedToken(db string) (string, error) {
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
			return "", fmt.Errorf("making %s private: %w", path, err)
		}
	}
	return readToken(path)
}

// hostToken chooses the facilitator token: --token-file, --token or
// $ROUNDTABLE_TOKEN when given; otherwise the one kept beside the database
// from an earlier start, so that a restart does not lock out a console
// already open elsewhere; otherwise a new one, kept once the host serves.
func hostToken(f tokenFlags, db string) (string, tokenSource, error) {
	token, source, err := f.resolve(os.Getenv)
	if err != nil || source != tokenNone {
		return token, source, err
	}
	token, err = savedToken(db)
	if err != nil {
		return "", tokenNone, fmt.Errorf("reading the kept facilitator token: %w", err)
	}
	if token != "" {
		return token, tokenSaved, nil
	}
	// Minted here, and kept here: the hub gets only its hash.
	return server.NewToken(), tokenMade, nil
}

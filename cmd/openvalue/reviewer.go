package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"openvalue/server"
)

func init() {
	register("reviewer", command{summary: "manage reviewers: `reviewer add NAME --db ...` prints the new reviewer's token once", run: runReviewer})
}

func runReviewer(e env, args []string) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprintln(e.stderr, "usage: openvalue reviewer add NAME [--db FILE.db | --db postgres://...]")
		return usageError{"reviewer needs a subcommand: add"}
	}
	fs := flag.NewFlagSet("reviewer add", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	dsn := fs.String("db", "openvalue.db", "SQLite `file`, or a postgres:// URL (the server's --db)")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: openvalue reviewer add NAME [--db FILE.db | --db postgres://...]\n\nAdds a reviewer and prints their token once; only its SHA-256 is stored.")
		fs.PrintDefaults()
	}
	// NAME may come before or after the flags.
	rest := args[1:]
	var name string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if name == "" && fs.NArg() == 1 {
		name = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fs.Usage()
		return usageError{"reviewer add takes exactly one NAME"}
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 200 {
		fs.Usage()
		return usageError{"reviewer add needs a NAME of 1–200 characters"}
	}
	store, err := openStore(e.ctx, *dsn)
	if err != nil {
		return err
	}
	defer store.Close()
	token, id, err := newReviewerSecrets(rand.Reader)
	if err != nil {
		return err
	}
	err = store.AddReviewer(e.ctx, server.Reviewer{ID: id, Name: name, TokenHash: server.HashToken(token), CreatedAt: time.Now().UTC()})
	if errors.Is(err, server.ErrConflict) {
		return fmt.Errorf("a reviewer named %q exists already", name)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "reviewer %q added; their token (shown only now; send it as Authorization: Bearer <token>):\n", name)
	_, err = fmt.Fprintln(e.stdout, token)
	return err
}

// newReviewerSecrets returns a 256-bit token and a 128-bit id, base64url.
func newReviewerSecrets(r io.Reader) (token, id string, err error) {
	b := make([]byte, 48)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:32]), base64.RawURLEncoding.EncodeToString(b[32:]), nil
}

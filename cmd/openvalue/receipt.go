package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"openvalue/receipt"
)

func init() {
	register("receipt", command{summary: "check a signed receipt offline (`receipt verify FILE --keys FILE`), or rotate the signing key (`receipt rotate --key FILE`)", run: runReceipt})
}

func runReceipt(e env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "verify":
			return runReceiptVerify(e, args[1:])
		case "rotate":
			return runReceiptRotate(e, args[1:])
		}
	}
	fmt.Fprintln(e.stderr, "usage: openvalue receipt verify FILE|- (--keys JWKS_FILE | --key KEY_FILE) [--submission FILE] [--result FILE]\n       openvalue receipt rotate --key KEY_FILE")
	return usageError{"receipt needs a subcommand: verify or rotate"}
}

// runReceiptVerify checks a receipt's signature against saved public keys (the JSON of
// GET /api/v1/keys) or a key file, without any network access. FILE may hold the receipt
// itself or any answer that carries one in a "receipt" member (the 201 of POST /submissions,
// the answer of /verify). With --submission/--result it also checks the hashes.
func runReceiptVerify(e env, args []string) error {
	fs := flag.NewFlagSet("receipt verify", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	keysFile := fs.String("keys", "", "public keys `file`: the JSON of GET /api/v1/keys")
	keyFile := fs.String("key", "", "or the server's key `file` (--key of openvalue serve)")
	subFile := fs.String("submission", "", "also check the receipt covers this submission document `file`")
	reviewFile := fs.String("review", "", "also check the receipt covers this review object `file`")
	resFile := fs.String("result", "", "also check the receipt covers this result document `file`")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: openvalue receipt verify FILE|- (--keys JWKS_FILE | --key KEY_FILE) [--submission FILE] [--review FILE] [--result FILE]")
		fs.PrintDefaults()
	}
	// FILE may come before the flags.
	var file string
	if len(args) > 0 && (args[0] == "-" || len(args[0]) > 0 && args[0][0] != '-') {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 || file == "" {
		fs.Usage()
		return usageError{"receipt verify takes exactly one FILE (or -)"}
	}
	if (*keysFile == "") == (*keyFile == "") {
		fs.Usage()
		return usageError{"receipt verify needs exactly one of --keys or --key (keys are never fetched)"}
	}
	var keys receipt.KeySet
	if *keysFile != "" {
		b, err := os.ReadFile(*keysFile)
		if err != nil {
			return err
		}
		if keys, err = receipt.ParseJWKS(b); err != nil {
			return err
		}
	} else {
		b, err := os.ReadFile(*keyFile)
		if err != nil {
			return err
		}
		k, err := receipt.ParseKeyring(b)
		if err != nil {
			return err
		}
		keys = k.KeySet()
	}
	data, err := readInput(e, file)
	if err != nil {
		return err
	}
	data = receiptOf(data)
	rc, err := receipt.Verify(data, keys)
	if err == nil && (*subFile != "" || *resFile != "" || *reviewFile != "") {
		err = checkHashes(rc, *subFile, *reviewFile, *resFile)
	}
	if err != nil {
		if errors.Is(err, receipt.ErrMalformed) || errors.Is(err, receipt.ErrBadSignature) ||
			errors.Is(err, receipt.ErrUnknownKey) || errors.Is(err, receipt.ErrMismatch) {
			doc, _ := json.Marshal(map[string]any{"error": map[string]any{"code": "invalid_receipt", "message": err.Error(), "fields": []any{}}})
			fmt.Fprintf(e.stdout, "%s\n", doc)
			return exitError{2}
		}
		return err
	}
	fmt.Fprintf(e.stdout, "receipt %s OK: %s, submission %s, methodology %s, issued %s, key %s\n",
		rc.ID(), rc.Status, orDash(rc.SubmissionID), rc.Methodology, rc.IssuedAt, rc.KeyID)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// receiptOf returns the "receipt" member of an answer that carries one, else data itself.
func receiptOf(data []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) == nil {
		if r, ok := m["receipt"]; ok && len(r) > 0 && r[0] == '{' {
			return r
		}
	}
	return data
}

// checkHashes compares the receipt's hashes with the files given (each exactly the bytes
// that were hashed: the submission as sent, the review object, the result document).
func checkHashes(rc receipt.Receipt, subFile, reviewFile, resFile string) error {
	for _, c := range []struct{ file, want, name string }{
		{subFile, rc.SubmissionSHA256, "submission_sha256"},
		{reviewFile, rc.ReviewSHA256, "review_sha256"},
		{resFile, rc.ResultSHA256, "result_sha256"},
	} {
		if c.file == "" {
			continue
		}
		b, err := os.ReadFile(c.file)
		if err != nil {
			return err
		}
		if receipt.Hash(b) != c.want {
			return fmt.Errorf("%w: %s differs from the SHA-256 of %s", receipt.ErrMismatch, c.name, c.file)
		}
	}
	return nil
}

// readInput reads FILE or stdin ("-").
func readInput(e env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(io.LimitReader(e.stdin, 1<<20))
	}
	return os.ReadFile(name)
}

// runReceiptRotate adds a fresh signing key to a key file. The previous keys stay listed, so
// receipts they signed still verify; with --retire their private halves are replaced by
// their public keys ("pub:..."), so they can no longer sign.
func runReceiptRotate(e env, args []string) error {
	fs := flag.NewFlagSet("receipt rotate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	keyFile := fs.String("key", "", "the server's key `file`")
	retire := fs.Bool("retire", false, "replace the old private keys by their public keys")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if *keyFile == "" || fs.NArg() > 0 {
		return usageError{"usage: openvalue receipt rotate --key FILE [--retire]"}
	}
	old, err := os.ReadFile(*keyFile)
	if err != nil {
		return err
	}
	if _, err := receipt.ParseKeyring(old); err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}
	if *retire {
		if old, err = retireSeeds(old); err != nil {
			return err
		}
	}
	seed, err := receipt.NewSeed(rand.Reader)
	if err != nil {
		return err
	}
	if len(old) > 0 && old[len(old)-1] != '\n' {
		old = append(old, '\n')
	}
	next := append(old, []byte(seed+"\n")...)
	k, err := receipt.ParseKeyring(next)
	if err != nil {
		return err
	}
	tmp := *keyFile + ".tmp"
	if err := os.WriteFile(tmp, next, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, *keyFile); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "new signing key %s; restart the server to use it\n", k.ActiveKeyID())
	return nil
}

// retireSeeds replaces every seed token of key material by its "pub:" token, keeping comments.
func retireSeeds(material []byte) ([]byte, error) {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter(material, []byte("\n")) {
		body, comment := line, []byte(nil)
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			body, comment = line[:i], line[i:]
		}
		fields := bytes.FieldsFunc(body, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' || r == '\n' })
		for i, f := range fields {
			if bytes.HasPrefix(f, []byte("pub:")) {
				out.Write(f)
			} else {
				p, err := receipt.PublicToken(string(f))
				if err != nil {
					return nil, err
				}
				out.WriteString(p)
			}
			if i < len(fields)-1 {
				out.WriteByte(' ')
			}
		}
		if len(comment) > 0 {
			if len(fields) > 0 {
				out.WriteByte(' ')
			}
			out.Write(comment)
		} else if len(fields) > 0 {
			out.WriteByte('\n')
		}
	}
	return out.Bytes(), nil
}

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"openvalue/scoring"
)

func init() {
	register("score", command{summary: "score a submission document (FILE or - for stdin); prints the result document", run: runScore})
}

// runScore prints the result document of one submission (exit 0), or its error document (exit 2).
// Both go to stdout with a trailing newline, byte for byte what testdata/golden/*.out.json hold.
func runScore(e env, args []string) error {
	fs := flag.NewFlagSet("score", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: openvalue score FILE|-\n\nScores one submission document (methodology "+scoring.Methodology+").\nPrints the result document, or the error document with exit status 2 for an invalid submission.")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"score takes exactly one argument: FILE or -"}
	}
	doc, err := readSubmission(e, fs.Arg(0))
	if err != nil {
		return err
	}
	out, err := scoring.ScoreJSON(doc)
	var ve *scoring.ValidationError
	switch {
	case errors.As(err, &ve):
		if _, werr := fmt.Fprintf(e.stdout, "%s\n", out); werr != nil {
			return werr
		}
		return exitError{2}
	case err != nil:
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s\n", out)
	return err
}

// readSubmission reads FILE or stdin, at most one byte past the engine's limit, so a huge input is
// refused by ScoreJSON (with the usual error document) without reading it all into memory.
func readSubmission(e env, name string) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	doc, err := io.ReadAll(io.LimitReader(r, scoring.MaxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read submission: %w", err)
	}
	return doc, nil
}

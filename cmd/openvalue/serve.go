package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"openvalue/receipt"
	"openvalue/server"
	"openvalue/server/pdf"
	"openvalue/server/sqlite"
	"openvalue/web"
)

func init() {
	register("serve", command{summary: "serve the web app and the verification API (SQLite file or PostgreSQL)", run: runServe})
}

// signingKeyEnv holds key material (receipt.ParseKeyring's format) instead of a key file;
// it is how containers and the edge receive the key.
const signingKeyEnv = "OPENVALUE_SIGNING_KEY"

// http.Server limits: slow or stuck clients cannot hold connections forever.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	maxHeaderBytes    = 64 << 10
	shutdownTimeout   = 10 * time.Second
)

func runServe(e env, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` (host:port; port 0 picks a free one)")
	dsn := fs.String("db", "openvalue.db", "SQLite `file`, or a postgres:// URL")
	keyFile := fs.String("key", "", "signing key `file` (created with a new key, mode 0600, when absent); default: the database file + \".key\", or openvalue.key for PostgreSQL; $"+signingKeyEnv+" takes precedence")
	maxBody := fs.Int64("max-body", server.DefaultMaxBodyBytes, "request body limit in `bytes`")
	embed := fs.String("embed-ancestors", "*", "origins allowed to frame the embeddable calculator, space-separated (CSP frame-ancestors), or 'none'")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: openvalue serve [--addr 127.0.0.1:8080] [--db FILE.db | --db postgres://...] [--key FILE]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usageError{"serve takes no positional arguments"}
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	server.TuneGC(e.getenv("GOGC")) // fewer collections of the per-request garbage (server/gc.go)

	store, err := openStore(e.ctx, *dsn)
	if err != nil {
		return err
	}
	defer store.Close()

	if *keyFile == "" {
		*keyFile = "openvalue.key"
		if !isPostgres(*dsn) {
			*keyFile = *dsn + ".key"
		}
	}
	keys, keySource, err := loadKeys(e.getenv(signingKeyEnv), *keyFile)
	if err != nil {
		return err
	}
	var ancestors []string
	switch a := strings.TrimSpace(*embed); a {
	case "*":
	case "", "none", "'none'":
		ancestors = []string{} // no one may frame it
	default:
		ancestors = strings.Fields(a)
	}

	h := server.New(server.Config{
		Store:          store,
		Keys:           keys,
		Web:            web.FS,
		PDF:            pdf.Render,
		EmbedAncestors: ancestors,
		MaxBodyBytes:   *maxBody,
		Logger:         log,
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := httpServer(h, log)
	fmt.Fprintf(e.stderr, "openvalue: serving http://%s (store %s, receipts signed with key %s from %s)\n",
		ln.Addr(), storeName(*dsn), keys.ActiveKeyID(), keySource)

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-e.ctx.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// httpServer wraps the handler in an http.Server whose every phase has a deadline, so slow or
// stuck clients (slowloris) cannot hold connections and memory forever.
func httpServer(h http.Handler, log *slog.Logger) *http.Server {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	corkAnswers(srv) // one TCP segment per answer where the network allows (serve_cork_linux.go)
	return srv
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// storeName is the store for the start-up line, without a PostgreSQL password.
func storeName(dsn string) string {
	if isPostgres(dsn) {
		if i := strings.LastIndexByte(dsn, '@'); i >= 0 {
			return "postgres://…" + dsn[i:]
		}
		return "postgres"
	}
	return "sqlite " + dsn
}

// openStore opens the SQLite file or the PostgreSQL database of dsn, migrated.
func openStore(ctx context.Context, dsn string) (server.Store, error) {
	if isPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return sqlite.Open(dsn)
}

// loadKeys reads the signing keys from the environment's key material, or from the key
// file, which is created with a fresh key (mode 0600) when absent.
func loadKeys(envMaterial, file string) (*receipt.Keyring, string, error) {
	if strings.TrimSpace(envMaterial) != "" {
		k, err := receipt.ParseKeyring([]byte(envMaterial))
		if err != nil {
			return nil, "", fmt.Errorf("$%s: %w", signingKeyEnv, err)
		}
		return k, "$" + signingKeyEnv, nil
	}
	b, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		if b, err = createKeyFile(file); err != nil {
			return nil, "", err
		}
		k, err := receipt.ParseKeyring(b)
		return k, file + " (new)", err
	}
	if err != nil {
		return nil, "", fmt.Errorf("key file: %w", err)
	}
	k, err := receipt.ParseKeyring(b)
	if err != nil {
		return nil, "", fmt.Errorf("key file %s: %w", file, err)
	}
	return k, file, nil
}

// keyFileHeader explains the key file to whoever opens it.
const keyFileHeader = `# openvalue receipt signing keys (receipt.ParseKeyring format). Keep this file secret (mode 0600).
# One key per line: a base64url Ed25519 seed signs; "pub:<base64url public key>" only verifies.
# The LAST seed signs new receipts; every key listed is published at /api/v1/keys.
# Rotate with: openvalue receipt rotate --key THIS_FILE   (then restart the server)
`

// createKeyFile writes a new key file with one fresh key; O_EXCL, so two servers starting
// at once cannot both create (and disagree on) the key.
func createKeyFile(file string) ([]byte, error) {
	seed, err := receipt.NewSeed(rand.Reader)
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(file); dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("key file: %w", err)
		}
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) { // created meanwhile by another process
		return os.ReadFile(file)
	}
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	content := []byte(keyFileHeader + seed + "\n")
	if _, err := f.Write(content); err != nil {
		f.Close()
		return nil, fmt.Errorf("key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, fmt.Errorf("key file: %w", err)
	}
	return content, f.Close()
}

// Package sqlite keeps the server's drafts, submissions, reviews and reviewers in one SQLite file,
// through modernc.org/sqlite (pure Go, CGO_ENABLED=0). *DB implements server.Store and passes
// server/storetest.
//
// Durability. The database runs in WAL mode with synchronous=FULL: a write method returns only
// after the WAL frames of its transaction have been synced to the disk, so a submission acknowledged with 201
// survives a SIGKILL of the process and also a power loss. (synchronous=NORMAL would survive
// SIGKILL, since the frames sit in the kernel's page cache once write(2) returns, but not a power
// cut; group commit below makes FULL cheap enough that the weaker setting buys nothing worth
// its risk.)
//
// Commits sync with fdatasync(2), as SQLite does on every Linux distribution (its configure
// script finds fdatasync; modernc.org/sqlite, transpiled without that check, keeps fsync unless
// told, see sqlite.Fdatasync). fdatasync writes the data and the metadata needed to read it back,
// the file's size included, so what a commit makes durable is the same; it leaves out the
// timestamps, whose update otherwise makes each commit wait for a journal commit of the file
// system (ext4), shared with every other file being written on the disk. A/B on the shared
// machine: see docs/benchmarks.md (Server, session 2).
//
// Throughput. SQLite has one writer at a time, and each durable commit costs an fsync (0.3–2 ms
// on this machine's disk when it is quiet). All writes therefore go through a single goroutine
// that owns the only write connection: it takes every write waiting at that moment into one
// transaction (group commit), so one fsync acknowledges a whole batch, and writes never wait on
// SQLITE_BUSY among themselves. A write that
// fails for a reason of its own makes the batch roll back and rerun one write per transaction,
// so it cannot fail the others. Reads use a separate pool of query-only connections, which WAL
// lets run alongside the writer and which see every acknowledged write.
//
// Checkpoints. Copying the WAL back into the database file (and fsyncing that file) would, by
// SQLite's default, happen inside a commit every 1000 pages, about every 130 submissions, and
// stall every write queued behind it. Here a separate connection checkpoints in the background
// (PASSIVE: it never blocks the writer), at most every checkpointEvery while writes arrive; the
// writer's own automatic checkpoint is only a backstop, at 16384 pages (64 MiB of WAL).
// After each checkpoint that copied pages, the checkpointer also syncs the database file itself
// (fdatasync): SQLite syncs it only when a checkpoint ends with the whole WAL copied, no commit
// having landed meanwhile, which under a steady stream of commits happened every ~70 ms, so each
// of its syncs flushed ~5 MB at once, and the commits' syncs of the WAL waited behind that burst
// on the shared disk (commits of 10–25 ms, the submissions' p99). Syncing each checkpoint's ~1 MB
// as it is written keeps those flushes small. It only ever makes the file more durable than
// SQLite asks.
//
// Schema migrations are embedded (migrations/NNNN_name.sql) and applied in order at Open, each in
// its own transaction, recorded in schema_migrations; several processes opening the same file
// serialise on SQLite's write lock.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"openvalue/server"

	msqlite "modernc.org/sqlite" // also registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// maxBatch bounds the writes committed together: large enough to amortise an fsync over a burst
// of concurrent submissions, small enough that one batch of ~50 KB documents stays a few MB.
const maxBatch = 128

// busyTimeout is how long a connection waits for a lock held by another process (two servers, or
// `openvalue reviewer add` against a live file) before failing with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// checkpointEvery paces the background checkpoints: about 30 submissions (~0.8 MB, ~200 pages)
// of WAL at 3,000 submissions/s. Small checkpoints often rather than large ones rarely: each
// one's burst of page copies (CPU the request goroutines and the writer also need; a checkpoint
// holds one of the two cores for its whole length) and its sync of the database file (which
// shares the disk with the commits' syncs) stay short. Slow commits coincide with checkpoints:
// at 25 ms, commits of 10 ms or more overlapped a running checkpoint 2/3 of the time while
// checkpoints ran 22 % of the time. A/B of `make bench-server`'s submissions phase (16
// connections, wrk, alternating runs on the shared machine at load 2.6–5.6, see
// docs/benchmarks.md): p99 100 ms → ~40 ms, 25 ms → 20–25 ms, 10 ms → 13–19 ms (one run 35),
// 5 ms → 13–22 ms, 1 ms → 26–63 ms; at 10 ms 5–10 % fewer submissions/s than at 25 ms and ~30 µs
// more CPU each (more, smaller checkpoints, each with its two syncs).
const checkpointEvery = 10 * time.Millisecond

// ErrClosed is returned by writes after Close.
var ErrClosed = errors.New("sqlite: database is closed")

// DB is an open SQLite store. It is safe for concurrent use.
type DB struct {
	write *sql.DB  // exactly one connection; in transactions only the writer goroutine uses it
	read  *sql.DB  // query-only pool; the same as write for an in-memory database
	ckpt  *sql.DB  // one connection for background checkpoints; nil for an in-memory database
	file  *os.File // the database file, opened read-only to sync it after checkpoints; nil in memory
	st    statements

	reruns    atomic.Int64  // batches rerun one write at a time (tests)
	fileSyncs atomic.Int64  // syncs of the database file after checkpoints (tests)
	kick      chan struct{} // capacity 1: "the WAL grew", from the writer to the checkpointer
	ckptDone  chan struct{}

	ops       chan *op // unbuffered: a write is either taken by the writer or not sent at all
	quit      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// op is one write waiting for the writer goroutine.
type op struct {
	ctx context.Context // the caller's; checked before the write starts, not during it
	fn  func(ctx context.Context, tx *sql.Tx) error
	err chan error
}

// Open opens (creating if needed) the SQLite database dsn and migrates it to the latest schema.
// dsn is a file path, a "file:" URI, or ":memory:" for a private in-memory database (tests);
// query parameters of modernc.org/sqlite may be appended. Open sets WAL, synchronous=FULL, a busy
// timeout and foreign keys itself.
func Open(dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("sqlite: open: empty dsn")
	}
	memory := isMemory(dsn)
	// Process-wide, and harmless where unavailable (macOS, Windows: SQLite's own syncs stay).
	_, _ = msqlite.Fdatasync(true)
	common := []string{
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()),
		"_pragma=foreign_keys(1)",
	}
	write, err := sql.Open("sqlite", withParams(dsn, append(common,
		"_pragma=journal_mode(WAL)", "_pragma=synchronous(FULL)", "_txlock=immediate",
		// After a burst, truncate the WAL back to 64 MiB once it has been checkpointed and reset.
		"_pragma=journal_size_limit(67108864)", "_pragma=wal_autocheckpoint(16384)")...))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", dsn, err)
	}
	// One connection, kept forever: an in-memory database lives exactly as long as it.
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)

	db := &DB{write: write, read: write, ops: make(chan *op), quit: make(chan struct{}), done: make(chan struct{}),
		kick: make(chan struct{}, 1), ckptDone: make(chan struct{})}
	fail := func(what string, err error) (*DB, error) {
		db.closeDBs()
		return nil, fmt.Errorf("sqlite: open %s: %s: %w", dsn, what, err)
	}
	ctx := context.Background()
	if !memory {
		mode, err := journalMode(ctx, write)
		if err != nil {
			return fail("journal mode", err)
		}
		if !strings.EqualFold(mode, "wal") {
			return fail("journal mode", fmt.Errorf("got %q, want wal", mode))
		}
	}
	if err := migrate(ctx, write); err != nil {
		return fail("migrate", err)
	}
	if !memory {
		db.read, err = sql.Open("sqlite", withParams(dsn, append(common, "_pragma=query_only(1)")...))
		if err != nil {
			return fail("read pool", err)
		}
		n := 2 * runtime.GOMAXPROCS(0)
		db.read.SetMaxOpenConns(n)
		db.read.SetMaxIdleConns(n)
		db.ckpt, err = sql.Open("sqlite", withParams(dsn, common...))
		if err != nil {
			return fail("checkpoint connection", err)
		}
		db.ckpt.SetMaxOpenConns(1)
		if db.file, err = openMainFile(ctx, db.ckpt); err != nil {
			return fail("database file", err)
		}
	}
	if err := db.st.prepare(ctx, db.write, db.read); err != nil {
		return fail("prepare", err)
	}
	go db.writer()
	if db.ckpt != nil {
		go db.checkpointer()
	} else {
		close(db.ckptDone)
	}
	return db, nil
}

// Close stops the writer after the batch in progress and closes every connection; the last one
// to close checkpoints the WAL into the database file.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		close(db.quit)
		<-db.done
		<-db.ckptDone
		db.st.close()
		db.closeErr = db.closeDBs()
	})
	return db.closeErr
}

func (db *DB) closeDBs() error {
	var errs []error
	if db.read != db.write && db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.ckpt != nil {
		errs = append(errs, db.ckpt.Close())
	}
	errs = append(errs, db.write.Close())
	if db.file != nil {
		// Last: closing any descriptor of the file drops the process's POSIX locks on it, which
		// SQLite's connections rely on (see openMainFile).
		errs = append(errs, db.file.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// journalMode opens the write connection, which switches a new file to WAL, and reads the mode
// back. Switching needs the file to itself, and when two connections each hold a shared lock and
// want it, SQLite refuses one at once instead of calling its busy handler (which could only wait
// for a deadlock), so processes (or stores) opening one new file together retry here until
// busyTimeout. TestOpen_Concurrent failed 10–14 times in 300 without it.
func journalMode(ctx context.Context, write *sql.DB) (string, error) {
	deadline := time.Now().Add(busyTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		var mode string
		err := write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
		var se *msqlite.Error
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().Add(wait).After(deadline) {
			return mode, err
		}
		time.Sleep(wait)
	}
}

// openMainFile opens the file of the connection's main database read-only (enough to sync it),
// by the name SQLite resolved from the dsn. SQLite locks the file with POSIX advisory locks, which
// belong to the process and are all dropped when it closes any descriptor of the file: this one is
// closed only after every connection of the store (Close), so a process must not keep another
// store or connection open on the same file past a store's Close (the server opens one).
func openMainFile(ctx context.Context, conn *sql.DB) (*os.File, error) {
	var seq int
	var name, file string
	if err := conn.QueryRowContext(ctx, "PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		return nil, err
	}
	if name != "main" || file == "" {
		return nil, fmt.Errorf("database_list: got %q at %q, want the main database's file", name, file)
	}
	return os.Open(file)
}

// isMemory reports whether dsn names an in-memory database, which exists only on its one
// connection, so it cannot have a separate read pool.
func isMemory(dsn string) bool {
	return strings.HasPrefix(dsn, ":memory:") || strings.HasPrefix(dsn, "file::memory:") ||
		strings.Contains(dsn, "mode=memory")
}

// withParams appends query parameters to a dsn that may already carry some.
func withParams(dsn string, params ...string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + strings.Join(params, "&")
}

// exec runs fn in the writer goroutine, inside a transaction shared with the other writes
// waiting at the same moment, and returns once that transaction is durable (or has failed).
// fn must make no change when it returns server.ErrNotFound or server.ErrConflict: those
// outcomes commit with the rest of the batch.
func (db *DB) exec(ctx context.Context, fn func(ctx context.Context, tx *sql.Tx) error) error {
	o := &op{ctx: ctx, fn: fn, err: make(chan error, 1)}
	select {
	case db.ops <- o:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.quit:
		return ErrClosed
	}
	// Once taken, the write is in a batch that may already be committing: wait for its outcome
	// rather than report a cancellation for a write that did happen.
	return <-o.err
}

// writer owns the write connection: it takes the next write, everything else already waiting
// (up to maxBatch), and commits them together.
func (db *DB) writer() {
	defer close(db.done)
	batch := make([]*op, 0, maxBatch)
	for {
		select {
		case o := <-db.ops:
			batch = append(batch[:0], o)
		case <-db.quit:
			return
		}
	fill:
		for len(batch) < maxBatch {
			select {
			case o := <-db.ops:
				batch = append(batch, o)
			default:
				break fill
			}
		}
		db.commit(batch)
		clear(batch) // drop references to finished callers' documents
		select {
		case db.kick <- struct{}{}:
		default: // a checkpoint is already due
		}
	}
}

// checkpointer copies committed WAL frames into the database file in the background, at most
// every checkpointEvery, while writes keep arriving. A PASSIVE checkpoint takes no lock the writer
// needs; once it has caught up, the writer's next transaction starts the WAL over from its
// beginning. An error (the disk, say) is not fatal to writes, which stay durable in the WAL; the
// writer's backstop checkpoint will report a lasting one on a commit.
func (db *DB) checkpointer() {
	defer close(db.ckptDone)
	ctx := context.Background()
	pace := time.NewTimer(0)
	defer pace.Stop()
	synced := 0 // the checkpointed frame count at the last sync of the database file
	for {
		select {
		case <-db.kick:
		case <-db.quit:
			return
		}
		var busy, frames, copied int
		err := db.ckpt.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
		var need bool
		if need, synced = checkpointSync(err, copied, synced); need && datasync(db.file) == nil {
			db.fileSyncs.Add(1)
		}
		pace.Reset(checkpointEvery)
		select {
		case <-pace.C:
		case <-db.quit:
			return
		}
	}
}

// checkpointSync decides, after a checkpoint that reported err and the frames it has copied since
// the WAL last started over, whether the database file needs a sync of ours; synced is the copied
// count at the last sync, and the count to remember is returned. Any checkpoint that wrote pages
// gets one, even one that reports it caught up: SQLite syncs the file only if no commit landed
// while it copied, and what it reports (the WAL as it was when it began) does not say. After one
// that did sync, ours finds nothing to write. An equal count after a restart of the WAL skips a
// sync, which costs nothing but smoothness.
func checkpointSync(err error, copied, synced int) (need bool, now int) {
	if err != nil || copied == 0 || copied == synced {
		return false, synced // nothing new in the database file
	}
	return true, copied
}

// commit applies a batch in one transaction and reports each write's outcome.
func (db *DB) commit(batch []*op) {
	ctx := context.Background() // one caller's cancellation must not abort the others' writes
	live := make([]*op, 0, len(batch))
	for _, o := range batch {
		if err := o.ctx.Err(); err != nil {
			o.err <- err // not started: nothing was written
			continue
		}
		live = append(live, o)
	}
	if len(live) == 0 {
		return
	}
	errs := make([]error, len(live))
	opFailed := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for i, o := range live {
			errs[i] = o.fn(ctx, tx)
			if errs[i] != nil && !expected(errs[i]) {
				opFailed = true
				return errs[i]
			}
		}
		return nil
	})
	switch {
	case err == nil:
		for i, o := range live {
			o.err <- errs[i]
		}
	case opFailed && len(live) > 1:
		// One write failed for a reason of its own: nothing was kept, so run each write alone,
		// and only the faulty one fails.
		db.reruns.Add(1)
		for _, o := range live {
			o.err <- db.inTx(ctx, func(tx *sql.Tx) error { return o.fn(ctx, tx) })
		}
	default:
		// BEGIN or COMMIT failed (a lock held elsewhere past the busy timeout, a full disk):
		// nothing was kept, and retrying each write would only repeat the wait.
		for _, o := range live {
			o.err <- err
		}
	}
}

// inTx runs fn in a BEGIN IMMEDIATE transaction (the _txlock of the write connection) and commits
// it unless fn fails.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback() // the error that matters is fn's; SQLite may have rolled back already
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// expected reports whether err is an outcome a write reports without having changed anything.
func expected(err error) bool {
	return errors.Is(err, server.ErrNotFound) || errors.Is(err, server.ErrConflict)
}

// micros converts a time to the stored form, Unix microseconds.
func micros(t time.Time) int64 { return t.UnixMicro() }

// fromMicros converts the stored form back to a UTC time.
func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// blob stores nil as an empty blob: the columns are NOT NULL, and an absent receipt or document
// is still a value, not SQL's unknown.
func blob(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// rowsAffected returns the rows changed by an exec.
func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// changedOr returns the error of an exec that rowsAffected reported on, or none when the exec
// changed no row: an INSERT ... ON CONFLICT DO NOTHING that met an existing key, or an UPDATE
// whose row does not exist.
func changedOr(n int64, err, none error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return none
	}
	return nil
}

var _ server.Store = (*DB)(nil)

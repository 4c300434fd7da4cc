-- 0001: drafts, submissions with their latest result, the review audit trail, reviewers.
-- Times are Unix microseconds (UTC), the precision PostgreSQL keeps, so both stores round-trip alike.
-- Tokens are SHA-256 hashes; the secrets themselves are never stored.

CREATE TABLE drafts (
	id         TEXT PRIMARY KEY,
	token_hash BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	document   BLOB NOT NULL
);

-- seq orders rows by insertion (ties of created_at in the review queue) and keeps the table a
-- rowid table, which suits rows whose large document spills into overflow pages.
CREATE TABLE submissions (
	seq        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	token_hash BLOB NOT NULL,
	status     TEXT NOT NULL,
	version    INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	result     BLOB NOT NULL,
	receipt    BLOB NOT NULL,
	document   BLOB NOT NULL
);
CREATE INDEX submissions_queue ON submissions (status, created_at, seq);

CREATE TABLE reviews (
	seq           INTEGER PRIMARY KEY,
	id            TEXT NOT NULL UNIQUE,
	submission_id TEXT NOT NULL REFERENCES submissions (id),
	reviewer_id   TEXT NOT NULL,
	reviewer_name TEXT NOT NULL,
	base_version  INTEGER NOT NULL,
	status        TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	decisions     BLOB NOT NULL,
	result        BLOB NOT NULL,
	receipt       BLOB NOT NULL
);
CREATE INDEX reviews_submission ON reviews (submission_id, seq);

CREATE TABLE reviewers (
	seq        INTEGER PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL UNIQUE,
	token_hash BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL
);

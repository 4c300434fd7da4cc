-- 0001: drafts, submissions with their latest result, the review audit trail, reviewers.
-- The same tables as server/sqlite's 0001. Tokens are SHA-256 hashes; the secrets are never stored.

CREATE TABLE drafts (
	id         text PRIMARY KEY,
	token_hash bytea NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	document   bytea NOT NULL
);

-- seq breaks ties of created_at in the review queue and orders a submission's reviews (they are
-- inserted while the submission's row is locked, so seq follows the version chain).
CREATE TABLE submissions (
	seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id         text NOT NULL UNIQUE,
	token_hash bytea NOT NULL,
	status     text NOT NULL,
	version    integer NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	result     bytea NOT NULL,
	receipt    bytea NOT NULL,
	document   bytea NOT NULL
);
CREATE INDEX submissions_queue ON submissions (status, created_at, seq);

CREATE TABLE reviews (
	seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id            text NOT NULL UNIQUE,
	submission_id text NOT NULL REFERENCES submissions (id),
	reviewer_id   text NOT NULL,
	reviewer_name text NOT NULL,
	base_version  integer NOT NULL,
	status        text NOT NULL,
	created_at    timestamptz NOT NULL,
	decisions     bytea NOT NULL,
	result        bytea NOT NULL,
	receipt       bytea NOT NULL
);
CREATE INDEX reviews_submission ON reviews (submission_id, seq);

CREATE TABLE reviewers (
	seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id         text NOT NULL UNIQUE,
	name       text NOT NULL UNIQUE,
	token_hash bytea NOT NULL UNIQUE,
	created_at timestamptz NOT NULL
);

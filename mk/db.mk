# Database tests (issue 7, storage). `make test-postgres` runs server/postgres's tests, the store
# conformance suite included, against a throwaway PostgreSQL 15: a cluster made with initdb in a
# temp dir, started on a free loopback port, always stopped and removed afterwards, pass or fail.
# PostgreSQL 15's server binaries are installed with apt when missing. (SQLite needs nothing:
# its tests run in test-go.)

PG_BIN ?= /usr/lib/postgresql/15/bin

TEST_TARGETS += test-postgres
BENCH_TARGETS += bench-store

.PHONY: test-postgres bench-store

test-postgres:
	@set -euo pipefail; \
	if [ ! -x "$(PG_BIN)/initdb" ]; then \
		echo "installing PostgreSQL 15 server binaries (apt)"; \
		SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq >/dev/null; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null; \
	fi; \
	AS=; [ "$$(id -u)" != 0 ] || AS="runuser -u postgres --"; \
	dir=$$(mktemp -d /tmp/openvalue-pg.XXXXXX); \
	cleanup() { $$AS "$(PG_BIN)/pg_ctl" -D "$$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$$dir"; }; \
	trap cleanup EXIT INT TERM; \
	[ -z "$$AS" ] || chown postgres: "$$dir"; \
	port=$$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	$$AS "$(PG_BIN)/initdb" -D "$$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$$dir/initdb.log" 2>&1 \
		|| { cat "$$dir/initdb.log"; exit 1; }; \
	$$AS "$(PG_BIN)/pg_ctl" -D "$$dir/data" -l "$$dir/server.log" -w -t 60 \
		-o "-p $$port -k $$dir -c listen_addresses=127.0.0.1" start >/dev/null \
		|| { cat "$$dir/server.log"; exit 1; }; \
	OPENVALUE_TEST_POSTGRES="postgres://postgres@127.0.0.1:$$port/postgres?sslmode=disable" \
		$(GO) test -count=1 $(PG_TEST_FLAGS) ./server/postgres/...

# SQLite store throughput: durable CreateSubmission per second, one caller and many (group commit).
bench-store:
	$(GO) test -run '^$$' -bench 'CreateSubmission|GetSubmission' -benchtime 3s ./server/sqlite/

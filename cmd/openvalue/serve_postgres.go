package main

import (
	"context"
	"errors"

	"openvalue/server"
)

// openPostgres opens the PostgreSQL store. server/postgres is not in this tree yet.
func openPostgres(ctx context.Context, dsn string) (server.Store, error) {
	return nil, errors.New("serve: the PostgreSQL store (server/postgres) is not built into this binary yet")
}

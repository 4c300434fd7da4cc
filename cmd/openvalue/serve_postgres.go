package main

import (
	"context"

	"openvalue/server"
	"openvalue/server/postgres"
)

// openPostgres opens the PostgreSQL store (several servers sharing one database), migrated.
func openPostgres(ctx context.Context, dsn string) (server.Store, error) {
	return postgres.Open(ctx, dsn)
}

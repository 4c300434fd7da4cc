package main

import (
	"context"

	"openvalue/server"
	"openvalue/server/postgres"
)

// openPostgres opens the PostgreSQL store (migrated at open; safe when several servers start at once).
func openPostgres(ctx context.Context, dsn string) (server.Store, error) {
	return postgres.Open(ctx, dsn)
}

// Package migration reads a store's embedded schema migrations, migrations/NNNN_name.sql, and
// puts them in version order. Each store (server/sqlite, server/postgres) applies them with
// its own SQL and transactions and records them in its own schema_migrations table.
package migration

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

// Step is one schema migration, applied once, in version order.
type Step struct {
	Version int
	Name    string // the file name, NNNN_description.sql
	SQL     string
}

// Load lists the migrations in fsys's migrations folder in version order. Versions are unique
// and never reused: a shipped migration is never edited, a change is a new file.
func Load(fsys fs.FS) ([]Step, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Step
	seen := map[int]string{}
	for _, path := range names {
		name := strings.TrimPrefix(path, "migrations/")
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%s: name must be NNNN_description.sql", path)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("%s: version %d already used by %s", path, v, prev)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Step{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

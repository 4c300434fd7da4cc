//go:build !linux

package sqlite

import "os"

// datasync makes f's data durable; fdatasync(2) is Linux's, elsewhere this is fsync.
func datasync(f *os.File) error { return f.Sync() }

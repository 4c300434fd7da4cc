package sqlite

import (
	"os"
	"syscall"
)

// datasync makes f's data durable with fdatasync(2), as SQLite's own syncs do here (see Open):
// without the timestamp update that would make it wait for a journal commit of the file system.
func datasync(f *os.File) error {
	for {
		err := syscall.Fdatasync(int(f.Fd()))
		if err != syscall.EINTR {
			return err
		}
	}
}

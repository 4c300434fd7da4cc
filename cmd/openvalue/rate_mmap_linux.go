//go:build linux

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// mapFile maps a whole file read-only (MAP_POPULATE: one call sets up every page, instead of
// a copy into fresh memory and a page fault per 4 KiB) and returns it as a string. The
// mapping is never removed: the batch commands keep strings of it (names, cells) until they
// exit, and the file is only read. Empty files and files mmap refuses are read normally.
func mapFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	size := st.Size()
	if size <= 0 || !st.Mode().IsRegular() || int64(int(size)) != size {
		return readString(name)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		return readString(name)
	}
	return unsafe.String(&b[0], len(b)), nil
}

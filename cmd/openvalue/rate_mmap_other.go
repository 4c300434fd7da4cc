//go:build !linux

package main

// mapFile reads a whole file (memory mapping is used on Linux only).
func mapFile(name string) (string, error) { return readString(name) }

//go:build !linux

package main

import "net/http"

// corkAnswers does nothing where TCP_CORK does not exist (see serve_cork_linux.go).
func corkAnswers(*http.Server) {}

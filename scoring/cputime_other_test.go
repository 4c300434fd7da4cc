//go:build !linux

package scoring_test

import "time"

func threadCPU() (time.Duration, bool) { return 0, false }

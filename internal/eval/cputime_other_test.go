//go:build !unix

package eval

import "time"

// cpuTime is not measured here: benchmarks report wall-clock MB/s only.
func cpuTime() (time.Duration, bool) { return 0, false }

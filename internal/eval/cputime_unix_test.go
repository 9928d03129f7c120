//go:build unix

package eval

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user and system) the test process has used so
// far, all threads together: a throughput per CPU second stays near the
// same on a machine other processes load, where wall-clock MB/s does
// not.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}

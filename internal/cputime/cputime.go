// Package cputime reports benchmark throughput per CPU second.
//
// On a machine shared with other jobs, wall time measures the load as
// much as the code; the process's CPU time (user + system, from
// getrusage) per byte is steadier. Benchmarks report it as "cpu-MB/s"
// beside Go's wall-time MB/s. It counts every goroutine of the process,
// the garbage collector's included, which is what a per-core throughput
// target means.
package cputime

import (
	"syscall"
	"testing"
	"time"
)

// Used is the CPU time this process has used so far, or 0 where
// getrusage fails.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Bench runs f once per b.Loop iteration, each processing bytes bytes,
// and reports bytes per CPU second as "cpu-MB/s" beside Go's wall-time
// MB/s and allocations.
func Bench(b *testing.B, bytes int, f func()) {
	b.Helper()
	b.SetBytes(int64(bytes))
	b.ReportAllocs()
	b.ResetTimer()
	start := Used()
	n := 0
	for b.Loop() {
		f()
		n++
	}
	if d := Used() - start; d > 0 && n > 0 {
		b.ReportMetric(float64(bytes)*float64(n)/d.Seconds()/1e6, "cpu-MB/s")
	}
}

// Command framesize measures what cutting a tar stream into independent
// zstd frames costs in size and gains in speed, with the settings quire
// writes (window 8 MiB, checksums, one encoder per frame): the figures
// behind format 2's one frame per shard (docs/BENCHMARKS.md).
//
// usage: go run ./bench/framesize TAR
//
// TAR is an uncompressed tar stream, e.g. `zstd -dc BUNDLE > TAR`. For
// each level and frame size it prints the compressed size, the ratio and
// the single-core compression speed (frames compressed one after the
// other, so the speed is per core).
package main

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/klauspost/compress/zstd"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: framesize TAR")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	fmt.Println("| level | frame | bytes | ratio | MB/s (one core) |")
	fmt.Println("|---|---:|---:|---:|---:|")
	for _, lvl := range []zstd.EncoderLevel{zstd.SpeedFastest, zstd.SpeedDefault} {
		for _, fs := range []int{len(b), 32 << 20, 8 << 20} {
			enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(lvl), zstd.WithEncoderConcurrency(1),
				zstd.WithEncoderCRC(true), zstd.WithWindowSize(8<<20))
			if err != nil {
				fail(err)
			}
			start := time.Now()
			n := 0
			var out bytes.Buffer
			for off := 0; off < len(b); off += fs {
				out.Reset()
				enc.Reset(&out)
				if _, err := enc.Write(b[off:min(off+fs, len(b))]); err != nil {
					fail(err)
				}
				if err := enc.Close(); err != nil {
					fail(err)
				}
				n += out.Len()
			}
			d := time.Since(start)
			frame := fmt.Sprintf("%d MiB", fs>>20)
			if fs == len(b) {
				frame = "one"
			}
			fmt.Printf("| %v | %s | %d | %.3f | %.0f |\n", lvl, frame, n, float64(len(b))/float64(n), float64(len(b))/1e6/d.Seconds())
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "framesize:", err)
	os.Exit(2)
}

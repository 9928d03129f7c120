package bundle

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"
)

// BenchmarkWriterMemory writes about 200 MB of ~4 KB article records
// (several full shards) through Prepare and AddChecked and reports the
// peak of the Go heap in use (sampled every 500 records) and the memory
// the runtime got from the OS: the writer's share of quire build's peak
// RSS.
func BenchmarkWriterMemory(b *testing.B) {
	const n = 40000
	base := articleRecords(200, 4000)
	opts := testOptions(b)
	for b.Loop() {
		runtime.GC()
		var peak uint64
		sample := func() {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
		w, err := NewWriter(io.Discard, opts)
		if err != nil {
			b.Fatal(err)
		}
		var tarBytes int64
		for i := range n {
			r := *base[i%len(base)]
			r.ID = fmt.Sprintf("%08d", i)
			r.Source.Name = r.ID + ".txt"
			c, err := Prepare(opts.Schema, &r)
			if err != nil {
				b.Fatal(err)
			}
			if err := w.AddChecked(c); err != nil {
				b.Fatal(err)
			}
			if i%500 == 0 {
				sample()
			}
		}
		s, err := w.Close()
		if err != nil {
			b.Fatal(err)
		}
		sample()
		tarBytes = s.TarBytes
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
		b.ReportMetric(float64(tarBytes)/1e6, "tar-MB")
	}
}

// BenchmarkReaderFile reads the bundle named by QUIRE_BUNDLE through
// Reader, as quire diff does (skipped without it).
func BenchmarkReaderFile(b *testing.B) {
	path := os.Getenv("QUIRE_BUNDLE")
	if path == "" {
		b.Skip("set QUIRE_BUNDLE to a bundle")
	}
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		rd, err := Open(bufio.NewReaderSize(f, 1<<20), CheckOptions{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		n := countRecords(b, rd)
		f.Close()
		b.ReportMetric(float64(n), "records/op")
	}
}

package gen

import (
	"context"
	"io"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// BenchmarkDoc measures generation throughput on one core (MB/s of raw
// documents, including naming by sha256).
func BenchmarkDoc(b *testing.B) {
	g := mustNew(b, Options{Seed: 1})
	var n int64
	i := 0
	for b.Loop() {
		_, data := g.Doc(i)
		n += int64(len(data))
		i++
	}
	b.SetBytes(n / int64(max(i, 1)))
}

// BenchmarkRecords measures the record mode on all cores.
func BenchmarkRecords(b *testing.B) {
	g := mustNew(b, Options{Seed: 1})
	for b.Loop() {
		if err := WriteRecords(context.Background(), io.Discard, 1000, func(i int) (*record.Record, bool) { return g.Record(i), true }); err != nil {
			b.Fatal(err)
		}
	}
}

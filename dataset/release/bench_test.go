package release

import (
	"context"
	"os"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/cputime"
)

// BenchmarkStages measures the two passes over a corpus on one core
// (run with -cpu 1; cpu-MB/s is the steady figure on a shared machine):
// "count" is the repeated-line pre-pass (list, read,
// hash and count every line), "records" the main pass (read and
// normalize every document, with the statistics). Their ratio is the
// pre-pass's share of a build's normalizing CPU. The corpus is
// QUIRE_BENCH_CORPUS, e.g. real pages:
//
//	python3 ../shared/bench/realcorpus.py ../shared/devset/cases /tmp/real64 64
//	QUIRE_BENCH_CORPUS=/tmp/real64 go test -run '^$' -bench Stages -cpu 1 -count 5 ./dataset/release
func BenchmarkStages(b *testing.B) {
	dir := os.Getenv("QUIRE_BENCH_CORPUS")
	if dir == "" {
		b.Skip("QUIRE_BENCH_CORPUS names no corpus directory")
	}
	fsys := os.DirFS(dir)
	r, err := Open(context.Background(), fsys, Options{Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.Run("count", func(b *testing.B) {
		cputime.Bench(b, int(r.Bytes()), func() {
			c, err := Open(context.Background(), fsys, Options{Workers: 1})
			if err != nil {
				b.Fatal(err)
			}
			c.Close()
		})
	})
	b.Run("records", func(b *testing.B) {
		cputime.Bench(b, int(r.Bytes()), func() {
			if err := r.Records(context.Background(), func(*record.Record) error { return nil }); err != nil {
				b.Fatal(err)
			}
		})
	})
}

package lang

import (
	"github.com/quire-archive/quire/internal/cputime"
	"io/fs"
	"testing"
)

// Benchmarks on real page text: every line of ../shared/devset (English)
// and ../shared/devset-web (mostly German; many languages). Throughput is
// bytes of page text per second, so the figures compare with the
// normalizer's (BenchmarkNormalize).

func benchPages(b *testing.B) []page {
	b.Helper()
	return append(loadDevset(b), loadWeb(b)...)
}

// BenchmarkCount counts units and stop words of every line of both dev
// sets with the list of the page's (hand-labelled) language.
func BenchmarkCount(b *testing.B) {
	pages := benchPages(b)
	total := 0
	for _, p := range pages {
		for _, l := range p.lines {
			total += len(l)
		}
	}
	sets := make([]*Set, len(pages))
	for i, p := range pages {
		sets[i] = Lang(p.lang).Stopwords()
	}
	cputime.Bench(b, total, func() {
		for i, p := range pages {
			for _, l := range p.lines {
				Count(l, sets[i])
			}
		}
	})
}

// BenchmarkDetect detects the language of every page of both dev sets,
// lines given one by one to a Sampler as the normalizer would.
func BenchmarkDetect(b *testing.B) {
	pages := benchPages(b)
	total := 0
	for _, p := range pages {
		total += p.bytes
	}
	Detect(pages[0].lines) // the lists and the detector are built once, before timing
	cputime.Bench(b, total, func() {
		for _, p := range pages {
			var s Sampler
			for _, l := range p.lines {
				s.Add(l)
			}
			s.Lang()
		}
	})
}

// BenchmarkLoad is the set-up cost, paid once per process: parsing every
// embedded list into its tables and the voting table.
func BenchmarkLoad(b *testing.B) {
	size := 0
	fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if info, err := d.Info(); err == nil && !d.IsDir() {
			size += int(info.Size())
		}
		return nil
	})
	cputime.Bench(b, size, func() {
		if _, err := parseTable(files); err != nil {
			b.Fatal(err)
		}
	})
}

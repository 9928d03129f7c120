package linecount

import (
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
)

// corpus returns n documents of line hashes: every document has a few
// lines of its own and some of a small shared pool, so counts range from
// 1 to n.
func corpus(n int, seed uint64) [][]uint64 {
	rnd := rand.New(rand.NewPCG(seed, 1))
	docs := make([][]uint64, n)
	for i := range docs {
		var hs []uint64
		for j := range 3 + rnd.IntN(5) {
			hs = append(hs, mix(uint64(i)<<20|uint64(j)))
		}
		for range rnd.IntN(12) {
			hs = append(hs, mix(1<<60|uint64(rnd.IntN(40)))) // shared: found in many documents
		}
		slices.Sort(hs)
		docs[i] = slices.Compact(hs)
	}
	return docs
}

// mix spreads synthetic line numbers over 64 bits, like a line hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// exact is the definition: normalize.LineStats counting every line in
// memory.
func exact(docs [][]uint64) *normalize.LineStats {
	st := normalize.NewLineStats()
	for _, d := range docs {
		st.AddLineHashes(d)
	}
	return st
}

// TestCounterExact checks that the counter's statistics are the exact
// counts whether nothing spills, runs spill, or more runs spill than
// one merge takes (two merge levels), in any document order, and that
// the spill file is gone afterwards.
func TestCounterExact(t *testing.T) {
	docs := corpus(600, 1)
	want := exact(docs)
	for _, k := range []int{2, 5, 30} {
		for _, runSize := range []int{0, 500, 40} { // 0: one run in memory; 40: > 64 runs
			tmp := t.TempDir()
			order := slices.Clone(docs)
			rand.New(rand.NewPCG(uint64(runSize), uint64(k))).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			c := New(Options{TempDir: tmp, RunSize: runSize})
			for _, d := range order {
				if err := c.Add(d); err != nil {
					t.Fatal(err)
				}
			}
			if spilled := c.Spilled(); spilled != (runSize > 0) {
				t.Errorf("run size %d: spilled %v", runSize, spilled)
			}
			if runSize == 40 && len(c.runs) <= maxMergeWidth {
				t.Fatalf("run size 40: %d runs, want more than %d to merge in two levels", len(c.runs), maxMergeWidth)
			}
			got, err := c.Repeated(k)
			if err != nil {
				t.Fatal(err)
			}
			if got.Docs() != want.Docs() || got.Digest(k) != want.Digest(k) || got.Full() {
				t.Errorf("k=%d run size %d: docs %d digest %s full %v, want %d %s false",
					k, runSize, got.Docs(), got.Digest(k), got.Full(), want.Docs(), want.Digest(k))
			}
			if err := c.Close(); err != nil {
				t.Fatal(err)
			}
			if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
				t.Errorf("run size %d: %d files left in the temporary directory", runSize, len(ents))
			}
		}
	}
}

// TestSelectCap checks the cap: the lines found in the most documents
// are kept, ties broken by the lowest hash, whatever the order of the
// pairs, and Full is set.
func TestSelectCap(t *testing.T) {
	var pairs []pair
	for i := range 200 {
		pairs = append(pairs, pair{mix(uint64(i)), uint32(1 + i%9)}) // counts 1..9, many ties
	}
	var want []pair
	for _, p := range pairs {
		if p.n >= 3 {
			want = append(want, p)
		}
	}
	slices.SortFunc(want, func(a, b pair) int {
		if weaker(a, b) {
			return 1
		}
		return -1
	})
	eligible := len(want)
	want = want[:50]
	for seed := range uint64(5) {
		rand.New(rand.NewPCG(seed, 2)).Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
		s := newSelect(3, 50)
		for _, p := range pairs {
			s.Add(p.h, p.n)
		}
		if !s.full {
			t.Errorf("cap reached but not full")
		}
		got := slices.Clone(s.kept)
		slices.SortFunc(got, func(a, b pair) int {
			if weaker(a, b) {
				return 1
			}
			return -1
		})
		if !slices.Equal(got, want) {
			t.Fatalf("order %d: kept %v\nwant %v", seed, got, want)
		}
	}
	s := newSelect(3, 500)
	for _, p := range pairs {
		s.Add(p.h, p.n)
	}
	if s.full || len(s.kept) != eligible {
		t.Errorf("below the cap: full %v, %d kept, want %d", s.full, len(s.kept), eligible)
	}
}

// TestCounterMemory counts 400,000 documents of 6 distinct lines each
// (2.4 million distinct lines, more than one run) and checks that the
// heap stays bounded by the run buffer, not the corpus.
func TestCounterMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c := New(Options{TempDir: t.TempDir()})
	defer c.Close()
	var peak uint64
	hs := make([]uint64, 6)
	for i := range 400_000 {
		for j := range hs {
			hs[j] = mix(uint64(i*6 + j))
		}
		slices.Sort(hs)
		if err := c.Add(hs); err != nil {
			t.Fatal(err)
		}
		if i%50_000 == 0 {
			// Live heap, not garbage the collector has yet to reach:
			// on a loaded machine it lags, and the test measured that.
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
		}
	}
	st, err := c.Repeated(2)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapAlloc)
	used := int64(peak) - int64(before.HeapAlloc)
	t.Logf("%d documents, %d runs: heap grew by %.1f MiB at most", st.Docs(), len(c.runs), float64(used)/(1<<20))
	if !c.Spilled() || st.Docs() != 400_000 || st.Digest(2) != normalize.RepeatedLines(400_000, 2, nil, false).Digest(2) {
		t.Errorf("spilled %v, %d docs: want a spilled count of 400000 documents and no repeated line", c.Spilled(), st.Docs())
	}
	if limit := int64(32 << 20); used > limit {
		t.Errorf("heap grew by %d bytes, over %d", used, limit)
	}
}

// TestEachDistinct checks the per-document rule Counter.Add and
// release.LineCounts share: unsorted hashes are visited in order, a
// repeated hash once, and the caller's slice is left as it was.
func TestEachDistinct(t *testing.T) {
	hs := []uint64{9, 3, 9, 1, 3, 3}
	var seen []uint64
	EachDistinct(hs, func(h uint64) { seen = append(seen, h) })
	if want := []uint64{1, 3, 9}; !slices.Equal(seen, want) {
		t.Errorf("EachDistinct(%v) visited %v, want %v", hs, seen, want)
	}
	if want := []uint64{9, 3, 9, 1, 3, 3}; !slices.Equal(hs, want) {
		t.Errorf("EachDistinct changed its argument to %v", hs)
	}
	c := New(Options{})
	defer c.Close()
	for _, d := range [][]uint64{{7, 5, 7}, {5, 5}, {9, 5}} {
		if err := c.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	got, err := c.Repeated(2)
	if err != nil {
		t.Fatal(err)
	}
	want := exact([][]uint64{{5, 7}, {5}, {5, 9}})
	if got.Docs() != want.Docs() || got.Digest(2) != want.Digest(2) {
		t.Errorf("documents with unsorted, repeated hashes: docs %d digest %s, want %d %s", got.Docs(), got.Digest(2), want.Docs(), want.Digest(2))
	}
}

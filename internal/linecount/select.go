// Package linecount counts, for every distinct line of a corpus, the
// documents that contain it — the corpus-level repeated-line statistics
// of a release — exactly, in memory bounded whatever the corpus size.
//
//   - A document is given as the sorted, distinct hashes of its lines
//     (normalize.LineHashes). A Counter appends them to a buffer; a full
//     buffer is sorted and written to a temporary file as a run of
//     (hash, count) pairs; Repeated merges the runs, summing the counts
//     of each hash. Below one buffer nothing touches the disk.
//   - Counts are sums, so they do not depend on the order in which
//     documents are counted, nor on how the corpus is split: a
//     distributed build (dataset/release.LineCounts, merged in any
//     order) gets the same statistics as quire build.
//   - Only lines found in at least K documents are kept, at most
//     normalize.MaxLineStatsEntries of them; past the cap, Select keeps
//     those found in the most documents, ties broken by the lowest hash,
//     a choice that depends on the counts alone.
//   - Memory: the buffer (RunSize hashes, 8 bytes each), one read buffer
//     per merged run (at most maxMergeWidth of them; with more runs they
//     are first merged into longer runs) and the kept lines. Disk: 12
//     bytes per distinct line of each run, in TempDir, unlinked at once.
//
// Imports: dataset/normalize (for its limits and LineStats). It knows
// nothing about files of documents: its caller hashes them.
package linecount

import (
	"container/heap"

	"github.com/quire-archive/quire/dataset/normalize"
)

// Select keeps the lines of a corpus that the normalizer asks about:
// those found in at least K documents, at most
// normalize.MaxLineStatsEntries of them. Pairs may be added in any order
// and each hash once; the result depends only on the set of pairs.
type Select struct {
	k    int
	max  int
	kept pairHeap // a min-heap: the weakest kept line on top
	full bool
}

// NewSelect returns a Select for lines found in at least k documents (k
// below 2 is taken as 2).
func NewSelect(k int) *Select { return newSelect(k, normalize.MaxLineStatsEntries) }

func newSelect(k, limit int) *Select { return &Select{k: max(k, 2), max: limit} }

// Add offers line hash h, found in n documents.
func (s *Select) Add(h uint64, n uint32) {
	if int64(n) < int64(s.k) {
		return
	}
	p := pair{h, n}
	if len(s.kept) < s.max {
		heap.Push(&s.kept, p)
		return
	}
	s.full = true
	if weaker(s.kept[0], p) {
		s.kept[0] = p
		heap.Fix(&s.kept, 0)
	}
}

// Stats returns the statistics of a corpus of docs documents made of the
// lines kept.
func (s *Select) Stats(docs int) *normalize.LineStats {
	counts := make(map[uint64]uint32, len(s.kept))
	for _, p := range s.kept {
		counts[p.h] = p.n
	}
	return normalize.RepeatedLines(docs, s.k, counts, s.full)
}

type pair struct {
	h uint64
	n uint32
}

// weaker orders lines by how strongly they are kept at the cap: fewer
// documents first, then the higher hash.
func weaker(a, b pair) bool {
	if a.n != b.n {
		return a.n < b.n
	}
	return a.h > b.h
}

type pairHeap []pair

func (h pairHeap) Len() int           { return len(h) }
func (h pairHeap) Less(i, j int) bool { return weaker(h[i], h[j]) }
func (h pairHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)        { *h = append(*h, x.(pair)) }
func (h *pairHeap) Pop() any {
	old := *h
	p := old[len(old)-1]
	*h = old[:len(old)-1]
	return p
}

package release

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/linecount"
)

// LineCounts is the corpus-level repeated-line statistic as a combinable
// value, for pipelines that count a corpus in pieces (a Beam CombineFn's
// accumulator):
//
//   - per document: DocLineCounts(data), or AddDoc of normalize.LineHashes(data);
//   - merged: Merge sums document counts and line counts, so it is
//     associative and commutative, and any split and order of the corpus
//     gives the same value;
//   - finalized: Stats(k) keeps the lines found in at least k documents
//     (the cap and its tie rule are linecount.Select's) and returns the
//     normalizer's statistics, the same as quire build's for the same
//     documents (the test holds them to it). Rules records them.
//
// A document that normalize.LineHashes rejects is not counted, as quire
// build leaves it out of the statistics (and then fails on it).
//
// Memory grows with the distinct lines: 4 to 5 bytes of encoding and
// about 40 bytes of map per line. For a large corpus, count per line
// instead: key each of a document's LineHashes by itself with the value
// 1, sum per key, and give the sums to FinalStats, which is what
// Stats does with its map.
type LineCounts struct {
	docs   int64
	counts map[uint64]uint32
}

// NewLineCounts returns the counts of an empty corpus.
func NewLineCounts() *LineCounts { return &LineCounts{counts: map[uint64]uint32{}} }

// DocLineCounts returns the counts of one raw document, or the error
// normalize.LineHashes gives for a document the normalizer refuses.
func DocLineCounts(data []byte) (*LineCounts, error) {
	hs, err := normalize.LineHashes(data)
	if err != nil {
		return nil, err
	}
	c := NewLineCounts()
	c.AddDoc(hs)
	return c, nil
}

// AddDoc counts one document given by the hashes of its lines
// (normalize.LineHashes); a hash repeated in hs counts once.
func (c *LineCounts) AddDoc(hs []uint64) {
	c.docs++
	linecount.EachDistinct(hs, func(h uint64) { c.counts[h] = linecount.AddSat(c.counts[h], 1) })
}

// Merge adds the counts of o to c.
func (c *LineCounts) Merge(o *LineCounts) {
	c.docs += o.docs
	for h, n := range o.counts {
		c.counts[h] = linecount.AddSat(c.counts[h], n)
	}
}

// Docs returns the number of documents counted.
func (c *LineCounts) Docs() int64 { return c.docs }

// Stats returns the normalizer's statistics for repetition threshold k:
// the number of documents and every line found in at least k of them.
func (c *LineCounts) Stats(k int) *normalize.LineStats {
	return FinalStats(c.docs, k, func(yield func(uint64, uint32) bool) {
		for h, n := range c.counts {
			if !yield(h, n) {
				return
			}
		}
	})
}

// FinalStats returns the normalizer's statistics for repetition
// threshold k from the number of documents and the total count of each
// distinct line hash, given once each in any order.
func FinalStats(docs int64, k int, counts func(yield func(h uint64, n uint32) bool)) *normalize.LineStats {
	sel := linecount.NewSelect(k)
	counts(func(h uint64, n uint32) bool {
		sel.Add(h, n)
		return true
	})
	return sel.Stats(int(docs))
}

// lineCountsMagic starts the binary encoding, with its version.
const lineCountsMagic = "quire-linecounts/1\n"

// MarshalBinary encodes the counts deterministically (equal counts give
// equal bytes): the magic line, uvarint documents and lines, then each
// line in increasing hash order as the uvarint difference from the
// previous hash and the uvarint count.
func (c *LineCounts) MarshalBinary() ([]byte, error) {
	keys := make([]uint64, 0, len(c.counts))
	for h := range c.counts {
		keys = append(keys, h)
	}
	slices.Sort(keys)
	b := make([]byte, 0, len(lineCountsMagic)+2*binary.MaxVarintLen64+len(keys)*10)
	b = append(b, lineCountsMagic...)
	b = binary.AppendUvarint(b, uint64(c.docs))
	b = binary.AppendUvarint(b, uint64(len(keys)))
	prev := uint64(0)
	for _, h := range keys {
		b = binary.AppendUvarint(b, h-prev)
		b = binary.AppendUvarint(b, uint64(c.counts[h]))
		prev = h
	}
	return b, nil
}

var errLineCounts = errors.New("release: line counts: bad encoding")

// UnmarshalBinary decodes what MarshalBinary encodes, strictly: any
// other bytes are an error.
func (c *LineCounts) UnmarshalBinary(b []byte) error {
	if len(b) < len(lineCountsMagic) || string(b[:len(lineCountsMagic)]) != lineCountsMagic {
		return errLineCounts
	}
	b = b[len(lineCountsMagic):]
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 || n != max(1, (bits.Len64(v)+6)/7) { // only the shortest encoding
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	docs, ok1 := next()
	lines, ok2 := next()
	if !ok1 || !ok2 || docs > math.MaxInt64 || lines > uint64(len(b))/2 {
		return errLineCounts
	}
	counts := make(map[uint64]uint32, lines)
	h := uint64(0)
	for i := uint64(0); i < lines; i++ {
		d, ok1 := next()
		n, ok2 := next()
		if !ok1 || !ok2 || (i > 0 && d == 0) || h+d < h || n == 0 || n > math.MaxUint32 {
			return fmt.Errorf("%w (line %d)", errLineCounts, i)
		}
		h += d
		counts[h] = uint32(n)
	}
	if len(b) != 0 {
		return fmt.Errorf("%w (%d bytes after the last line)", errLineCounts, len(b))
	}
	c.docs, c.counts = int64(docs), counts
	return nil
}

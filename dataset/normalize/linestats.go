package normalize

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"unicode"
	"unicode/utf8"
)

// Corpus-level repetition (CCNet/C4-style line dedup): a line that recurs
// in many documents of a corpus is site furniture, whatever it says.
const (
	// MaxLineStatsEntries bounds the distinct lines LineStats counts
	// exactly: only lines seen in at least two documents are counted, so
	// the cap is reached late and its "first come" bias touches lines
	// that already recur. Measured (TestLineStatsMemory) the counting map
	// takes about 36 MiB at the cap (52 MiB with the filter), besides the fixed seen-once
	// filter (lineBloomBytes, 16 MiB). Once full, new recurring lines are
	// not added (Full reports it); lines already counted go on being
	// counted. Documents are added in a fixed order, so the result is
	// deterministic.
	MaxLineStatsEntries = 1 << 20
	// DefaultRepeatDocs is the K of Options.RepeatDocs: a line found in
	// at least this many documents is removed.
	DefaultRepeatDocs = 5
	// MinRepeatCorpus is the fewest documents LineStats must have seen
	// before repetition is used at all: in a small corpus, recurrence
	// means nothing (three seeds must never trigger it).
	MinRepeatCorpus = 50
)

// The seen-once filter is a Bloom filter of lineBloomBytes with
// lineBloomHashes bit positions per line. With 16 MiB (2^27 bits) and 4
// positions, a corpus of 10 million distinct lines gives a false
// positive rate under 0.1 %: such a line, seen once, is counted as seen
// twice. That can only make a line look more common by one document.
const (
	lineBloomBytes  = 16 << 20
	lineBloomHashes = 4
)

// LineStats counts, for each distinct line (after input hygiene, lower
// case), the number of documents that contain it. Build it with a
// deterministic pre-pass (Add each document, or AddLineHashes of each
// document's LineHashes, in the order of the build), then pass it in
// Options.Repeats. It is not safe for concurrent Add; after the pre-pass
// it is only read.
//
// Memory is bounded whatever the corpus size: a fixed Bloom filter
// remembers the lines seen once, and an exact counting map holds only
// the lines seen in two documents or more, at most MaxLineStatsEntries
// of them.
type LineStats struct {
	docs   int
	seen   []uint64          // Bloom filter bits; allocated on first use
	counts map[uint64]uint32 // lines seen in ≥ 2 documents
	full   bool
}

// NewLineStats returns empty statistics.
func NewLineStats() *LineStats { return &LineStats{counts: map[uint64]uint32{}} }

// 64-bit FNV-1a, the hash of a line's identity (hash/fnv's New64a,
// written out so that lines can be hashed as they are lower-cased).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvByte(h uint64, b byte) uint64 { return (h ^ uint64(b)) * fnvPrime }

// lowerHash is the 64-bit FNV-1a hash of strings.ToLower(line), the
// identity of a line for repetition counts, computed without building the
// lower-cased copy: the pre-pass hashes every line of the corpus, and the
// copies were a fifth of its time.
func lowerHash(line string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(line); {
		c := line[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = fnvByte(h, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(line[i:])
		i += n
		// strings.ToLower writes U+FFFD for a byte that is not UTF-8.
		var buf [utf8.UTFMax]byte
		for _, b := range utf8.AppendRune(buf[:0], unicode.ToLower(r)) {
			h = fnvByte(h, b)
		}
	}
	return h
}

// bloomBits returns the filter positions of hash h (double hashing,
// with a second hash mixed from h so that FNV's low bits do not repeat).
func bloomBits(h uint64) [lineBloomHashes]uint64 {
	const bits = lineBloomBytes * 8
	h2 := h ^ h>>33
	h2 *= 0xff51afd7ed558ccd
	h2 ^= h2 >> 33
	h2 |= 1
	var out [lineBloomHashes]uint64
	for i := range out {
		out[i] = (h + uint64(i)*h2) % bits
	}
	return out
}

// LineHashes returns the sorted, distinct hashes of the lines of one raw
// document, as Add counts them. Hashing is the costly part of the
// pre-pass and needs no shared state, so a caller may hash documents on
// several cores and give the results to AddLineHashes in document order.
// A document Clean rejects returns Clean's error.
func LineHashes(data []byte) ([]uint64, error) {
	if len(data) > MaxDocumentBytes || checkBytes(data) != nil {
		_, err := Clean(data) // the same refusal, with its details
		return nil, err
	}
	data = bytes.TrimPrefix(data, bom)
	// The hash of each line as Clean would clean it, without Clean's
	// copies: a plain ASCII line (nearly all of them) is hashed straight
	// from the raw bytes, lower-cased and with its spaces collapsed as it
	// goes; other lines go through cleanLine.
	hs := make([]uint64, 0, bytes.Count(data, []byte{'\n'})+1)
	splitLines(data, func(raw []byte, _ lineEnd) {
		if isPlainASCII(raw) {
			if h, ok := collapsedLowerHash(raw); ok {
				hs = append(hs, h)
			}
		} else if text, _ := cleanLine(string(raw)); text != "" {
			hs = append(hs, lowerHash(text))
		}
	})
	if len(hs) == 0 {
		_, err := Clean(data)
		return nil, err
	}
	slices.Sort(hs)
	return slices.Compact(hs), nil
}

// collapsedLowerHash is lowerHash(collapse(string(raw))) for a plain
// ASCII line (isPlainASCII): the hash of its words, lower-cased, joined
// by single spaces. ok is false for a line that is all spaces and tabs.
func collapsedLowerHash(raw []byte) (h uint64, ok bool) {
	h = fnvOffset
	space := false // a space is owed before the next word
	for _, c := range raw {
		if c == ' ' || c == '\t' {
			space = ok
			continue
		}
		if space {
			h = fnvByte(h, ' ')
			space = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = fnvByte(h, c)
		ok = true
	}
	return h, ok
}

// Add counts the distinct lines of one raw document. A document Clean
// rejects is not counted, as Normalize would reject it too.
func (s *LineStats) Add(data []byte) error {
	hs, err := LineHashes(data)
	if err != nil {
		return err
	}
	s.AddLineHashes(hs)
	return nil
}

// AddLineHashes counts one document given by the hashes of its lines
// (LineHashes). Duplicates count once; the order of hs does not matter.
func (s *LineStats) AddLineHashes(hs []uint64) {
	if !slices.IsSorted(hs) {
		hs = slices.Sorted(slices.Values(hs))
	}
	if s.seen == nil {
		s.seen = make([]uint64, lineBloomBytes/8)
	}
	s.docs++
	for i, h := range hs {
		if i > 0 && hs[i-1] == h {
			continue
		}
		if n, ok := s.counts[h]; ok {
			s.counts[h] = n + 1
			continue
		}
		if s.inFilter(h) {
			if len(s.counts) >= MaxLineStatsEntries {
				s.full = true
				continue
			}
			s.counts[h] = 2
			continue
		}
		for _, b := range bloomBits(h) {
			s.seen[b/64] |= 1 << (b % 64)
		}
	}
}

func (s *LineStats) inFilter(h uint64) bool {
	if s.seen == nil {
		return false
	}
	for _, b := range bloomBits(h) {
		if s.seen[b/64]&(1<<(b%64)) == 0 {
			return false
		}
	}
	return true
}

// Docs is the number of documents added.
func (s *LineStats) Docs() int { return s.docs }

// Full reports whether the entry cap was reached, which a manifest
// should record.
func (s *LineStats) Full() bool { return s.full }

// Count is the number of documents containing line (compared in lower
// case, after hygiene): exact from 2 up (but for a Bloom false positive,
// which adds one, and lines not counted once Full), 1 for a line seen
// once, 0 for a line never seen.
func (s *LineStats) Count(line string) int {
	h := lowerHash(line)
	if n, ok := s.counts[h]; ok {
		return int(n)
	}
	if s.inFilter(h) {
		return 1
	}
	return 0
}

// Digest is the hex sha256 of the statistics that matter to
// normalization with repetition threshold k: the document count and
// every (line hash, count) with count ≥ k, in hash order. k below 2 is
// taken as 2 (single sightings are not kept exactly). Record it with k
// in a manifest, so a build can be reproduced.
func (s *LineStats) Digest(k int) string {
	var keys []uint64
	for h, n := range s.counts {
		if int(n) >= k {
			keys = append(keys, h)
		}
	}
	slices.Sort(keys)
	d := sha256.New()
	var b [12]byte
	binary.BigEndian.PutUint64(b[:8], uint64(s.docs))
	d.Write(b[:8])
	for _, h := range keys {
		binary.BigEndian.PutUint64(b[:8], h)
		binary.BigEndian.PutUint32(b[8:], s.counts[h])
		d.Write(b[:])
	}
	return hex.EncodeToString(d.Sum(nil))
}

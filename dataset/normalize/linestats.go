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
	// MaxLineStatsEntries bounds the repeated lines (found in at least K
	// documents) that statistics made by RepeatedLines keep. Past it, a
	// release keeps the lines found in the most documents, ties broken by
	// the lowest hash, so the choice depends on the counts alone, never on
	// the order documents were counted in; the manifest records that the
	// cap was reached (Full). A kept line costs about 36 bytes of map.
	MaxLineStatsEntries = 1 << 20
	// DefaultRepeatDocs is the K of Options.RepeatDocs: a line found in
	// at least this many documents is removed.
	DefaultRepeatDocs = 5
	// MinRepeatCorpus is the fewest documents LineStats must have seen
	// before repetition is used at all: in a small corpus, recurrence
	// means nothing (three seeds must never trigger it).
	MinRepeatCorpus = 50
)

// LineStats counts, for each distinct line (after input hygiene, lower
// case), the number of documents that contain it, exactly. Once made it
// is only read, by any number of goroutines (Options.Repeats).
//
// There are two ways to make one:
//
//   - NewLineStats, then Add each document (or AddLineHashes of its
//     LineHashes): every line is counted in memory, which grows with the
//     number of distinct lines. For tests and small corpora.
//   - RepeatedLines, from counts made elsewhere: package dataset/release
//     counts a corpus of any size in bounded memory, with counts that
//     merge associatively (so a distributed build gets the same
//     statistics), and keeps only the lines found in at least K
//     documents, which is all the normalizer asks about.
//
// Either way the counts are exact, and the order in which documents are
// counted changes nothing.
type LineStats struct {
	docs   int
	counts map[uint64]uint32
	min    int // counts below min were left out (RepeatedLines' k); 1 if none was
	full   bool
}

// NewLineStats returns empty statistics that count every line.
func NewLineStats() *LineStats { return &LineStats{counts: map[uint64]uint32{}, min: 1} }

// RepeatedLines returns the statistics of a corpus of docs documents
// from the number of documents of every line found in at least k of them
// (k below 2 is taken as 2), keyed by the line's hash as LineHashes
// computes it; smaller counts in counts are dropped. full records that
// lines were left out at a cap (MaxLineStatsEntries). counts is kept, not
// copied.
func RepeatedLines(docs, k int, counts map[uint64]uint32, full bool) *LineStats {
	k = max(k, 2)
	for h, n := range counts {
		if int(n) < k {
			delete(counts, h)
		}
	}
	return &LineStats{docs: docs, counts: counts, min: k, full: full}
}

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
// It must not be called on statistics made by RepeatedLines.
func (s *LineStats) AddLineHashes(hs []uint64) {
	if s.min != 1 {
		panic("normalize: AddLineHashes on statistics made by RepeatedLines")
	}
	if !slices.IsSorted(hs) {
		hs = slices.Sorted(slices.Values(hs))
	}
	s.docs++
	for i, h := range hs {
		if i == 0 || hs[i-1] != h {
			s.counts[h]++
		}
	}
}

// Docs is the number of documents counted.
func (s *LineStats) Docs() int { return s.docs }

// Full reports whether lines were left out at the cap, which a manifest
// should record.
func (s *LineStats) Full() bool { return s.full }

// Count is the number of documents containing line (compared in lower
// case, after hygiene). Statistics made by RepeatedLines with k answer 0
// for a line found in fewer than k documents (or left out at the cap).
func (s *LineStats) Count(line string) int { return int(s.counts[lowerHash(line)]) }

// Digest is the hex sha256 of the statistics that matter to
// normalization with repetition threshold k: the document count and
// every (line hash, count) with count ≥ k, in hash order (big-endian
// uint64 document count, then big-endian uint64 hash and uint32 count
// for each). k below 2 is taken as 2. Record it with k in a manifest, so
// a build can be reproduced. Statistics made by RepeatedLines with some
// k answer for that k and above.
func (s *LineStats) Digest(k int) string {
	k = max(k, 2)
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

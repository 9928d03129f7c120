package normalize

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/fnv"
	"slices"
	"strings"
)

// Corpus-level repetition (CCNet/C4-style line dedup): a line that recurs
// in many documents of a corpus is site furniture, whatever it says.
const (
	// MaxLineStatsEntries bounds the distinct lines LineStats remembers
	// (16 bytes each, so about 64 MiB at the cap). Once full, new lines
	// are not added; lines already known go on being counted. Documents
	// are added in a fixed order, so the result is still deterministic.
	MaxLineStatsEntries = 1 << 22
	// DefaultRepeatDocs is the K of Options.RepeatDocs: a line found in
	// at least this many documents is removed.
	DefaultRepeatDocs = 5
	// MinRepeatCorpus is the fewest documents LineStats must have seen
	// before repetition is used at all: in a small corpus, recurrence
	// means nothing (three seeds must never trigger it).
	MinRepeatCorpus = 50
)

// LineStats counts, for each distinct line (after input hygiene, lower
// case), the number of documents that contain it. Build it with a
// deterministic pre-pass (Add each document, in the order of the build),
// then pass it in Options.Repeats. It is not safe for concurrent Add;
// after the pre-pass it is only read.
type LineStats struct {
	docs   int
	counts map[uint64]uint32
	full   bool
}

// NewLineStats returns empty statistics.
func NewLineStats() *LineStats { return &LineStats{counts: map[uint64]uint32{}} }

func lineHash(lower string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(lower))
	return h.Sum64()
}

// Add counts the distinct lines of one raw document. A document Clean
// rejects is not counted, as Normalize would reject it too.
func (s *LineStats) Add(data []byte) error {
	c, err := Clean(data)
	if err != nil {
		return err
	}
	s.docs++
	seen := make(map[uint64]bool, len(c.Lines))
	for _, l := range c.Lines {
		h := lineHash(strings.ToLower(l.Text))
		if seen[h] {
			continue
		}
		seen[h] = true
		if _, ok := s.counts[h]; !ok && len(s.counts) >= MaxLineStatsEntries {
			s.full = true
			continue
		}
		s.counts[h]++
	}
	return nil
}

// Docs is the number of documents added.
func (s *LineStats) Docs() int { return s.docs }

// Full reports whether the entry cap was reached, which a manifest
// should record.
func (s *LineStats) Full() bool { return s.full }

// Count is the number of documents containing line (compared in lower
// case, after hygiene).
func (s *LineStats) Count(line string) int {
	return int(s.counts[lineHash(strings.ToLower(line))])
}

// Digest is the hex sha256 of the statistics that matter to
// normalization with repetition threshold k: the document count and
// every (line hash, count) with count ≥ k, in hash order. Record it with
// k in a manifest, so a build can be reproduced.
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

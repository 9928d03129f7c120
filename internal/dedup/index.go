package dedup

import (
	"crypto/sha256"
	"sort"
)

// Entry is what an Index keeps of one record: about
// BytesPerEntry bytes plus its id and source name.
type Entry struct {
	ID        string
	Name      string   // source file name, if known
	SourceSum [32]byte // sha256 of the raw source bytes, if known
	TextSum   [32]byte // sha256 of the normalized text
	Sig       Signature
	HasSig    bool // false for a text with no words
}

// BytesPerEntry is the measured heap cost of one entry, excluding the
// bytes of its id and name strings (see TestMemoryPerEntry): the
// signature (512 bytes), two hashes, string headers, the two maps'
// share.
const BytesPerEntry = 850

// Index holds the entries of a dataset for duplicate lookups. Lookups by
// id and by text hash are map lookups; Nearest compares the signature
// with every entry (K comparisons each), which for a contribution of a
// few documents against tens of thousands of records takes milliseconds.
// An Index is not safe for concurrent writes.
type Index struct {
	entries []Entry
	byID    map[string]int
	byText  map[[32]byte]int
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byID: map[string]int{}, byText: map[[32]byte]int{}}
}

// TextSum is the hash under which Add files a text.
func TextSum(text string) [32]byte { return sha256.Sum256([]byte(text)) }

// Add files a record. If its id is already present the first entry
// stays in the id map; if its text is already present, the first entry
// stays in the text map. Both entries are compared by Nearest.
func (ix *Index) Add(e Entry) {
	ix.entries = append(ix.entries, e)
	i := len(ix.entries) - 1
	if _, ok := ix.byID[e.ID]; !ok {
		ix.byID[e.ID] = i
	}
	if _, ok := ix.byText[e.TextSum]; !ok {
		ix.byText[e.TextSum] = i
	}
}

// MakeEntry computes the hashes and signature of a record's text.
func MakeEntry(id, name string, sourceSum [32]byte, text string) Entry {
	sig, ok := Sign(text)
	return Entry{ID: id, Name: name, SourceSum: sourceSum, TextSum: TextSum(text), Sig: sig, HasSig: ok}
}

// Len is the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

// ByID returns the first entry with this id.
func (ix *Index) ByID(id string) (*Entry, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return nil, false
	}
	return &ix.entries[i], true
}

// ByText returns the first entry whose text hash is sum.
func (ix *Index) ByText(sum [32]byte) (*Entry, bool) {
	i, ok := ix.byText[sum]
	if !ok {
		return nil, false
	}
	return &ix.entries[i], true
}

// IDs returns every id, sorted.
func (ix *Index) IDs() []string {
	ids := make([]string, 0, len(ix.byID))
	for id := range ix.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Nearest returns the entry most similar to sig, skipping entries for
// which skip returns true, and its similarity. Ties go to the entry added
// first, so the answer is deterministic. It returns nil if no entry has
// a signature.
func (ix *Index) Nearest(sig *Signature, skip func(*Entry) bool) (*Entry, float64) {
	var best *Entry
	bestSim := -1.0
	for i := range ix.entries {
		e := &ix.entries[i]
		if !e.HasSig || (skip != nil && skip(e)) {
			continue
		}
		if s := sig.Similarity(&e.Sig); s > bestSim {
			best, bestSim = e, s
		}
	}
	if best == nil {
		return nil, 0
	}
	return best, bestSim
}

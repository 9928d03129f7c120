package lang

// wordTable is a set of words found by a hash computed while the word is
// read (64-bit FNV-1a of its bytes), then compared byte for byte: one
// pass over the line, no second hashing of the word as a Go map would
// do, and no false positive.
type wordTable struct {
	slots []tableSlot // open addressing, linear probing; half empty at most
	// tags[i] is the top 32 bits of slots[i].hash, with the lowest bit
	// set so that 0 marks an empty slot. The probe reads these, a tenth
	// of the slots' size and in cache where the slots are not; most
	// words of a page are in no list, and those are rejected here.
	tags []uint32
	mask uint64
}

// tagOf is the tag of a hash: its top bits, never 0.
func tagOf(h uint64) uint32 { return uint32(h>>32) | 1 }

type tableSlot struct {
	hash uint64
	word string // "" marks an empty slot
	val  uint64 // what the table maps the word to (the voting table: a set of languages)
}

const (
	hashOffset = 14695981039346656037
	hashPrime  = 1099511628211
)

func wordHash(w string) uint64 {
	h := uint64(hashOffset)
	for i := 0; i < len(w); i++ {
		h = (h ^ uint64(w[i])) * hashPrime
	}
	return h
}

func newWordTable(words []string) wordTable { return newValueTable(words, nil) }

// newValueTable maps words[i] to vals[i] (to 0 with nil vals).
func newValueTable(words []string, vals []uint64) wordTable {
	size := 8
	for size < 2*len(words) {
		size *= 2
	}
	t := wordTable{slots: make([]tableSlot, size), tags: make([]uint32, size), mask: uint64(size - 1)}
	for k, w := range words {
		h := wordHash(w)
		i := h & t.mask
		for t.slots[i].word != "" {
			i = (i + 1) & t.mask
		}
		t.slots[i] = tableSlot{hash: h, word: w}
		t.tags[i] = tagOf(h)
		if vals != nil {
			t.slots[i].val = vals[k]
		}
	}
	return t
}

// hasWord reports whether w, whose wordHash is h, is in the table.
func hasWord[T ~string | ~[]byte](t *wordTable, h uint64, w T) bool {
	return lookup(t, h, w) != nil
}

// lookup returns the slot of w, whose wordHash is h, or nil.
func lookup[T ~string | ~[]byte](t *wordTable, h uint64, w T) *tableSlot {
	if len(t.slots) == 0 {
		return nil
	}
	tag := tagOf(h)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		switch t.tags[i] {
		case 0:
			return nil
		case tag:
			if s := &t.slots[i]; s.hash == h && s.word == string(w) {
				return s
			}
		}
	}
}

package gen

import (
	"fmt"
	"math"
)

// Fate is what becomes of a sequence number in the next version.
type Fate uint8

const (
	Kept    Fate = iota // same bytes as in version 1
	Edited              // one body paragraph changed or one added
	Removed             // not in version 2
	Added               // a new document, after version 1's last
)

func (f Fate) String() string {
	switch f {
	case Kept:
		return "kept"
	case Edited:
		return "edited"
	case Removed:
		return "removed"
	case Added:
		return "added"
	}
	return fmt.Sprintf("Fate(%d)", uint8(f))
}

// Change is the churn from version 1 to version 2, in percent of version
// 1's documents. EditPct and RemovePct are probabilities per document, so
// the realised counts vary around them (binomially); AddPct is exact
// after rounding.
type Change struct {
	EditPct, AddPct, RemovePct float64
}

// NextVersion is version 2 of a corpus of N documents. Like a Generator
// it is immutable and every document is a pure function of its sequence
// number, so version 2 is made without holding version 1.
type NextVersion struct {
	g     *Generator
	n     int
	c     Change
	added int
}

// Next returns version 2 of the corpus of n documents that
// New(opts) generates.
func Next(opts Options, n int, c Change) (*NextVersion, error) {
	g, err := New(opts)
	if err != nil {
		return nil, err
	}
	switch {
	case n < 0:
		return nil, fmt.Errorf("negative document count %d", n)
	case !(c.EditPct >= 0 && c.AddPct >= 0 && c.RemovePct >= 0):
		return nil, fmt.Errorf("negative or NaN percentage in edit %v, add %v, remove %v", c.EditPct, c.AddPct, c.RemovePct)
	case c.EditPct+c.RemovePct > 100:
		return nil, fmt.Errorf("edit %v%% + remove %v%% exceed 100%%", c.EditPct, c.RemovePct)
	case c.AddPct > 1000:
		return nil, fmt.Errorf("add %v%% exceeds 1000%%", c.AddPct)
	}
	return &NextVersion{g: g, n: n, c: c, added: int(math.Round(float64(n) * c.AddPct / 100))}, nil
}

// Generator returns the generator of version 1.
func (v *NextVersion) Generator() *Generator { return v.g }

// Len returns the number of sequence numbers of version 2: version 1's n
// plus the added documents. Some of [0, n) are removed.
func (v *NextVersion) Len() int { return v.n + v.added }

// Fate tells what happens to sequence number i (0 ≤ i < Len()).
func (v *NextVersion) Fate(i int) Fate {
	if i >= v.n {
		return Added
	}
	u := v.g.rng(i, streamFate).Float64() * 100
	switch {
	case u < v.c.RemovePct:
		return Removed
	case u < v.c.RemovePct+v.c.EditPct:
		return Edited
	}
	return Kept
}

// Doc returns document i of version 2; ok is false if it was removed.
// Kept documents have the bytes of version 1; added ones are simply the
// generator's documents n, n+1, …
func (v *NextVersion) Doc(i int) (name string, data []byte, ok bool) {
	d, ok := v.doc(i)
	if !ok {
		return "", nil, false
	}
	data = d.render(nil)
	return v.g.name(i, data), data, true
}

func (v *NextVersion) doc(i int) (*doc, bool) {
	switch v.Fate(i) {
	case Removed:
		return nil, false
	case Edited:
		d := v.g.build(i)
		d.edit(v.g.rng(i, streamEdit))
		return d, true
	}
	return v.g.build(i), true
}

package release

import (
	"bytes"
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
)

// TestLineCountsAsBuild is the contract a distributed build relies on:
// counting documents one by one, merging the counts in any grouping and
// order (through their encoding, as a runner moves accumulators), and
// finalizing gives exactly the statistics quire build computes (a
// Recipe, its counts spilled to disk), and so the same rules record and
// the same records.
func TestLineCountsAsBuild(t *testing.T) {
	fsys := corpusFS(t, 120, 9)
	r, err := Open(context.Background(), fsys, Options{TempDir: t.TempDir(), CountRunSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := r.Rules().Repeats
	if want == nil || want.Docs != 120 {
		t.Fatalf("the recipe did not count the corpus: %+v", want)
	}
	var parts []*LineCounts
	for name, f := range fsys {
		c, err := DocLineCounts(f.Data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		parts = append(parts, c)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for trial := range 4 {
		// Merge random pairs, through the encoding, until one is left.
		ps := slices.Clone(parts)
		for len(ps) > 1 {
			i, j := rnd.IntN(len(ps)), rnd.IntN(len(ps)-1)
			if j >= i {
				j++
			}
			a, b := ps[i], ps[j]
			enc, err := a.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var m LineCounts
			if err := m.UnmarshalBinary(enc); err != nil {
				t.Fatal(err)
			}
			m.Merge(b)
			ps[i] = &m
			ps = slices.Delete(ps, j, j+1)
		}
		_, rules, err := Configure(ps[0].Stats(DefaultRepeats), Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := rules.Repeats
		if *got != *want {
			t.Fatalf("trial %d: merged counts give %+v, the build %+v", trial, got, want)
		}
	}
	// Counted as a whole, in memory, by the normalizer's own definition.
	all := normalize.NewLineStats()
	for _, f := range fsys {
		all.Add(f.Data)
	}
	if all.Digest(DefaultRepeats) != want.Digest {
		t.Errorf("the build's statistics differ from the normalizer's exact count")
	}
}

func TestLineCountsEncoding(t *testing.T) {
	c := NewLineCounts()
	c.AddDoc([]uint64{5, 1, 1 << 63, 5})
	c.AddDoc([]uint64{1})
	enc, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var d LineCounts
	if err := d.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	again, _ := d.MarshalBinary()
	if !bytes.Equal(enc, again) || d.Docs() != 2 || d.counts[1] != 2 || d.counts[5] != 1 || d.counts[1<<63] != 1 {
		t.Fatalf("round trip: %v %v", d.counts, d.docs)
	}
	// Every truncation and every single-byte change is refused or
	// decodes to other counts that encode back to exactly those bytes.
	for i := range enc {
		var x LineCounts
		if x.UnmarshalBinary(enc[:i]) == nil {
			t.Errorf("truncated at %d: accepted", i)
		}
		for _, v := range []byte{0, 1, 0x80, 0xff} {
			b := slices.Clone(enc)
			if b[i] == v {
				continue
			}
			b[i] = v
			checkCanonical(t, b)
		}
	}
	checkCanonical(t, append(slices.Clone(enc), 0))
}

// checkCanonical fails if b decodes but is not the encoding of what it
// decodes to.
func checkCanonical(t *testing.T, b []byte) {
	t.Helper()
	var x LineCounts
	if x.UnmarshalBinary(b) != nil {
		return
	}
	again, _ := x.MarshalBinary()
	if !bytes.Equal(again, b) {
		t.Errorf("%x decodes, but encodes back to %x", b, again)
	}
}

func FuzzLineCountsUnmarshal(f *testing.F) {
	c := NewLineCounts()
	c.AddDoc([]uint64{3, 9, 1 << 40})
	enc, _ := c.MarshalBinary()
	f.Add(enc)
	f.Add([]byte(lineCountsMagic))
	f.Fuzz(func(t *testing.T, b []byte) { checkCanonical(t, b) })
}

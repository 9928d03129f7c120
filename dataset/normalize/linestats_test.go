package normalize

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineStatsSeedsDoNotFire(t *testing.T) {
	st := NewLineStats()
	docs := seedDocs(t)
	for _, d := range docs {
		for range 3 { // even the same seed three times
			if err := st.Add(d.data); err != nil {
				t.Fatal(err)
			}
		}
	}
	plain := newNormalizer(t)
	n, err := New(Options{Repeats: st, RepeatDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		a, _ := plain.Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
		b, _ := n.Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: a corpus of %d documents changed the record:\n%s", d.id, st.Docs(), diff)
		}
	}
}

func TestLineStatsRepeated(t *testing.T) {
	st := NewLineStats()
	body := "The council met on Tuesday evening to discuss the budget, and members agreed to delay the vote until next month because the figures were late."
	for i := range MinRepeatCorpus {
		doc := fmt.Sprintf("Accessibility & CC\n\nStory number %d of the week\n\n%s\n\n%s %d.\n\nAccessibility & CC", i, body, body, i)
		if err := st.Add([]byte(doc)); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.Count("ACCESSIBILITY & CC"); got != MinRepeatCorpus {
		t.Errorf("count %d, want %d (once per document, any case)", got, MinRepeatCorpus)
	}
	if st.Digest(5) != st.Digest(5) || st.Digest(5) == st.Digest(MinRepeatCorpus+1) || st.Digest(1) != st.Digest(2) {
		t.Errorf("digest not deterministic or ignores k")
	}
	n, err := New(Options{Repeats: st})
	if err != nil {
		t.Fatal(err)
	}
	doc := "Accessibility & CC\n\n" + body + "\n\n" + body + " Again.\n\nNot repeated anywhere"
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Removed) == 0 || rec.Removed[0].Rule != ruleRepeated || rec.Removed[0].Why != "short line found in 50 of 50 documents of the corpus" {
		t.Errorf("removed %+v", rec.Removed)
	}
	// Good prose is never removed for recurring: syndicated copies.
	if st.Count(body) != MinRepeatCorpus || !strings.HasPrefix(rec.Text, body) {
		t.Errorf("body: count %d, text %q", st.Count(body), rec.Text)
	}
	if _, err := New(Options{RepeatDocs: 1}); err == nil {
		t.Errorf("RepeatDocs 1 accepted")
	}
	t.Run("idempotent", func(t *testing.T) { checkProperties(t, n, []byte(doc)) })
}

// TestLineStatsHashesInOrder checks that hashing documents apart (as on
// several cores) and adding the hashes in order gives the same
// statistics as Add, and that the order of documents is all that
// matters.
func TestLineStatsHashesInOrder(t *testing.T) {
	var docs [][]byte
	for i := range 120 {
		docs = append(docs, []byte(fmt.Sprintf("Menu\n\nStory %d\n\nShared line %d\n\nMenu\n\nFooter", i, i%7)))
	}
	a, b := NewLineStats(), NewLineStats()
	hashes := make([][]uint64, len(docs))
	for i := len(docs) - 1; i >= 0; i-- { // any order of hashing
		h, err := LineHashes(docs[i])
		if err != nil {
			t.Fatal(err)
		}
		slices.Reverse(h) // any order within a document
		hashes[i] = append(h, h[0])
	}
	for i, d := range docs {
		if err := a.Add(d); err != nil {
			t.Fatal(err)
		}
		b.AddLineHashes(hashes[i])
	}
	if a.Digest(2) != b.Digest(2) || a.Docs() != b.Docs() {
		t.Errorf("AddLineHashes differs from Add")
	}
	for _, c := range []struct {
		line string
		want int
	}{{"menu", 120}, {"Shared line 3", 17}, {"Story 5", 1}, {"never seen", 0}} {
		if got := a.Count(c.line); got != c.want {
			t.Errorf("Count(%q) = %d, want %d", c.line, got, c.want)
		}
	}
	if _, err := LineHashes(nil); err == nil {
		t.Errorf("LineHashes of an empty document: no error")
	}
}

// TestLineStatsMemory adds 200 000 synthetic documents whose lines each
// recur in two documents, more recurring lines than the cap, and checks
// the cap and the memory bound.
func TestLineStatsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	st := NewLineStats()
	const docs, lines = 200_000, 6
	hs := make([]uint64, 0, 2*lines)
	for i := range docs {
		hs = hs[:0]
		for j := range lines {
			hs = append(hs, mix(uint64(i*lines+j)), mix(uint64((i-1)*lines+j)))
		}
		st.AddLineHashes(hs)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	used := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d documents, %d counted lines, full %v: heap %.1f MiB", st.Docs(), len(st.counts), st.Full(), float64(used)/(1<<20))
	if !st.Full() || len(st.counts) != MaxLineStatsEntries {
		t.Errorf("counted %d lines, full %v: want the cap %d reached", len(st.counts), st.Full(), MaxLineStatsEntries)
	}
	if limit := int64(64 << 20); used > limit {
		t.Errorf("heap grew by %d bytes, over %d", used, limit)
	}
	runtime.KeepAlive(st)
}

// mix spreads synthetic line numbers over 64 bits, like a line hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// fnvLower is the definition lowerHash must agree with.
func fnvLower(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(strings.ToLower(s)))
	return h.Sum64()
}

func TestLowerHashIsFNVOfToLower(t *testing.T) {
	lines := []string{"", "A", "Hello, World", "İSTANBUL Ǆ ΣΑΣ", "\xff\xfeA", "a\xc3", "ÀÉÎ õü ß ẞ", "\u212a"}
	docs := seedDocs(t)
	if dir := devsetDir(t); dir != "" {
		docs = append(docs, readDocs(t, dir+"/*.txt")...)
	}
	for _, d := range docs {
		lines = append(lines, strings.Split(string(d.data), "\n")...)
	}
	for _, l := range lines {
		if got, want := lowerHash(l), fnvLower(l); got != want {
			t.Fatalf("lowerHash(%q) = %x, want %x", l, got, want)
		}
	}
}

func FuzzLowerHash(f *testing.F) {
	f.Add("Hello İ \xff")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := lowerHash(s), fnvLower(s); got != want {
			t.Fatalf("lowerHash(%q) = %x, want %x", s, got, want)
		}
	})
}

// lineHashesByClean is the definition LineHashes must agree with: the
// sorted distinct hashes of Clean's lines.
func lineHashesByClean(data []byte) ([]uint64, error) {
	c, err := Clean(data)
	if err != nil {
		return nil, err
	}
	var hs []uint64
	for _, l := range c.Lines {
		hs = append(hs, fnvLower(l.Text))
	}
	slices.Sort(hs)
	return slices.Compact(hs), nil
}

func checkLineHashes(t *testing.T, data []byte) {
	t.Helper()
	got, err := LineHashes(data)
	want, werr := lineHashesByClean(data)
	if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("LineHashes(%q): error %v, Clean: %v", data, err, werr)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("LineHashes(%q) = %x, want %x", data, got, want)
	}
}

func TestLineHashesMatchClean(t *testing.T) {
	for _, s := range []string{"", "\n", " \t \n", "a\r\nb\rc\n", "\ufeffA  b\t\tC \n  x", "Ünïcode  Line\u00a0x\n\u200bword", "a\x00b", "\xff", "x\r", "\r\r\n"} {
		checkLineHashes(t, []byte(s))
	}
	docs := seedDocs(t)
	if dir := devsetDir(t); dir != "" {
		docs = append(docs, readDocs(t, dir+"/*.txt")...)
	}
	for _, d := range docs {
		checkLineHashes(t, d.data)
	}
}

func FuzzLineHashes(f *testing.F) {
	f.Add([]byte("A  b\t\tC \r\n\ufeffx\u00a0y\r"))
	f.Fuzz(func(t *testing.T, data []byte) { checkLineHashes(t, data) })
}

package normalize

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/internal/cputime"
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
	if d := st.Digest(5); d != st.Digest(5) || d == st.Digest(MinRepeatCorpus+1) || st.Digest(1) != st.Digest(2) {
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
// several cores) and adding the hashes gives the same statistics as Add,
// whatever the order.
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

// TestRepeatedLinesSameAsCounted checks that statistics made from the
// counts of the repeated lines alone (as a release makes them) answer
// every question the normalizer asks as statistics that count every line
// do: the same digest for K and above, the same count for every line
// found in at least K documents, and the same records.
func TestRepeatedLinesSameAsCounted(t *testing.T) {
	const k = 5
	all := NewLineStats()
	var docs [][]byte
	for i := range 2 * MinRepeatCorpus {
		docs = append(docs, []byte(fmt.Sprintf("Menu\n\nStory %d of the day\n\nShared line %d\n\nSubscribe now\n\n"+
			"The council met on Tuesday evening to discuss the budget for the coming year, story %d.\n\nFooter %d", i, i%7, i, i%3)))
		if err := all.Add(docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	counts := map[uint64]uint32{}
	for h, n := range all.counts {
		counts[h] = n // every count: RepeatedLines must drop those below k
	}
	rep := RepeatedLines(all.Docs(), k, counts, false)
	if len(rep.counts) >= len(all.counts) || len(rep.counts) == 0 {
		t.Fatalf("RepeatedLines kept %d of %d lines", len(rep.counts), len(all.counts))
	}
	for _, kk := range []int{k, k + 3, 40} {
		if a, b := all.Digest(kk), rep.Digest(kk); a != b {
			t.Errorf("Digest(%d): %s counted, %s from repeated lines", kk, a, b)
		}
	}
	for _, line := range []string{"menu", "Shared line 3", "footer 1", "subscribe NOW", "Story 5 of the day"} {
		a, b := all.Count(line), rep.Count(line)
		if a >= k && a != b || a < k && b != 0 {
			t.Errorf("Count(%q) = %d counted, %d from repeated lines", line, a, b)
		}
	}
	na, err := New(Options{Repeats: all, RepeatDocs: k})
	if err != nil {
		t.Fatal(err)
	}
	nb, err := New(Options{Repeats: rep, RepeatDocs: k})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		a, errA := na.Normalize(Input{ID: "d", Name: "d.txt", Data: d})
		b, errB := nb.Normalize(Input{ID: "d", Name: "d.txt", Data: d})
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("document %d: records differ:\n%s", i, diff)
		}
		if i == 0 && len(a.Removed) == 0 {
			t.Fatalf("nothing removed: the test corpus does not exercise repetition")
		}
	}
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
	for _, s := range []string{"", "\n", " \t \n", "a\r\nb\rc\n", "\ufeffA  b\t\tC \n  x", "Ünïcode  Line\u00a0x\n\u200bword", "a\x00b", "\xff", "x\r", "\r\r\n",
		// Lines of common runes (commonLowerHash) and their neighbours.
		"  \u201cCafé\u201d  Déjà — VU  \n", "ΣΑΣ ΟΔΟΣ\nПривет, Мир\nשלום", "e\u0301 and é", "why\u037e", "\u0340x", "İstanbul", "a\u2019s \u2026", "Ω\u00a0ω", "x\u2028y", "   \u2014   ", "\u00c0\t\u00e0"} {
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

// BenchmarkLineHashes measures the repeated-line pre-pass's per-document
// work on the dev set's real pages, per byte of raw text (cpu-MB/s is
// the steady figure on a shared machine):
//
//	go test -run '^$' -bench LineHashes -cpu 1 -count 5 ./dataset/normalize
func BenchmarkLineHashes(b *testing.B) {
	docs := readDocs(b, devsetDir(b)+"/*.txt")
	n := 0
	for _, d := range docs {
		n += len(d.data)
	}
	cputime.Bench(b, n, func() {
		for _, d := range docs {
			if _, err := LineHashes(d.data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

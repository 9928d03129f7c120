package dedup

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	got := strings.Join(Words("Don’t PANIC: it's 42 — naïve café!"), "|")
	want := "dont|panic|its|42|naïve|café"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// text returns n distinct sentences of prose-like words numbered from
// start, so two texts share exactly the sentences their ranges share.
func text(start, n int) string {
	var b strings.Builder
	for i := start; i < start+n; i++ {
		fmt.Fprintf(&b, "Sentence number w%d tells of the w%dth event in the city council meeting. ", i, i*7)
	}
	return b.String()
}

// exactJaccard is the true Jaccard similarity of the shingle sets.
func exactJaccard(a, b string) float64 {
	set := func(s string) map[string]bool {
		w := Words(s)
		m := map[string]bool{}
		for i := 0; i+ShingleWords <= len(w); i++ {
			m[strings.Join(w[i:i+ShingleWords], " ")] = true
		}
		return m
	}
	sa, sb := set(a), set(b)
	inter := 0
	for k := range sa {
		if sb[k] {
			inter++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

func TestSimilarityEstimatesJaccard(t *testing.T) {
	base := text(0, 40)
	for _, tc := range []struct{ start, n int }{{0, 40}, {0, 36}, {4, 40}, {10, 40}, {20, 40}, {40, 40}, {1000, 40}} {
		other := text(tc.start, tc.n)
		sa, _ := Sign(base)
		sb, _ := Sign(other)
		got, want := sa.Similarity(&sb), exactJaccard(base, other)
		// Three standard errors of the estimate.
		if tol := 3 * math.Sqrt(want*(1-want)/K); math.Abs(got-want) > tol+1e-9 {
			t.Errorf("text(%d,%d): similarity %.3f, exact Jaccard %.3f (tolerance %.3f)", tc.start, tc.n, got, want, tol)
		}
	}
}

func TestSignDeterministic(t *testing.T) {
	s, ok := Sign("the quick brown fox jumps over the lazy dog")
	if !ok {
		t.Fatal("no signature")
	}
	// Pinned: a change of hash functions changes every stored figure.
	if got := fmt.Sprintf("%08x %08x", s[0], s[K-1]); got != "1b2a9775 090d690a" {
		t.Errorf("signature changed: got %q, want %q", got, "1b2a9775 090d690a")
	}
	if _, ok := Sign(" … — "); ok {
		t.Error("a text with no words has a signature")
	}
	a, _ := Sign("one two")
	b, _ := Sign("ONE, two!")
	if a.Similarity(&b) != 1 {
		t.Error("short texts differing in case and punctuation differ")
	}
}

func TestIndex(t *testing.T) {
	ix := NewIndex()
	ix.Add(MakeEntry("a", "a.txt", [32]byte{1}, text(0, 30)))
	ix.Add(MakeEntry("b", "b.txt", [32]byte{2}, text(100, 30)))
	if e, ok := ix.ByID("b"); !ok || e.Name != "b.txt" {
		t.Errorf("ByID(b) = %v, %v", e, ok)
	}
	if e, ok := ix.ByText(TextSum(text(0, 30))); !ok || e.ID != "a" {
		t.Errorf("ByText = %v, %v", e, ok)
	}
	sig, _ := Sign(text(2, 30))
	e, sim := ix.Nearest(&sig, nil)
	if e == nil || e.ID != "a" || sim < 0.7 {
		t.Errorf("Nearest = %v, %.2f; want a, ≥ 0.7", e, sim)
	}
	e, _ = ix.Nearest(&sig, func(e *Entry) bool { return e.ID == "a" })
	if e == nil || e.ID != "b" {
		t.Errorf("Nearest skipping a = %v, want b", e)
	}
}

// TestMemoryPerEntry measures the heap an entry costs and checks
// BytesPerEntry, which the docs quote, against it.
func TestMemoryPerEntry(t *testing.T) {
	const n = 20000
	entries := make([]Entry, n)
	for i := range entries {
		entries[i] = Entry{ID: fmt.Sprintf("%03d_%016x", i, i), HasSig: true}
		entries[i].TextSum[0], entries[i].TextSum[1], entries[i].TextSum[2] = byte(i), byte(i>>8), byte(i>>16)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := NewIndex()
	for _, e := range entries {
		ix.Add(e)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("heap per entry: %.0f bytes (ids not counted: shared with the input)", per)
	if per > BytesPerEntry*1.25 {
		t.Errorf("heap per entry %.0f bytes, documented %d", per, BytesPerEntry)
	}
	runtime.KeepAlive(ix)
	runtime.KeepAlive(entries)
}

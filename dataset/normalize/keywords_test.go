package normalize

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestKeywordScanExact checks the filtered scan against the obvious
// answer, strings.Contains per keyword, on the dev set's lines (or the
// seeds'), on random mixes of keyword fragments, and at line ends, where
// the trigram filter falls back to the pair table.
func TestKeywordScanExact(t *testing.T) {
	n := newNormalizer(t)
	ks := &n.rules.keywords
	var lines []string
	docs := seedDocs(t)
	if dir := devsetDir(t); dir != "" {
		docs = append(docs, readDocs(t, dir+"/*.txt")...)
	}
	for _, d := range docs {
		lines = append(lines, strings.Split(strings.ToLower(string(d.data)), "\n")...)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			w := ks.words[rng.IntN(len(ks.words))]
			// A keyword, or a prefix or suffix of one, so near misses
			// are tried as often as hits.
			switch rng.IntN(3) {
			case 0:
				w = w[:rng.IntN(len(w)+1)]
			case 1:
				w = w[rng.IntN(len(w)+1):]
			}
			b.WriteString(w)
			if rng.IntN(2) == 0 {
				b.WriteByte(" xe("[rng.IntN(4)])
			}
		}
		lines = append(lines, b.String())
	}
	for _, w := range ks.words {
		lines = append(lines, w, "x"+w, "xx"+w)
	}
	for _, l := range lines {
		seen := map[uint16]bool{}
		ks.find(l, func(k uint16) { seen[k] = true })
		for k, w := range ks.words {
			got := seen[uint16(k)]
			if want := strings.Contains(l, w); got != want {
				t.Fatalf("line %q, keyword %q: scan says %v, Contains says %v", l, w, got, want)
			}
		}
	}
}

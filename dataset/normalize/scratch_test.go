package normalize

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/record"
)

// TestConcurrentNormalize holds the reuse of per-document memory
// (docScratch) to what a shared Normalizer promises: records made by
// four goroutines at once, in an order that mixes long and short pages,
// equal those made one at a time by a fresh Normalizer per page. A
// record that kept a piece of another call's scratch would differ.
func TestConcurrentNormalize(t *testing.T) {
	docs := append(seedDocs(t), readDocs(t, devsetDir(t)+"/*.txt")[:20]...)
	want := make([]*record.Record, len(docs))
	for i, d := range docs {
		rec, err := newNormalizer(t).Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		want[i] = rec
	}
	n := newNormalizer(t)
	got := make([]*record.Record, len(docs))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for k := range 2 * len(docs) {
				i := (k*7 + w*13) % len(docs)
				rec, err := n.Normalize(Input{ID: docs[i].id, Name: docs[i].name, Data: docs[i].data})
				if err != nil {
					t.Errorf("%s: %v", docs[i].name, err)
					return
				}
				if w == 0 {
					got[i] = rec
				} else if d := cmp.Diff(want[i], rec); d != "" {
					t.Errorf("%s: record differs when made concurrently (-alone +shared):\n%s", docs[i].name, d)
					return
				}
			}
		})
	}
	wg.Wait()
	for i := range docs {
		if got[i] == nil {
			continue
		}
		if d := cmp.Diff(want[i], got[i]); d != "" {
			t.Errorf("%s: record differs (-alone +shared):\n%s", docs[i].name, d)
		}
	}
}

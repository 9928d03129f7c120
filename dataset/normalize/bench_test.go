package normalize

import (
	"path/filepath"
	"testing"
)

func BenchmarkNormalize(b *testing.B) {
	n := newNormalizer(b)
	docs := seedDocs(b)
	if dir := devsetDir(b); dir != "" {
		docs = append(docs, readDocs(b, filepath.Join(dir, "*.txt"))...)
	} else {
		b.Log("dev set not present: seeds only")
	}
	total := 0
	for _, d := range docs {
		total += len(d.data)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := n.Normalize(Input{ID: d.id, Name: d.name, Data: d.data}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

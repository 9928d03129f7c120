package build

import (
	"context"
	"io/fs"
	"iter"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/pipeline"
)

// LineStats runs the corpus-level repeated-line pre-pass (CCNet/C4-style
// line dedup): every document's distinct lines are hashed on all cores
// and counted in id order, so the statistics are the same whatever the
// number of workers. Documents that cannot be read or cleaned are left
// out here; the main pass reports them. docs is iterated once, like
// Prepared's (so a corpus.Listing is read twice in a build: here, then
// in the main pass). Memory is normalize.LineStats's bound, not the
// corpus size. progress, if set, is called after each document is
// counted with the number done and their size as listed.
func LineStats(ctx context.Context, fsys fs.FS, dir string, docs iter.Seq2[corpus.Doc, error], workers int,
	progress func(done int, bytes int64)) (*normalize.LineStats, error) {
	stats := normalize.NewLineStats()
	var bytes int64
	err := pipeline.Seq(ctx, sorted(docs), pipeline.Options{Workers: workers},
		func(d corpus.Doc) ([]uint64, error) {
			data, err := readDoc(fsys, dir, d)
			if err != nil {
				return nil, err
			}
			return normalize.LineHashes(data)
		},
		func(i int, d corpus.Doc, hs []uint64, err error) error {
			if err == nil {
				stats.AddLineHashes(hs)
			}
			if progress != nil {
				bytes += d.Size
				progress(i+1, bytes)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	return stats, nil
}

package build

import (
	"context"
	"io/fs"
	"iter"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/pipeline"
)

// LineHashes runs the per-document work of the corpus-level
// repeated-line pre-pass (CCNet/C4-style line dedup) on all cores: every
// document's distinct line hashes (normalize.LineHashes), handed to add
// in id order from one goroutine. Documents that cannot be read or
// cleaned are left out; the main pass reports them. docs is iterated
// once, like Prepared's (so a corpus.Listing is read twice in a build:
// here, then in the main pass). Memory is the pipeline window's
// documents. progress, if set, is called after each document with the
// number done and their size as listed.
func LineHashes(ctx context.Context, fsys fs.FS, dir string, docs iter.Seq2[corpus.Doc, error], workers int,
	add func(hs []uint64) error, progress func(done int, bytes int64)) error {
	var bytes int64
	return pipeline.Seq(ctx, sorted(docs), pipeline.Options{Workers: workers},
		func(d corpus.Doc) ([]uint64, error) {
			data, err := readDoc(fsys, dir, d)
			if err != nil {
				return nil, err
			}
			return normalize.LineHashes(data)
		},
		func(i int, d corpus.Doc, hs []uint64, err error) error {
			if err == nil {
				if err := add(hs); err != nil {
					return err
				}
			}
			if progress != nil {
				bytes += d.Size
				progress(i+1, bytes)
			}
			return nil
		})
}

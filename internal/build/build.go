// Package build turns a directory of raw documents into a stream of
// records in id order, normalizing on all cores.
//
//   - Input is an fs.FS and a sorted listing from package corpus, as an
//     iterator that is pulled as workers free up (corpus.Listing.All),
//     so the list of documents is never held whole; output
//     goes to a sink function (in practice a bundle writer), called from
//     one goroutine in id order, so the result is deterministic whatever
//     the number of workers.
//   - Per-record work that does not depend on the order (normalizing,
//     and with Prepared the caller's encoding and validation) runs on the
//     workers; only the in-order sink runs on one goroutine.
//   - Memory is bounded by the pipeline window × the document size limit,
//     not by the number of documents: nothing is kept per document.
//   - Every bad document is reported, not only the first: once one has
//     failed, nothing more is handed to the sink, but the remaining
//     documents are still read and normalized to find their problems.
//
// Imports: dataset/normalize, dataset/record, internal/corpus and
// internal/pipeline. It knows nothing about bundles, nor about the
// release recipe (which options, which statistics): dataset/release
// decides those and calls it.
package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/pipeline"
)

// Options configures Records.
type Options struct {
	Normalizer *normalize.Normalizer
	// Workers is the number of normalizing goroutines (0: GOMAXPROCS).
	Workers int
	// Progress, if set, is called from the sink goroutine after each
	// document with the number done and the bytes read so far (the
	// total is the listing's: corpus.Listing.Len and Bytes).
	Progress func(done int, bytes int64)
	// MaxErrors caps the number of document errors collected (0: 1000).
	MaxErrors int
}

// DocError is a document that could not be turned into a record.
type DocError struct {
	Name string // file name in the directory
	Err  error
}

func (e *DocError) Error() string { return e.Name + ": " + e.Err.Error() }
func (e *DocError) Unwrap() error { return e.Err }

// Errors lists every document that failed.
type Errors struct {
	Docs    []*DocError
	Dropped int // failures beyond MaxErrors
	Total   int // documents gone through, failed or not
}

func (e *Errors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d document(s) failed", len(e.Docs)+e.Dropped)
	for _, d := range e.Docs {
		fmt.Fprintf(&b, "\n\t%v", d)
	}
	if e.Dropped > 0 {
		fmt.Fprintf(&b, "\n\t… and %d more", e.Dropped)
	}
	return b.String()
}

// Records reads the documents docs (sorted by id, as a corpus.Listing
// yields them) from dir in fsys, normalizes them, and calls add for each
// record in order. It returns *Errors if any document failed, or the
// first error add or docs returned.
func Records(ctx context.Context, fsys fs.FS, dir string, docs iter.Seq2[corpus.Doc, error], opts Options, add func(*record.Record) error) error {
	return Prepared(ctx, fsys, dir, docs, opts,
		func(r *record.Record) (*record.Record, error) { return r, nil }, add)
}

// Prepared is Records with one more per-record step, prepare, which runs
// on the workers right after normalizing, so that whatever add needs
// done to a record that does not depend on the order (encoding, schema
// validation, hashing) happens on all cores, and add, which runs on one
// goroutine, only does what must be done in order. An error from prepare
// is that document's error, reported like a normalizer error. prepare
// must be safe for concurrent use.
//
// docs is iterated once, as the workers need documents. If it is not
// sorted by id, or yields an error, Prepared returns that error once the
// documents before it have gone through: add may have been called, and
// the caller must discard what it built (a bundle writer is aborted).
func Prepared[T any](ctx context.Context, fsys fs.FS, dir string, docs iter.Seq2[corpus.Doc, error], opts Options,
	prepare func(*record.Record) (T, error), add func(T) error) error {
	if opts.Normalizer == nil {
		return errors.New("build: no normalizer")
	}
	maxErrs := opts.MaxErrors
	if maxErrs <= 0 {
		maxErrs = 1000
	}
	type result struct {
		v    T
		size int64
	}
	var failed Errors
	var bytes int64
	err := pipeline.Seq(ctx, sorted(docs), pipeline.Options{Workers: opts.Workers},
		func(d corpus.Doc) (result, error) {
			data, err := readDoc(fsys, dir, d)
			if err != nil {
				return result{}, err
			}
			size := int64(len(data))
			rec, err := opts.Normalizer.Normalize(normalize.Input{ID: d.ID, Name: d.Name, Data: data})
			if err != nil {
				return result{size: size}, err
			}
			v, err := prepare(rec)
			return result{v, size}, err
		},
		func(i int, d corpus.Doc, r result, err error) error {
			bytes += r.size
			failed.Total = i + 1
			if err != nil {
				if len(failed.Docs) < maxErrs {
					failed.Docs = append(failed.Docs, &DocError{Name: d.Name, Err: err})
				} else {
					failed.Dropped++
				}
			} else if len(failed.Docs) == 0 && failed.Dropped == 0 {
				if err := add(r.v); err != nil {
					return err
				}
			}
			if opts.Progress != nil {
				opts.Progress(i+1, bytes)
			}
			return nil
		})
	if err != nil {
		return err
	}
	if len(failed.Docs) > 0 {
		return &failed
	}
	return nil
}

// sorted passes docs on, ending with an error at the first document
// whose id is not above the one before: output order is input order, so
// unsorted input would make a bundle that validate rejects.
func sorted(docs iter.Seq2[corpus.Doc, error]) iter.Seq2[corpus.Doc, error] {
	return func(yield func(corpus.Doc, error) bool) {
		prev, first := "", true
		for d, err := range docs {
			if err == nil && !first && d.ID <= prev {
				err = fmt.Errorf("build: documents not sorted by id: %q before %q", prev, d.ID)
			}
			if err != nil {
				yield(corpus.Doc{}, err)
				return
			}
			if !yield(d, nil) {
				return
			}
			prev, first = d.ID, false
		}
	}
}

// readDoc reads listed document d of dir, its listed size sizing the
// buffer.
func readDoc(fsys fs.FS, dir string, d corpus.Doc) ([]byte, error) {
	f, err := fsys.Open(path.Join(dir, d.Name))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return corpus.ReadSized(f, normalize.MaxDocumentBytes, d.Size)
}

package release

import (
	"context"
	"errors"
	"io/fs"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/build"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/linecount"
)

// ListError lists every problem found listing a seeds directory (a file
// that is not a raw document, ids that collide, …), each naming the file.
type ListError = corpus.ListError

// DocErrors lists every document that could not become a record, each a
// *DocError naming the file.
type DocErrors = build.Errors

// DocError is one document that could not become a record.
type DocError = build.DocError

// ErrNoDocuments is returned by Build for a seeds directory without raw
// documents.
var ErrNoDocuments = errors.New("no raw documents (*" + corpus.Ext + ")")

// Ext is the file extension of raw documents.
const Ext = corpus.Ext

// Recipe derives the records of a corpus as a release does. Open lists
// the seeds directory and runs the repeated-line pre-pass, so the
// normalizer is configured with the corpus's statistics; every command
// that makes records from raw documents gets its normalizer and its
// rules record here, so they all make the same records.
type Recipe struct {
	fsys  fs.FS // nil for Standalone
	docs  *corpus.Listing
	opts  Options
	stats *normalize.LineStats // nil when the pass is off or did not run
	norm  *normalize.Normalizer
	rules bundle.Rules
}

// Open lists the seeds directory seeds (its root: use os.DirFS(dir) or
// fs.Sub) and, when the pass is on and the corpus has at least
// MinRepeatCorpus documents, counts the lines of every document (the
// pre-pass reads the corpus once). The listing is checked: a file that
// cannot be a raw document is a *ListError. The caller must Close the
// recipe.
func Open(ctx context.Context, seeds fs.FS, opts Options) (*Recipe, error) {
	r, err := list(seeds, opts)
	if err != nil {
		return nil, err
	}
	if err := r.count(ctx); err != nil {
		r.Close()
		return nil, err
	}
	if err := r.configure(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// list checks opts and lists seeds: the first step of Open, which
// reads no document.
func list(seeds fs.FS, opts Options) (*Recipe, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	docs, err := corpus.Open(seeds, ".", corpus.ListOptions{TempDir: opts.TempDir, RunSize: opts.ListRunSize})
	if err != nil {
		return nil, err
	}
	return &Recipe{fsys: seeds, docs: docs, opts: opts}, nil
}

// Standalone returns the recipe for documents outside any corpus: no
// corpus statistics, so no repeated-line pass. It has no documents.
func Standalone(opts Options) (*Recipe, error) {
	if err := opts.Check(); err != nil {
		return nil, err
	}
	r := &Recipe{opts: opts}
	if err := r.configure(); err != nil {
		return nil, err
	}
	return r, nil
}

// count runs the repeated-line pre-pass if it is on and the corpus is
// large enough.
func (r *Recipe) count(ctx context.Context) error {
	k := r.opts.k()
	if k == 0 || r.docs.Len() < MinRepeatCorpus {
		return nil
	}
	c := linecount.New(linecount.Options{TempDir: r.opts.TempDir, RunSize: r.opts.CountRunSize})
	defer c.Close()
	err := build.LineHashes(ctx, r.fsys, ".", r.docs.All(), r.opts.Workers, c.Add, r.progress(StageCount))
	if err != nil {
		return err
	}
	st, err := c.Repeated(k)
	if err != nil {
		return err
	}
	// Documents the normalizer refuses are not counted (the build then
	// fails on them); if too few are left, Configure ignores the
	// statistics, as the normalizer would.
	r.stats = st
	return nil
}

// configure makes the normalizer and the rules record.
func (r *Recipe) configure() error {
	n, rules, err := Configure(r.stats, r.opts)
	r.norm, r.rules = n, rules
	return err
}

// Configure returns the normalizer a build configures for a corpus
// whose repeated-line statistics are st, and the rules record its
// manifest stores: the rules file's version and sha256, the engine
// version and, when the pass runs, its K, document count and digest.
// st is what Recipe counts, or LineCounts.Stats(K) / FinalStats for a
// corpus counted in pieces; nil, statistics of fewer than
// MinRepeatCorpus documents, or the pass off in opts, all mean no pass,
// as in a build. A pipeline that builds a release elsewhere gets quire
// build's normalizer and rules record from here.
func Configure(st *normalize.LineStats, opts Options) (*normalize.Normalizer, bundle.Rules, error) {
	if err := opts.Check(); err != nil {
		return nil, bundle.Rules{}, err
	}
	k := opts.k()
	if k == 0 || st != nil && st.Docs() < MinRepeatCorpus {
		st = nil
	}
	nopts := normalize.Options{}
	if st != nil {
		nopts = normalize.Options{Repeats: st, RepeatDocs: k}
	}
	n, err := normalize.New(nopts)
	if err != nil {
		return nil, bundle.Rules{}, err
	}
	rules := bundle.Rules{Version: n.RulesVersion(), SHA256: n.RulesSHA256(), Engine: n.EngineVersion()}
	if st != nil {
		rules.Repeats = &bundle.Repeats{K: k, MinDocs: MinRepeatCorpus, Docs: st.Docs(), Full: st.Full(), Digest: st.Digest(k)}
	}
	return n, rules, nil
}

// Normalizer returns the normalizer configured with the corpus's
// statistics. It is safe for concurrent use.
func (r *Recipe) Normalizer() *normalize.Normalizer { return r.norm }

// Rules returns the rules record of a release of this corpus (its
// manifest's "rules"). Rules.Repeats is nil when the pass did not run.
func (r *Recipe) Rules() bundle.Rules { return r.rules }

// Len returns the number of documents.
func (r *Recipe) Len() int {
	if r.docs == nil {
		return 0
	}
	return r.docs.Len()
}

// Bytes returns the size of the documents, as listed.
func (r *Recipe) Bytes() int64 {
	if r.docs == nil {
		return 0
	}
	return r.docs.Bytes()
}

// Records normalizes every document on all cores and calls add with
// each record in id order, from one goroutine. If documents fail, every
// one is reported in a *DocErrors, and no record after the first failure
// reaches add.
func (r *Recipe) Records(ctx context.Context, add func(*record.Record) error) error {
	return prepared(ctx, r, func(rec *record.Record) (*record.Record, error) { return rec, nil }, add)
}

// prepared is Records with a per-record step on the workers (see
// build.Prepared).
func prepared[T any](ctx context.Context, r *Recipe, prepare func(*record.Record) (T, error), add func(T) error) error {
	if r.docs == nil {
		return nil
	}
	return build.Prepared(ctx, r.fsys, ".", r.docs.All(),
		build.Options{Normalizer: r.norm, Workers: r.opts.Workers, Progress: r.progress(StageRecords)},
		prepare, add)
}

// progress adapts Options.Progress to a stage's callback.
func (r *Recipe) progress(stage Stage) func(int, int64) {
	if r.opts.Progress == nil {
		return nil
	}
	total, totalBytes := r.docs.Len(), r.docs.Bytes()
	return func(done int, bytes int64) {
		r.opts.Progress(Progress{Stage: stage, Done: done, Total: total, Bytes: bytes, TotalBytes: totalBytes})
	}
}

// Close releases the listing.
func (r *Recipe) Close() error {
	if r.docs == nil {
		return nil
	}
	return r.docs.Close()
}

package job

import (
	"context"
	"io/fs"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/release"
	"github.com/quire-archive/quire/schema"
)

// hashes are the sorted, distinct line hashes of one document
// (normalize.LineHashes), for the corpus statistics.
type hashes struct {
	Pos  int64
	Sums []uint64
}

// line is one record, checked and encoded canonically (record.Marshal).
type line struct {
	Pos  int64
	ID   string
	Line []byte
}

// docError is a document that did not make a record, with quire build's
// message for it.
type docError struct {
	Pos  int64
	Name string
	Err  string
}

// hashFn hashes the lines of each document for the repeated-line
// statistics, when they will be used: with Repeats set and at least
// normalize.MinRepeatCorpus documents listed, as quire build decides.
// A document that cannot be read or cleaned is left out, as quire
// build's pre-pass leaves it out; normFn reports it.
type hashFn struct {
	Seeds   string
	Repeats int

	fsys    fs.FS
	release func()
}

func (f *hashFn) ProcessElement(ctx context.Context, d doc, l listing, emit func(hashes)) error {
	if !repeatsOn(f.Repeats, l) {
		return nil
	}
	if f.fsys == nil {
		fsys, release, err := openSeeds(ctx, f.Seeds)
		if err != nil {
			return err
		}
		f.fsys, f.release = fsys, release
	}
	data, err := readDoc(f.fsys, d)
	if err != nil {
		return nil
	}
	hs, err := normalize.LineHashes(data)
	if err != nil {
		return nil
	}
	emit(hashes{Pos: d.Pos, Sums: hs})
	return nil
}

func (f *hashFn) Teardown() {
	if f.release != nil {
		f.release()
	}
}

// repeatsOn is quire build's condition for the repeated-line pass.
func repeatsOn(k int, l listing) bool {
	return k > 0 && l.Docs >= normalize.MinRepeatCorpus
}

// lineStats builds the corpus statistics from every document's hashes
// with dataset/release's combinable counts (release.LineCounts: exact,
// so the order the hashes arrive in does not matter), and the
// manifest's record of them.
// Both are nil when the pass is off.
func lineStats(k int, l listing, all func(*hashes) bool) (*normalize.LineStats, *bundle.Repeats) {
	if !repeatsOn(k, l) {
		return nil, nil
	}
	counts := release.NewLineCounts() // exact counts: any order gives the same
	var h hashes
	for all(&h) {
		counts.AddDoc(h.Sums)
		h = hashes{}
	}
	stats := counts.Stats(k)
	if stats.Docs() < normalize.MinRepeatCorpus { // the normalizer would ignore them too
		return nil, nil
	}
	return stats, &bundle.Repeats{K: k, MinDocs: normalize.MinRepeatCorpus,
		Docs: stats.Docs(), Full: stats.Full(), Digest: stats.Digest(k)}
}

// normFn normalizes each document and checks its record as the bundle
// reader will (bundle.Prepare), on every worker at once. The record's
// canonical line goes on; a document that fails goes to the error
// output with quire build's message. The normalizer is made once per
// DoFn instance, from the statistics side input.
type normFn struct {
	Seeds   string
	Repeats int
	// FailOnce: see Options.failOnce.
	FailOnce string

	norm    *normalize.Normalizer
	sch     *schema.Schema
	fsys    fs.FS
	release func()
}

func (f *normFn) setup(ctx context.Context, l listing, all func(*hashes) bool) error {
	stats, _ := lineStats(f.Repeats, l, all)
	opts := normalize.Options{}
	if stats != nil {
		opts = normalize.Options{Repeats: stats, RepeatDocs: f.Repeats}
	}
	norm, err := normalize.New(opts)
	if err != nil {
		return err
	}
	sch, err := schema.Record()
	if err != nil {
		return err
	}
	fsys, release, err := openSeeds(ctx, f.Seeds)
	if err != nil {
		return err
	}
	f.norm, f.sch, f.fsys, f.release = norm, sch, fsys, release
	return nil
}

func (f *normFn) ProcessElement(ctx context.Context, d doc, l listing, all func(*hashes) bool, emit func(line), fail func(docError)) error {
	if f.norm == nil {
		if err := f.setup(ctx, l, all); err != nil {
			return err
		}
	}
	if err := failOnce(f.FailOnce, "normalize", d.Name); err != nil {
		return err
	}
	bad := func(err error) error {
		fail(docError{Pos: d.Pos, Name: d.Name, Err: err.Error()})
		return nil
	}
	data, err := readDoc(f.fsys, d)
	if err != nil {
		return bad(err)
	}
	id := d.Name[:len(d.Name)-len(".txt")]
	rec, err := f.norm.Normalize(normalize.Input{ID: id, Name: d.Name, Data: data})
	if err != nil {
		return bad(err)
	}
	if _, err := bundle.Prepare(f.sch, rec); err != nil {
		return bad(err)
	}
	b, err := record.Marshal(rec)
	if err != nil {
		return bad(err)
	}
	emit(line{Pos: d.Pos, ID: rec.ID, Line: b})
	return nil
}

func (f *normFn) Teardown() {
	if f.release != nil {
		f.release()
	}
}

// statsFn makes the manifest's record of the statistics, once.
type statsFn struct {
	Repeats int
}

// repeats is a bundle.Repeats that may be absent, as an element.
type repeats struct {
	On      bool
	Repeats bundle.Repeats
}

func (f *statsFn) ProcessElement(_ []byte, l listing, all func(*hashes) bool) repeats {
	_, r := lineStats(f.Repeats, l, all)
	if r == nil {
		return repeats{}
	}
	return repeats{On: true, Repeats: *r}
}

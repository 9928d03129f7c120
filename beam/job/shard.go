package job

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/schema"
)

// posLen is a record's place in the listing and its line's length:
// all the shard rule needs to know of it.
type posLen struct {
	Pos int64
	Len int
}

// cuts are the listing positions of the first record of every shard.
type cuts struct {
	Starts []int64
}

func lineLen(l line) posLen { return posLen{Pos: l.Pos, Len: len(l.Line)} }

// cutShards cuts the records, sorted, into shards by the format's rule
// (bundle.CutShards), on one worker: its input is two numbers a record.
func cutShards(_ []byte, all func(*posLen) bool) cuts {
	var ls []posLen
	var pl posLen
	for all(&pl) {
		ls = append(ls, pl)
	}
	slices.SortFunc(ls, func(a, b posLen) int { return int(a.Pos - b.Pos) })
	lens := make([]int, len(ls))
	for i, l := range ls {
		lens[i] = l.Len
	}
	var c cuts
	for _, i := range bundle.CutShards(lens) {
		c.Starts = append(c.Starts, ls[i].Pos)
	}
	return c
}

// shardOf keys each record by the number of its shard.
func shardOf(l line, c cuts) (int, line) {
	n := sort.Search(len(c.Starts), func(i int) bool { return c.Starts[i] > l.Pos }) - 1
	return n, l
}

// part is one built shard's bundle.ShardPart, as JSON (its strict
// decoder checks it when it arrives).
type part struct {
	N    int
	JSON []byte
}

// shardFn builds one shard from its records: sorts them, checks every
// line again where the shard is made (bundle.PrepareLine: the lines
// came from other workers), writes the shard's bytes and records list
// slice with bundle.BuildShard to staging files, and reads them back
// with bundle.VerifyShard, so that the assembly can trust the files it
// reads (AssembleOptions.SkipLineChecks).
//
// A retry writes the same bytes to the same names: each file is
// written to a fresh temporary name and renamed over the final one.
type shardFn struct {
	Staging string
	// FailOnce: see Options.failOnce.
	FailOnce string

	sch *schema.Schema
}

func (f *shardFn) ProcessElement(ctx context.Context, n int, all func(*line) bool) (part, error) {
	if f.sch == nil {
		sch, err := schema.Record()
		if err != nil {
			return part{}, err
		}
		f.sch = sch
	}
	var ls []line
	var l line
	for all(&l) {
		ls = append(ls, l)
		l = line{}
	}
	slices.SortFunc(ls, func(a, b line) int { return int(a.Pos - b.Pos) })
	recs := make([]bundle.CheckedRecord, len(ls))
	for i, l := range ls {
		c, err := bundle.PrepareLine(f.sch, l.Line)
		if err != nil {
			return part{}, fmt.Errorf("shard %d: record %q: %w", n, l.ID, err)
		}
		recs[i] = c
	}
	ls = nil
	bfs, err := filesystem.New(ctx, f.Staging)
	if err != nil {
		return part{}, err
	}
	defer bfs.Close()
	dataPath, listPath := shardFiles(f.Staging, n)
	data, err := createTemp(ctx, bfs, dataPath)
	if err != nil {
		return part{}, err
	}
	defer data.abort()
	list, err := createTemp(ctx, bfs, listPath)
	if err != nil {
		return part{}, err
	}
	defer list.abort()
	p, err := bundle.BuildShard(f.sch, n, recs, data, list)
	if err != nil {
		return part{}, err
	}
	recs = nil
	if err := failOnce(f.FailOnce, "shard", dataPath); err != nil {
		// As if the worker were lost before the renames: its temporary
		// files stay behind.
		data.Close()
		list.Close()
		data.done, list.done = true, true
		return part{}, err
	}
	if err := data.commit(); err != nil {
		return part{}, err
	}
	if err := list.commit(); err != nil {
		return part{}, err
	}
	dr, lr, err := openShard(ctx, bfs, f.Staging, n)
	if err != nil {
		return part{}, err
	}
	err = bundle.VerifyShard(f.sch, n, p, dr, lr)
	dr.Close()
	lr.Close()
	if err != nil {
		return part{}, err
	}
	js, err := json.Marshal(p)
	if err != nil {
		return part{}, err
	}
	return part{N: n, JSON: js}, nil
}

// shardFiles are the staging paths of shard n's bytes and list slice.
func shardFiles(staging string, n int) (data, list string) {
	base := join(staging, fmt.Sprintf("%06d", n))
	return base + ".jsonl", base + ".list"
}

// openShard opens shard n's staged files.
func openShard(ctx context.Context, bfs filesystem.Interface, staging string, n int) (data, list io.ReadCloser, err error) {
	dataPath, listPath := shardFiles(staging, n)
	if data, err = bfs.OpenRead(ctx, dataPath); err != nil {
		return nil, nil, err
	}
	if list, err = bfs.OpenRead(ctx, listPath); err != nil {
		data.Close()
		return nil, nil, err
	}
	return data, list, nil
}

// tempFile is a file being written to a temporary name beside its
// final path in a Beam file system, renamed over it by commit, so that
// a reader (or a retry) never sees a partial file at the final path,
// and a step that runs twice leaves the second run's bytes — the same.
type tempFile struct {
	io.WriteCloser
	ctx        context.Context
	fs         filesystem.Interface
	tmp, final string
	done       bool
}

func createTemp(ctx context.Context, bfs filesystem.Interface, final string) (*tempFile, error) {
	var rnd [8]byte
	rand.Read(rnd[:])
	tmp := final + ".tmp-" + hex.EncodeToString(rnd[:])
	w, err := bfs.OpenWrite(ctx, tmp)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", tmp, err)
	}
	return &tempFile{WriteCloser: w, ctx: ctx, fs: bfs, tmp: tmp, final: final}, nil
}

// commit closes the file and renames it into place.
func (t *tempFile) commit() error {
	t.done = true
	if err := t.Close(); err != nil {
		return fmt.Errorf("write %s: %w", t.tmp, err)
	}
	if err := filesystem.Rename(t.ctx, t.fs, t.tmp, t.final); err != nil {
		return fmt.Errorf("rename %s: %w", t.tmp, err)
	}
	return nil
}

// abort closes and removes the temporary file, if commit did not run.
func (t *tempFile) abort() {
	if t.done {
		return
	}
	t.done = true
	t.Close()
	if rm, ok := t.fs.(filesystem.Remover); ok {
		rm.Remove(t.ctx, t.tmp)
	}
}

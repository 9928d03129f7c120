package job

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/describe"
	"github.com/quire-archive/quire/dataset/metadata"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/atomicfile"
	"github.com/quire-archive/quire/schema"
)

// maxDocErrors is the number of failed documents named, as quire build
// names them (build.Options.MaxErrors' default).
const maxDocErrors = 1000

// assembleFn is the one sequential step: on one worker, once every
// shard is built, it writes the bundle from the staged shards with
// bundle.Assemble (the Writer's own code for everything after the
// shards) and commits it and its .sha256 as quire build does. If any
// document failed, it fails the job instead with quire build's
// messages, and nothing is written. Its one input is the impulse, so it
// runs even when no record was made.
type assembleFn struct {
	Seeds, Out, Staging string
	Name, Version       string
	// Epoch is SOURCE_DATE_EPOCH in seconds if HasEpoch.
	Epoch    int64
	HasEpoch bool
	Force    bool
	// FailOnce: see Options.failOnce.
	FailOnce string
	// Meta is the metadata file's bytes, named MetaName ("": none).
	Meta     []byte
	MetaName string
}

// describeShard adds the records of staged shard n to stats, in order.
func describeShard(ctx context.Context, sfs filesystem.Interface, staging string, n int, stats *describe.Stats) error {
	data, list, err := openShard(ctx, sfs, staging, n)
	if err != nil {
		return err
	}
	defer data.Close()
	list.Close()
	sc := bufio.NewScanner(data)
	sc.Buffer(make([]byte, 0, 64<<10), record.MaxLineBytes+1)
	for sc.Scan() {
		r, err := record.Unmarshal(sc.Bytes())
		if err != nil {
			return fmt.Errorf("shard %d: %w", n, err)
		}
		stats.Add(r, sc.Bytes())
	}
	return sc.Err()
}

func (f *assembleFn) ProcessElement(ctx context.Context, _ []byte, l listing, rep repeats,
	parts func(*part) bool, errs func(*docError) bool, emit func(string)) error {
	if err := f.docErrors(l, errs); err != nil {
		return err
	}
	var ps []part
	var p part
	for parts(&p) {
		ps = append(ps, p)
		p = part{}
	}
	slices.SortFunc(ps, func(a, b part) int { return a.N - b.N })
	shardParts := make([]bundle.ShardPart, len(ps))
	for i, p := range ps {
		if p.N != i {
			return fmt.Errorf("shard %d is missing: the parts are shards %s", i, partNumbers(ps))
		}
		if err := json.Unmarshal(p.JSON, &shardParts[i]); err != nil {
			return fmt.Errorf("shard %d: %w", i, err)
		}
	}
	norm, err := normalize.New(normalize.Options{})
	if err != nil {
		return err
	}
	sch, err := schema.Record()
	if err != nil {
		return err
	}
	rules := bundle.Rules{Version: norm.RulesVersion(), SHA256: norm.RulesSHA256(), Engine: norm.EngineVersion()}
	if rep.On {
		r := rep.Repeats
		rules.Repeats = &r
	}
	sfs, err := filesystem.New(ctx, f.Staging)
	if err != nil {
		return err
	}
	defer sfs.Close()
	// The bundle describes itself (dataset card, Frictionless, Croissant)
	// from the metadata file and statistics of the records in order, as
	// quire build gathers them while it writes: one pass over the shards.
	var meta *metadata.File
	var metaFile *bundle.MetadataFile
	if f.MetaName != "" {
		if meta, err = metadata.Read(bytes.NewReader(f.Meta), f.MetaName); err != nil {
			return err
		}
		metaFile = &bundle.MetadataFile{Path: f.MetaName, SHA256: meta.SHA256}
	}
	stats := describe.NewStats()
	for i := range shardParts {
		if err := describeShard(ctx, sfs, f.Staging, i, stats); err != nil {
			return err
		}
	}
	opts := bundle.WriterOptions{
		Name: f.Name, Version: f.Version, QuireVersion: QuireVersion, Schema: sch,
		Rules: rules, TempDir: os.TempDir(),
		Describe: describe.New(meta, sch.Bytes(), stats, norm.RuleFamily),
		Metadata: metaFile,
	}
	if f.HasEpoch {
		t := time.Unix(f.Epoch, 0).UTC()
		opts.SourceDateEpoch = &t
	}
	final := join(f.Out, f.Name+"-"+f.Version+".tar.zst")
	out, err := createOutput(ctx, f.Out, final)
	if err != nil {
		return err
	}
	defer out.abort()
	hash := sha256.New()
	_, err = bundle.Assemble(io.MultiWriter(out, hash), bundle.AssembleOptions{Writer: opts, SkipLineChecks: true}, shardParts,
		func(i int) (io.ReadCloser, io.ReadCloser, error) { return openShard(ctx, sfs, f.Staging, i) })
	if err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	digest := hex.EncodeToString(hash.Sum(nil))
	if old, err := out.existing(); err == nil && old != digest && !f.Force {
		return fmt.Errorf("%s exists with different content; nothing written\n"+
			"hint: a released version must not change: bump -version, or pass -force to replace it", final)
	}
	// As quire build: the new sidecar is written first, the old one
	// removed, the bundle renamed, then the sidecar, so a failure can
	// leave a bundle without a sidecar, never a stale one.
	side, err := createOutput(ctx, f.Out, final+".sha256")
	if err != nil {
		return err
	}
	defer side.abort()
	if _, err := io.WriteString(side, bundle.ChecksumLine(digest, path.Base(final))); err != nil {
		return fmt.Errorf("write %s.sha256: %w", final, err)
	}
	if err := side.removeFinal(); err != nil {
		return err
	}
	if err := out.commit(); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	if err := failOnce(f.FailOnce, "commit", final); err != nil {
		return err // a retry finds its own bundle in place
	}
	if err := side.commit(); err != nil {
		return fmt.Errorf("write %s.sha256: %w", final, err)
	}
	emit(final)
	return nil
}

// docErrors returns quire build's error for the failed documents, if
// any: each named with its path, in listing order, then the count.
func (f *assembleFn) docErrors(l listing, errs func(*docError) bool) error {
	var es []docError
	var e docError
	for errs(&e) {
		es = append(es, e)
		e = docError{}
	}
	if len(es) == 0 {
		return nil
	}
	slices.SortFunc(es, func(a, b docError) int { return int(a.Pos - b.Pos) })
	var b strings.Builder
	for _, e := range es[:min(len(es), maxDocErrors)] {
		fmt.Fprintf(&b, "%s: %s\n", join(f.Seeds, e.Name), e.Err)
	}
	if len(es) > maxDocErrors {
		fmt.Fprintf(&b, "… and %d more documents failed\n", len(es)-maxDocErrors)
	}
	fmt.Fprintf(&b, "nothing written: %d of %d documents failed", len(es), l.Docs)
	return errors.New(b.String())
}

func partNumbers(ps []part) string {
	ns := make([]string, len(ps))
	for i, p := range ps {
		ns[i] = fmt.Sprint(p.N)
	}
	return strings.Join(ns, ", ")
}

// output is the bundle or its sidecar being written: to a local
// directory through package atomicfile (fsync and rename, as quire
// build writes), elsewhere through a Beam file system's temporary name
// and rename.
type output interface {
	io.Writer
	commit() error
	abort()
	// existing returns the hex sha256 of the file at the final path, or
	// an error if there is none.
	existing() (string, error)
	// removeFinal removes the file at the final path, if any.
	removeFinal() error
}

func createOutput(ctx context.Context, dir, final string) (output, error) {
	if isLocal(final) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if _, err := atomicfile.Clean(dir); err != nil {
			return nil, fmt.Errorf("clean stale temporary files: %w", err)
		}
		f, err := atomicfile.Create(final, 0o644)
		if err != nil {
			return nil, err
		}
		return &localOutput{f, final}, nil
	}
	bfs, err := filesystem.New(ctx, final)
	if err != nil {
		return nil, err
	}
	t, err := createTemp(ctx, bfs, final)
	if err != nil {
		return nil, err
	}
	return &beamOutput{t}, nil
}

type localOutput struct {
	*atomicfile.File
	final string
}

func (o *localOutput) commit() error { return o.Commit() }
func (o *localOutput) abort()        { o.Abort() }
func (o *localOutput) existing() (string, error) {
	r, err := os.Open(o.final)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return sha256Of(r)
}
func (o *localOutput) removeFinal() error {
	if err := os.Remove(o.final); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

type beamOutput struct{ *tempFile }

func (o *beamOutput) existing() (string, error) {
	r, err := o.fs.OpenRead(o.ctx, o.final)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return sha256Of(r)
}
func (o *beamOutput) removeFinal() error {
	if _, err := o.fs.Size(o.ctx, o.final); err != nil {
		return nil // none
	}
	rm, ok := o.fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("remove %s: the file system cannot remove files", o.final)
	}
	return rm.Remove(o.ctx, o.final)
}

func sha256Of(r io.Reader) (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

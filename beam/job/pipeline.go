package job

import (
	"context"
	"fmt"
	"reflect"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	// The file systems a seeds or output directory may be in.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
)

func init() {
	for _, t := range []any{doc{}, listing{}, hashes{}, line{}, docError{}, posLen{}, cuts{}, part{}, repeats{}} {
		beam.RegisterType(reflect.TypeOf(t))
	}
	register.DoFn4x1[context.Context, []byte, func(doc), func(listing), error](&listFn{})
	register.DoFn4x1[context.Context, doc, listing, func(hashes), error](&hashFn{})
	register.DoFn6x1[context.Context, doc, listing, func(*hashes) bool, func(line), func(docError), error](&normFn{})
	register.DoFn3x1[[]byte, listing, func(*hashes) bool, repeats](&statsFn{})
	register.DoFn3x2[context.Context, int, func(*line) bool, part, error](&shardFn{})
	register.DoFn7x1[context.Context, []byte, listing, repeats, func(*part) bool, func(*docError) bool, func(string), error](&assembleFn{})
	register.Function1x1(lineLen)
	register.Function2x1(cutShards)
	register.Function2x2(shardOf)
	register.Emitter1[doc]()
	register.Emitter1[listing]()
	register.Emitter1[hashes]()
	register.Emitter1[line]()
	register.Emitter1[docError]()
	register.Emitter1[string]()
	register.Iter1[hashes]()
	register.Iter1[line]()
	register.Iter1[posLen]()
	register.Iter1[part]()
	register.Iter1[docError]()
}

// Build adds the release build of opts to the pipeline (the package
// doc's steps) and returns the collection of the bundle's path, which
// has one element once the bundle is committed. Call opts.Check first.
func Build(s beam.Scope, opts Options) beam.PCollection {
	s = s.Scope("quire.build")
	staging := opts.StagingDir()
	impulse := beam.Impulse(s)

	docs, total := beam.ParDo2(s.Scope("list"), &listFn{Seeds: opts.Seeds}, impulse)
	docs = beam.Reshuffle(s, docs)

	hs := beam.ParDo(s.Scope("line hashes"), &hashFn{Seeds: opts.Seeds, Repeats: opts.Repeats}, docs,
		beam.SideInput{Input: total})
	rep := beam.ParDo(s.Scope("line statistics"), &statsFn{Repeats: opts.Repeats}, impulse,
		beam.SideInput{Input: total}, beam.SideInput{Input: hs})

	lines, failed := beam.ParDo2(s.Scope("normalize"),
		&normFn{Seeds: opts.Seeds, Repeats: opts.Repeats, FailOnce: opts.failOnce}, docs,
		beam.SideInput{Input: total}, beam.SideInput{Input: hs})

	lens := beam.ParDo(s, lineLen, lines)
	cut := beam.ParDo(s.Scope("cut shards"), cutShards, impulse, beam.SideInput{Input: lens})
	keyed := beam.ParDo(s, shardOf, lines, beam.SideInput{Input: cut})
	parts := beam.ParDo(s.Scope("build shards"), &shardFn{Staging: staging, FailOnce: opts.failOnce},
		beam.GroupByKey(s, keyed))

	af := &assembleFn{Seeds: opts.Seeds, Out: opts.Out, Staging: staging,
		Name: opts.Name, Version: opts.Version, Force: opts.Force, FailOnce: opts.failOnce,
		Meta: opts.Metadata, MetaName: opts.MetadataName}
	if t := opts.SourceDateEpoch; t != nil {
		af.Epoch, af.HasEpoch = t.Unix(), true
	}
	return beam.ParDo(s.Scope("assemble"), af, impulse,
		beam.SideInput{Input: total}, beam.SideInput{Input: rep},
		beam.SideInput{Input: parts}, beam.SideInput{Input: failed})
}

// Cleanup removes the staging directory's files once the job is done
// (it is the launcher's to call: a step of the job may run again while
// the job runs, and needs what it staged).
func Cleanup(ctx context.Context, opts Options) error {
	dir := opts.StagingDir()
	bfs, err := filesystem.New(ctx, dir)
	if err != nil {
		return err
	}
	defer bfs.Close()
	names, err := bfs.List(ctx, join(dir, "*"))
	if err != nil {
		return fmt.Errorf("list %s: %w", dir, err)
	}
	rm, ok := bfs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("remove %s: the file system cannot remove files", dir)
	}
	for _, n := range names {
		if err := rm.Remove(ctx, n); err != nil {
			return fmt.Errorf("remove %s: %w", n, err)
		}
	}
	if isLocal(dir) {
		return removeDir(dir)
	}
	return nil
}

// Command quire-beam builds a quire release on Apache Beam: the bundle
// quire build writes, byte for byte, built by a pipeline that runs on
// Prism (in-process, the default), Flink, Spark or Dataflow.
//
// This package is wiring only: flags, the runner, the exit status. The
// pipeline is package job.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/quire-archive/quire/beam/job"
	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/dataset/metadata"
	"github.com/quire-archive/quire/dataset/normalize"
)

const (
	exitOK      = 0
	exitInvalid = 1 // the job failed: bad documents, an existing different bundle, a worker error
	exitTrouble = 2 // usage error
)

const usageText = `quire-beam: build a quire release on Apache Beam

USAGE
  quire-beam [-seeds DIR] [-out DIR] [-name N] [-version V] [-repeats K]
             [-staging DIR] [-force] [BEAM FLAGS]

Normalize every raw document of the seeds directory, validate each record
and write OUT/NAME-VERSION.tar.zst and its .sha256 — the same bytes that
'quire build' writes for the same seeds, flags and SOURCE_DATE_EPOCH —
as an Apache Beam pipeline: the documents are normalized on every
worker, the shards are built on every worker, and one worker assembles
the bundle (docs/SCALING.md).

DIR may be a local directory or, on a cluster, a directory every worker
reaches: gs://BUCKET/DIR or s3://BUCKET/DIR. The shards wait in the
staging directory (default OUT/.quire-beam-NAME-VERSION) until the
bundle is assembled; it is removed when the job succeeds.

Nothing is written unless every document normalizes and validates: the
job then fails with each bad document named, as quire build names it.

RUNNERS (Beam's flags)
  -runner=prism                           in this process (the default)
  -runner=flink -endpoint=HOST:8099 -environment_type=LOOPBACK
                                          Beam's Flink job server
  -runner=spark -endpoint=HOST:8099 -environment_type=LOOPBACK
                                          Beam's Spark job server
  -runner=dataflow -project=P -region=R -staging_location=gs://B/tmp
                                          Google Cloud Dataflow
On a cluster, workers run this program as a container
(-environment_type=DOCKER -environment_config=IMAGE) or beside it
(LOOPBACK, for a job server on this machine).

FLAGS
%s
EXIT STATUS
  0  bundle written
  1  the job failed: bad documents, a different bundle of the same name
     and version exists, or a worker's error
  2  usage error
`

func main() {
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.CommandLine // Beam's flags are on the global flag set
	seeds := fs.String("seeds", "seeds", "`directory` of raw documents")
	out := fs.String("out", "dist", "output `directory`")
	staging := fs.String("staging", "", "`directory` for the shards until the bundle is assembled (default OUT/.quire-beam-NAME-VERSION)")
	name := fs.String("name", "dataset", "dataset `name` (a-z, 0-9, '.', '_', '-')")
	version := fs.String("version", "0.1.0", "dataset `version` (semver)")
	repeats := fs.Int("repeats", normalize.DefaultRepeatDocs, "remove lines found in at least `K` documents of the corpus (from "+fmt.Sprint(normalize.MinRepeatCorpus)+" documents on; 0: off)")
	force := fs.Bool("force", false, "replace an existing bundle of the same name and version")
	meta := fs.String("metadata", "", "the dataset's metadata `file` (default: quire.toml beside the seeds directory, if there)")
	fs.SetOutput(stderr)
	fs.Usage = func() {
		var b strings.Builder
		fs.SetOutput(&b)
		for _, n := range []string{"seeds", "out", "staging", "name", "version", "repeats", "force", "metadata"} {
			f := fs.Lookup(n)
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(&b, "  -%s %s\n    \t%s\n", n, name, usage)
		}
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, usageText, b.String())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitTrouble
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "quire-beam: error: no arguments expected (got %q); use -seeds DIR\n", fs.Args())
		return exitTrouble
	}
	epoch, err := job.ParseSourceDateEpoch(getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		fmt.Fprintf(stderr, "quire-beam: error: %v\n", err)
		return exitTrouble
	}
	opts := job.Options{Seeds: *seeds, Out: *out, Staging: *staging, Name: *name, Version: *version,
		Repeats: *repeats, SourceDateEpoch: epoch, Force: *force}
	// The metadata file, found as quire build finds it.
	metaPath, explicit := *meta, *meta != ""
	if !explicit {
		metaPath = filepath.Join(filepath.Dir(filepath.Clean(*seeds)), metadata.FileName)
	}
	if b, err := os.ReadFile(metaPath); err == nil {
		opts.Metadata, opts.MetadataName = b, filepath.Base(metaPath)
	} else if explicit || !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stderr, "quire-beam: error: metadata: %v\n", err)
		return exitTrouble
	}
	if err := opts.Check(); err != nil {
		fmt.Fprintf(stderr, "quire-beam: error: %v\n", err)
		return exitTrouble
	}
	// As quire build: a quire add killed half-way leaves a journal, rolled
	// back before the seeds are read, so a build never sees half an add.
	// (Only for a local directory: quire add writes only there.)
	if fi, err := os.Stat(*seeds); err == nil && fi.IsDir() && !strings.Contains(*seeds, "://") {
		rolled, err := contrib.Recover(*seeds)
		if err != nil {
			fmt.Fprintf(stderr, "quire-beam: error: %s: recover an interrupted quire add: %v\n", *seeds, err)
			return exitTrouble
		}
		for _, name := range rolled {
			fmt.Fprintf(stderr, "quire-beam: hint: rolled back %s, left by an interrupted quire add\n", filepath.Join(*seeds, name))
		}
	}
	beam.Init()
	p, s := beam.NewPipelineWithRoot()
	job.Build(s, opts)
	ctx := context.Background()
	if err := beamx.Run(ctx, p); err != nil {
		fmt.Fprintf(stderr, "quire-beam: error: the job failed: %v\n", err)
		return exitInvalid
	}
	if err := job.Cleanup(ctx, opts); err != nil {
		fmt.Fprintf(stderr, "quire-beam: error: remove the staging directory: %v\n", err)
		return exitTrouble
	}
	fmt.Fprintln(stdout, opts.BundlePath())
	return exitOK
}

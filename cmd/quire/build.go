package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/dataset/release"
	"github.com/quire-archive/quire/internal/atomicfile"
)

const buildHelp = `
Normalize every raw document in the seeds directory, validate each record
against the record schema, and write the release bundle
OUT/NAME-VERSION.tar.zst with OUT/NAME-VERSION.tar.zst.sha256 beside it
(a line that 'sha256sum -c' accepts).

The bundle is byte-reproducible: the same documents give the same bytes
on any machine, whatever the file order, umask, time zone or number of
cores. Timestamps come only from SOURCE_DATE_EPOCH (seconds since 1970,
at most 8589934591); without it every timestamp is zero.

Nothing is written unless every document normalizes and validates: each
bad document is reported with its file name and location. The bundle is
written to a temporary file and renamed into place, so an interrupted
build never leaves a partial bundle, and an existing bundle of the same
name is replaced only by identical bytes unless -force is given.

Releases: with -previous OLD, the build is compared with the last
release as it goes, a version that is not a large enough semver bump is
refused, and the comparison goes into the bundle as release notes. With
-bump, the previous release is the highest version of NAME in OUT and
the version is the smallest one the changes allow (records removed or
renamed: major; added: minor; otherwise patch; one level lower before
1.0.0); with no release in OUT yet, it is 0.1.0. When nothing changed,
-bump writes nothing and prints the previous bundle.

Every bundle describes itself: a dataset card (README.md), a Frictionless
datapackage.json, a Croissant croissant.json and descriptive bag-info.txt
fields, from the dataset's metadata file — quire.toml beside the seeds
directory, or -metadata FILE; 'quire init' writes one — whose sha256 the
manifest records. Without it nothing is invented: the card states no
licence. A metadata file with a problem stops the build (docs/METADATA.md).

Corpus-level repetition: with at least 50 documents, a pre-pass first
counts, for every line, the documents it appears in; lines found in at
least -repeats K documents are removed unless they are good prose. The
counts are exact, whatever the corpus size.

Memory does not grow with the corpus. Past 65,536 documents the sorted
listing of the seeds directory, and past about 2 million lines the line
counts of the pre-pass, are spilled to temporary files in $TMPDIR
(default /tmp; about 60 bytes a document and 12 bytes a distinct line of
each document, removed at exit); set TMPDIR to put them elsewhere, for
instance when /tmp is held in memory.
`

// buildMemoryLimit is the soft heap limit of quire build.
const buildMemoryLimit = 160 << 20

// flagNames maps an option the release package names to the flag or
// variable that sets it.
var flagNames = map[string]string{"name": "-name", "version": "-version", "repeats": "-repeats", "workers": "-j", "bump": "-bump"}

func runBuild(e *env, args []string) int {
	fs := newFlags(e, "build", "[flags]", buildHelp)
	var f buildFlags
	fs.StringVar(&f.seeds, "seeds", "seeds", "`directory` of raw documents")
	fs.StringVar(&f.out, "out", "dist", "output `directory`")
	fs.StringVar(&f.name, "name", "dataset", "dataset `name` (a-z, 0-9, '.', '_', '-')")
	fs.StringVar(&f.version, "version", "0.1.0", "dataset `version` (semver)")
	fs.IntVar(&f.workers, "j", 0, "normalize with `N` workers (0: one per core)")
	force := fs.Bool("force", false, "replace an existing bundle of the same name and version")
	fs.IntVar(&f.repeats, "repeats", release.DefaultRepeats, "remove lines found in at least `K` documents of the corpus (a pre-pass, used from "+strconv.Itoa(release.MinRepeatCorpus)+" documents on; 0: off)")
	fs.StringVar(&f.previous, "previous", "", "previous release `bundle`: refuse a version that is not a large enough semver bump, and write release notes into the bundle")
	fs.BoolVar(&f.bump, "bump", false, "choose the version: the smallest semver bump from the latest release of NAME in OUT (or -previous), 0.1.0 for the first")
	quiet := fs.Bool("quiet", false, "no progress output")
	fs.StringVar(&f.metadata, "metadata", "", "the dataset's metadata `file` (default: quire.toml beside the seeds directory, if there is one)")
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		e.errorf("build takes no arguments (got %q); use -seeds DIR", pos)
		return exitTrouble
	}
	fs.Visit(func(fl *flag.Flag) { f.versionSet = f.versionSet || fl.Name == "version" })
	opts, code := f.options(e)
	if code != exitOK {
		return code
	}
	// The metadata file is read and checked before the corpus is.
	metaPath, explicit := metadataPath(f.metadata, f.seeds)
	if opts.Metadata, code = e.readMetadata(metaPath, explicit, "nothing written", "or build without it by moving it away"); code != exitOK {
		return code
	}
	opts.MetadataName = filepath.Base(metaPath)
	prog := e.stageProgress(*quiet, map[release.Stage]string{release.StageCount: "count lines", release.StageRecords: "build"})
	opts.Progress = prog.update
	b, err := release.NewBuilder(opts)
	if err != nil {
		return e.optionError(err)
	}
	// Keep the heap well inside the 256 MiB a build may use whatever the
	// corpus size: a soft limit makes the collector work harder rather
	// than let garbage pile up (GOMEMLIMIT, if set, wins).
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	if !e.prepareSeeds(f.seeds) || !e.prepareOut(f.out) {
		return exitTrouble
	}
	noMeta := ""
	if opts.Metadata == nil {
		noMeta = metaPath
	}
	return e.writeRelease(b, f.seeds, f.out, *force, *quiet, prog, noMeta)
}

// buildFlags are the flags of quire build that make its release options.
type buildFlags struct {
	seeds, out, name, version, previous, metadata string
	workers, repeats                              int
	bump, versionSet                              bool
}

// options turns the flags into release options, finding the previous
// release in the output directory for -bump; it reports what is wrong
// and returns the exit status.
func (f *buildFlags) options(e *env) (release.BuildOptions, int) {
	epoch, err := release.ParseSourceDateEpoch(e.getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return release.BuildOptions{}, e.optionError(err)
	}
	ro := e.recipeOptions(f.repeats)
	ro.Workers = f.workers
	opts := release.BuildOptions{Options: ro, Name: f.name, Version: f.version,
		SourceDateEpoch: epoch, QuireVersion: quireVersion, WriterTempDir: f.out}
	previous := f.previous
	if f.bump {
		if f.versionSet {
			e.errorf("-bump chooses the version: give -version or -bump, not both")
			return opts, exitTrouble
		}
		if previous == "" {
			if previous, err = latestRelease(f.out, f.name); err != nil {
				e.errorf("-bump: %v", err)
				return opts, exitTrouble
			}
		}
		if previous == "" {
			fmt.Fprintf(e.stderr, "quire: no release of %s in %s yet: this is version %s\n", f.name, f.out, f.version)
		} else {
			opts.Bump, opts.Version = true, ""
		}
	}
	if previous != "" {
		opts.Previous = &release.Previous{Label: previous, Open: func() (io.ReadCloser, error) { return os.Open(previous) }}
	}
	return opts, exitOK
}

// latestRelease finds the highest version of dataset name in dir.
func latestRelease(dir, name string) (string, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	var names []string
	for _, ent := range ents {
		if ent.Type().IsRegular() {
			names = append(names, ent.Name())
		}
	}
	if f := release.LatestRelease(names, name); f != "" {
		return filepath.Join(dir, f), nil
	}
	return "", nil
}

// prepareSeeds checks the seeds directory and rolls back an interrupted
// quire add there, so a build never sees half an add.
func (e *env) prepareSeeds(seeds string) bool {
	// Reading goes through os.DirFS, whose errors name the directory
	// "."; check it here so the message names it.
	if fi, err := os.Stat(seeds); err != nil || !fi.IsDir() {
		if err == nil {
			err = errors.New("not a directory")
		} else if pe := (*os.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err
		}
		e.errorf("seeds directory %s: %v", seeds, err)
		e.hintf("give the directory of raw documents with -seeds DIR")
		return false
	}
	rolled, err := contrib.Recover(seeds)
	if err != nil {
		e.errorf("%s: recover an interrupted quire add: %v", seeds, err)
		return false
	}
	for _, name := range rolled {
		e.hintf("rolled back %s, left by an interrupted quire add", filepath.Join(seeds, name))
	}
	return true
}

// prepareOut makes the output directory and removes temporary files
// that killed builds left there.
func (e *env) prepareOut(out string) bool {
	if err := os.MkdirAll(out, 0o755); err != nil {
		e.errorf("%v", err)
		return false
	}
	if _, err := atomicfile.Clean(out); err != nil {
		e.errorf("clean stale temporary files: %v", err)
		return false
	}
	return true
}

// writeRelease builds into a temporary file beside the final bundle and
// commits it with its sidecar.
// noMeta, when not "", is the metadata file the build looked for and did
// not find: a hint says what the release lacks.
func (e *env) writeRelease(b *release.Builder, seeds, out string, force, quiet bool, prog *stageProgress, noMeta string) int {
	fsys := os.DirFS(seeds)
	version, err := b.Version(fsys)
	if err != nil {
		return e.buildError(err, seeds, nil)
	}
	final := filepath.Join(out, release.BundleName(b.Name(), version))
	f, err := atomicfile.Create(final, 0o644)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer f.Abort()
	hash := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, hash), 1<<20)
	res, err := b.Build(context.Background(), fsys, bw)
	prog.finish()
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return e.buildError(err, seeds, res)
	}
	digest := hex.EncodeToString(hash.Sum(nil))
	if code := e.commitBundle(f, final, digest, force); code != exitOK {
		return code
	}
	fmt.Fprintf(e.stdout, "%s\n", final)
	if !quiet {
		s := res.Summary
		fmt.Fprintf(e.stderr, "quire: built %s: %d records in %d shard(s), %d bytes (tar %d bytes)\n",
			final, s.Records, s.Shards, s.CompressedBytes, s.TarBytes)
		fmt.Fprintf(e.stderr, "quire: sha256 %s, tar sha256 %s\n", digest, s.TarSHA256)
		if noMeta != "" {
			e.hintf("no metadata file (%s): the release's card states no licence, description or contact; 'quire init' writes one", noMeta)
		}
	}
	return exitOK
}

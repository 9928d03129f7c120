package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/dataset/describe"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/atomicfile"
	"github.com/quire-archive/quire/internal/build"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/schema"
)

const buildHelp = `
Normalize every raw document in the seeds directory, validate each record
against the record schema, and write the release bundle
OUT/NAME-VERSION.tar.zst with OUT/NAME-VERSION.tar.zst.sha256 beside it
(a line that 'sha256sum -c' accepts).

The bundle is byte-reproducible: the same documents give the same bytes
on any machine, whatever the file order, umask, time zone or number of
cores. Timestamps come only from SOURCE_DATE_EPOCH (seconds since 1970);
without it every timestamp is zero.

Nothing is written unless every document normalizes and validates: each
bad document is reported with its file name and location. The bundle is
written to a temporary file and renamed into place, so an interrupted
build never leaves a partial bundle, and an existing bundle of the same
name is replaced only by identical bytes unless -force is given.

Every bundle describes itself: a dataset card (README.md), a Frictionless
datapackage.json, a Croissant croissant.json and descriptive bag-info.txt
fields, from the dataset's metadata file — quire.toml beside the seeds
directory, or -metadata FILE; 'quire init' writes one — whose sha256 the
manifest records. Without it nothing is invented: the card states no
licence. A metadata file with a problem stops the build (docs/METADATA.md).

Memory does not grow with the corpus. Past 65,536 documents the sorted
listing of the seeds directory is spilled to a temporary file in
$TMPDIR (default /tmp; about 60 bytes a document, removed at exit); set
TMPDIR to put it elsewhere, for instance when /tmp is held in memory.
`

// buildMemoryLimit is the soft heap limit of quire build.
const buildMemoryLimit = 160 << 20

var namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

func runBuild(e *env, args []string) int {
	fs := newFlags(e, "build", "[flags]", buildHelp)
	seeds := fs.String("seeds", "seeds", "`directory` of raw documents")
	out := fs.String("out", "dist", "output `directory`")
	name := fs.String("name", "dataset", "dataset `name` (a-z, 0-9, '.', '_', '-')")
	version := fs.String("version", "0.1.0", "dataset `version` (semver)")
	workers := fs.Int("j", 0, "normalize with `N` workers (0: one per core)")
	force := fs.Bool("force", false, "replace an existing bundle of the same name and version")
	repeats := fs.Int("repeats", normalize.DefaultRepeatDocs, "remove lines found in at least `K` documents of the corpus (a pre-pass, used from "+strconv.Itoa(normalize.MinRepeatCorpus)+" documents on; 0: off)")
	previous := fs.String("previous", "", "previous release `bundle`: refuse a version that is not a large enough semver bump, and write release notes into the bundle")
	quiet := fs.Bool("quiet", false, "no progress output")
	metaFlag := fs.String("metadata", "", "the dataset's metadata `file` (default: quire.toml beside the seeds directory, if there is one)")
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		e.errorf("build takes no arguments (got %q); use -seeds DIR", pos)
		return exitTrouble
	}
	if !namePattern.MatchString(*name) {
		e.errorf("-name %q: use 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit", *name)
		return exitTrouble
	}
	// Keep the heap well inside the 256 MiB a build may use whatever the
	// corpus size: a soft limit makes the collector work harder rather
	// than let garbage pile up (GOMEMLIMIT, if set, wins).
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	epoch, err := sourceDateEpoch(e)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	metaPath, explicit := metadataPath(*metaFlag, *seeds)
	meta, code := e.readMetadata(metaPath, explicit)
	if code != exitOK {
		return code
	}

	// The listing below reads the directory through os.DirFS, whose
	// errors name it "."; check it here so the message names it.
	if fi, err := os.Stat(*seeds); err != nil || !fi.IsDir() {
		if err == nil {
			err = errors.New("not a directory")
		} else if pe := (*os.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err
		}
		e.errorf("seeds directory %s: %v", *seeds, err)
		e.hintf("give the directory of raw documents with -seeds DIR")
		return exitTrouble
	}
	// A quire add killed half-way leaves a journal: finish rolling it
	// back before the seeds are read, so a build never sees half an add.
	rolled, err := contrib.Recover(*seeds)
	if err != nil {
		e.errorf("%s: recover an interrupted quire add: %v", *seeds, err)
		return exitTrouble
	}
	for _, name := range rolled {
		e.hintf("rolled back %s, left by an interrupted quire add", filepath.Join(*seeds, name))
	}
	// The listing is sorted on disk past corpus.DefaultRunSize documents
	// (in os.TempDir: -out may not exist yet), so its memory does not
	// grow with the corpus; it is read twice, by the repeated-line
	// pre-pass and by the build.
	docs, err := corpus.Open(os.DirFS(*seeds), ".", e.listing)
	if err != nil {
		var le *corpus.ListError
		if errors.As(err, &le) {
			for _, p := range le.Problems {
				e.errorf("%s", filepath.Join(*seeds, p))
			}
			if le.Dropped > 0 {
				e.errorf("… and %d more problems in %s", le.Dropped, *seeds)
			}
			return exitInvalid
		}
		e.errorf("list %s: %v", *seeds, err)
		return exitTrouble
	}
	defer docs.Close()
	if docs.Len() == 0 {
		e.errorf("%s: no raw documents (*%s) to build from", *seeds, corpus.Ext)
		return exitInvalid
	}
	if *repeats == 1 || *repeats < 0 {
		e.errorf("-repeats %d: want 0 (off) or at least 2", *repeats)
		return exitTrouble
	}
	// The corpus-level repeated-line pass needs a corpus: below
	// MinRepeatCorpus documents recurrence means nothing, and it is off.
	normOpts := normalize.Options{}
	rules := bundle.Rules{}
	if *repeats > 0 && docs.Len() >= normalize.MinRepeatCorpus {
		// The pre-pass reads every document once before the build proper
		// starts: it gets a progress line of its own.
		count := e.newProgress(*quiet, "count lines", "documents", int64(docs.Len()))
		stats, err := build.LineStats(context.Background(), os.DirFS(*seeds), ".", docs.All(), *workers, count.update)
		count.finish()
		if err != nil {
			e.errorf("%v", err)
			return exitTrouble
		}
		if stats.Docs() >= normalize.MinRepeatCorpus { // else the normalizer ignores them too
			normOpts = normalize.Options{Repeats: stats, RepeatDocs: *repeats}
			rules.Repeats = &bundle.Repeats{K: *repeats, MinDocs: normalize.MinRepeatCorpus,
				Docs: stats.Docs(), Full: stats.Full(), Digest: stats.Digest(*repeats)}
		}
	}
	norm, err := normalize.New(normOpts)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	rules.Version, rules.SHA256 = norm.RulesVersion(), norm.RulesSHA256()
	sch, err := schema.Record()
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}

	if err := os.MkdirAll(*out, 0o755); err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	if _, err := atomicfile.Clean(*out); err != nil {
		e.errorf("clean stale temporary files: %v", err)
		return exitTrouble
	}
	final := filepath.Join(*out, *name+"-"+*version+".tar.zst")
	f, err := atomicfile.Create(final, 0o644)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer f.Abort()
	hash := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, hash), 1<<20)
	// The bundle describes itself (card, Frictionless, Croissant,
	// bag-info) from the metadata file, the manifest and statistics of
	// the records gathered as they are written.
	stats := describe.NewStats()
	var metaFile *bundle.MetadataFile
	if meta != nil {
		metaFile = &bundle.MetadataFile{Path: filepath.Base(metaPath), SHA256: meta.SHA256}
	}
	w, err := bundle.NewWriter(bw, bundle.WriterOptions{
		Name: *name, Version: *version, QuireVersion: quireVersion, Schema: sch,
		Rules:           rules,
		SourceDateEpoch: epoch, TempDir: *out,
		Describe: describe.New(meta, sch.Bytes(), stats, norm.RuleFamily),
		Metadata: metaFile,
	})
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer w.Abort()
	// Encoding and schema validation run on the normalizing workers; the
	// writer only takes checked records in order. With -previous, each
	// record is also handed to the diff against the previous release.
	type prepared struct {
		rec     *record.Record
		checked bundle.CheckedRecord
		line    []byte // for the statistics
	}
	var rel *releaseDiff
	if *previous != "" {
		created := ""
		if epoch != nil {
			created = epoch.Format(time.RFC3339)
		}
		rel, err = startReleaseDiff(*previous, nextSideInfo(final, *name, *version, created, sch.Bytes(), rules))
		if err != nil {
			e.errorf("-previous: %v", err)
			return exitTrouble
		}
		defer rel.Abort()
	}
	prog := e.newProgress(*quiet, "build", "documents", int64(docs.Len()))
	err = build.Prepared(context.Background(), os.DirFS(*seeds), ".", docs.All(),
		build.Options{Normalizer: norm, Workers: *workers, Progress: prog.update},
		func(r *record.Record) (prepared, error) {
			c, err := bundle.Prepare(sch, r)
			if err != nil {
				return prepared{}, err
			}
			line, err := record.Marshal(r)
			return prepared{r, c, line}, err
		},
		func(p prepared) error {
			if rel != nil {
				if err := rel.Send(p.rec); err != nil {
					return err
				}
			}
			stats.Add(p.rec, p.line)
			return w.AddChecked(p.checked)
		})
	prog.finish()
	if err != nil {
		var be *build.Errors
		if errors.As(err, &be) {
			for _, d := range be.Docs {
				e.errorf("%s: %v", filepath.Join(*seeds, d.Name), d.Err)
			}
			if be.Dropped > 0 {
				e.errorf("… and %d more documents failed", be.Dropped)
			}
			e.errorf("nothing written: %d of %d documents failed", len(be.Docs)+be.Dropped, docs.Len())
			return exitInvalid
		}
		e.errorf("%v", err)
		e.errorf("nothing written")
		return exitInvalid
	}
	if rel != nil {
		res, notes, err := rel.Finish()
		if err != nil {
			e.errorf("%v", err)
			e.errorf("nothing written")
			return exitInvalid
		}
		bump := diff.Required(res)
		if err := diff.CheckVersion(rel.PreviousVersion(), *version, bump); err != nil {
			e.errorf("version %s after %s: %v; nothing written", *version, rel.PreviousVersion(), err)
			for _, r := range bump.Reasons {
				e.hintf("%s: %s", r.Level, r.Why)
			}
			return exitInvalid
		}
		if err := w.SetNotes(notes); err != nil {
			e.errorf("%v", err)
			return exitTrouble
		}
	}
	sum, err := w.Close()
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		e.errorf("write %s: %v", final, err)
		return exitTrouble
	}
	digest := hex.EncodeToString(hash.Sum(nil))
	if old, err := fileSHA256(final); err == nil && old != digest && !*force {
		e.errorf("%s exists with different content; nothing written", final)
		e.hintf("a released version must not change: bump -version, or pass -force to replace it")
		return exitInvalid
	}
	// The sidecar must never disagree with the bundle, even if the build
	// is killed between the two renames: the new sidecar is written
	// first, the old one removed, the bundle renamed, then the sidecar.
	// A kill can leave a bundle without a sidecar, never a stale one.
	side, err := atomicfile.Create(final+".sha256", 0o644)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer side.Abort()
	if _, err := fmt.Fprintf(side, "%s  %s\n", digest, filepath.Base(final)); err != nil {
		e.errorf("write %s.sha256: %v", final, err)
		return exitTrouble
	}
	if err := os.Remove(final + ".sha256"); err != nil && !errors.Is(err, os.ErrNotExist) {
		e.errorf("%v", err)
		return exitTrouble
	}
	if err := f.Commit(); err != nil {
		e.errorf("write %s: %v", final, err)
		return exitTrouble
	}
	if err := side.Commit(); err != nil {
		e.errorf("write %s.sha256: %v", final, err)
		return exitTrouble
	}
	fmt.Fprintf(e.stdout, "%s\n", final)
	if !*quiet {
		fmt.Fprintf(e.stderr, "quire: built %s: %d records in %d shard(s), %d bytes (tar %d bytes)\n",
			final, sum.Records, sum.Shards, sum.CompressedBytes, sum.TarBytes)
		fmt.Fprintf(e.stderr, "quire: sha256 %s, tar sha256 %s\n", digest, sum.TarSHA256)
		if meta == nil {
			e.hintf("no metadata file (%s): the release's card states no licence, description or contact; 'quire init' writes one", metaPath)
		}
	}
	return exitOK
}

// sourceDateEpoch reads SOURCE_DATE_EPOCH (reproducible-builds.org):
// the only source of timestamps in a bundle.
func sourceDateEpoch(e *env) (*time.Time, error) {
	s := e.getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return nil, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want whole seconds since 1970 (0 to 253402300799)", s)
	}
	t := time.Unix(n, 0).UTC()
	return &t, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

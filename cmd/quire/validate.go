package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/dataset/release"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/dedup"
	"github.com/quire-archive/quire/internal/safefile"
	"github.com/quire-archive/quire/schema"
)

const validateHelp = `
Check release bundles and contributions, and report every problem found,
each with a stable code (e.g. Q101 invalid-utf8), a severity, a location
(file, line, column, record id, JSON pointer) and what to do. validate
never changes its inputs. The codes are listed in docs/CONTRIBUTING.md.

Each PATH is, judged by its content rather than its name (the same rule
for a file named here and one found in a directory):
  a bundle     (.tar.zst) checked at one of three levels:
                 fast      the zstd stream and trailer, the tar structure,
                           every size limit and the tar sha256
                 complete  fast + the member set and order, path rules,
                           BagIt tag files, the manifest's syntax and version
                 full      complete + every checksum, Payload-Oxum and
                           every record against the schema (the default)
               At every level the zstd frames must match the sizes and
               sha256 the trailer records. A copy without the trailer
               (recompressed by zstd, say) has its content verified and is
               reported with warning Q311 (an error with -strict). When
               BUNDLE.sha256 exists (quire build writes it), the file must
               have that sha256 (Q312).
               With -pubkey, the bundle's minisign signature (BUNDLE.minisig)
               is verified first, and the bundle is parsed only if it holds:
               checksums prove integrity, only a signature proves who made it.
  a raw document, or a directory of them: size, encoding, file name, the
               normalizer and the schema, then the dataset checks
  JSON Lines of records: each line on its own (syntax, schema, canonical
               form, boilerplate left in the text), then the dataset checks

Only plain files are read: a symbolic link, FIFO, device or socket,
named here or found in a directory, is an error (Q109), never followed
or waited on. A document needs at least 25 words of prose to be an
article (Q110).

Dataset checks compare raw documents and records with the dataset given
by -against (a seeds directory, a bundle or JSON Lines; default ./seeds
when it exists) and with each other: id collisions, exact duplicates and
near-duplicates (MinHash over 5-word shingles of prose lines; see
-near-threshold). Without a dataset they cannot run, and the summary
says so. Raw documents are normalized as a build of that dataset would
normalize them: against a seeds directory, with its repeated-line
statistics (as quire build -repeats 5); against a bundle or JSON Lines,
without corpus statistics. Against a seeds directory, raw documents must
be named NNN_<first 16 hex of sha256>.txt, also those already in it.
Suspicious content (HTML, mojibake, a short text) is reported as
warnings.

Languages: a dataset may be in any language. A text whose language (the
record's, as the normalizer detects it) is not one the dataset takes,
or that has no detected language (no running text in one language
quire knows), gets warning Q607. The languages the dataset takes are
those its metadata file declares (languages = ["de", "en"]): -metadata
FILE, else quire.toml beside the -against seeds directory, the file
quire build reads. Without declared languages, those of the dataset's
records count (read as it is indexed); without a dataset, only a text of
no language is reported. A metadata file with a problem stops validate
(exit 2), as it stops a build.

Output formats: text (grouped per input, summary line last), json (one
object per problem per line, then a summary object) and github (GitHub
Actions annotations, then the summary line). Untrusted names are escaped
in every format.

On a terminal, a progress line on stderr shows the bytes read of each
input (and of the -against dataset) against its size, the rate and the
time left; it is cleared before the report and never shown with -quiet,
-format json or when stderr is not a terminal.
`

// contribFlags are the flags that validate and add share.
type contribFlags struct {
	format    *string
	strict    *bool
	threshold *float64
	minWords  *int
	metadata  *string
}

func addContribFlags(fs *flag.FlagSet) contribFlags {
	return contribFlags{
		format:    fs.String("format", report.FormatText, "output `format`: text, json or github"),
		strict:    fs.Bool("strict", false, "treat warnings as errors"),
		threshold: fs.Float64("near-threshold", contrib.DefaultNearThreshold, "report texts at least this `similar` (0-1, estimated Jaccard) as near-duplicates"),
		minWords:  fs.Int("min-words", contrib.DefaultMinWords, "warn about texts with fewer `words`"),
		metadata:  fs.String("metadata", "", "the dataset's metadata `file`, for the languages it declares (default: quire.toml beside the seeds directory, if there is one)"),
	}
}

func (f contribFlags) check(e *env) bool {
	switch *f.format {
	case report.FormatText, report.FormatJSON, report.FormatGitHub:
	default:
		e.errorf("unknown -format %q (want text, json or github)", *f.format)
		return false
	}
	if *f.threshold <= 0 || *f.threshold > 1 {
		e.errorf("-near-threshold %v: want a number in (0, 1]", *f.threshold)
		return false
	}
	if *f.minWords < 1 {
		e.errorf("-min-words %d: want at least 1", *f.minWords)
		return false
	}
	return true
}

func runValidate(e *env, args []string) int {
	fs := newFlags(e, "validate", "[flags] PATH...", validateHelp)
	cf := addContribFlags(fs)
	level := fs.String("level", "full", "bundle check `level`: fast, complete or full")
	against := fs.String("against", "", "the dataset to check contributions against: a seeds `directory`, a bundle or JSON Lines (default ./seeds if it exists)")
	pubkey := fs.String("pubkey", "", "verify each bundle's minisign signature with this public key `file` before checking it")
	sigFile := fs.String("signature", "", "the signature `file` (default BUNDLE.minisig; only with one bundle)")
	quiet := fs.Bool("quiet", false, "no progress output")
	paths, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		return e.usageError(fs, "no PATH given: name the bundles, documents, directories or JSON Lines files to check")
	}
	if !cf.check(e) {
		return exitTrouble
	}
	if *sigFile != "" && (*pubkey == "" || len(paths) != 1) {
		e.errorf("-signature goes with -pubkey and one bundle")
		return exitTrouble
	}
	lvl, err := bundle.ParseLevel(*level)
	if err != nil {
		e.errorf("-level: %v", err)
		return exitTrouble
	}
	sch, err := schema.Record()
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	v := &validation{
		e: e, cf: cf, lvl: lvl, sch: sch, against: *against, pubkey: *pubkey, sigFile: *sigFile,
		// Progress goes to a terminal only, and never with machine output.
		noProgress: *quiet || *cf.format == report.FormatJSON,
	}
	for _, p := range paths {
		if !v.one(p) {
			return exitTrouble
		}
	}
	return finishReport(e, &v.rep, cf, v.run, v.trouble)
}

// validation is one run of quire validate: its settings, the report and
// the contribution checker, made at the first contribution.
type validation struct {
	e                        *env
	cf                       contribFlags
	lvl                      bundle.Level
	sch                      *schema.Schema
	against, pubkey, sigFile string
	noProgress               bool

	rep     report.Report
	run     report.Run
	trouble bool // I/O trouble with some input: exit 2
	checker *contrib.Checker
}

// one checks the input at p. It returns false on trouble that ends the
// run (the dataset cannot be read).
func (v *validation) one(p string) bool {
	e := v.e
	in, err := openInput(p)
	if contrib.ReportOpenError(&v.rep, p, err) {
		v.run.Inputs++
		return true
	}
	if err != nil {
		e.errorf("%v", err)
		v.trouble = true
		return true
	}
	defer in.Close()
	if in.kind != kindBundle && v.pubkey != "" {
		e.errorf("%s: -pubkey verifies bundles; this is not one", p)
		v.trouble = true
		return true
	}
	if in.kind == kindBundle {
		v.run.Inputs++
		v.bundle(in)
		return true
	}
	if v.checker == nil {
		dir := v.against
		if dir == "" {
			if fi, err := os.Stat("seeds"); err == nil && fi.IsDir() {
				dir = "seeds"
			}
		}
		if dir == "" {
			v.run.Skipped = append(v.run.Skipped, "id-collision and duplicate checks against a dataset (no -against, and no ./seeds here)")
		}
		langs, ok := e.datasetLanguages(*v.cf.metadata, dir, "nothing checked")
		if !ok {
			return false
		}
		unlock := v.readLock(dir)
		prog := e.newProgress(v.noProgress, "index "+dir, "", 0)
		v.checker, err = newChecker(dir, v.cf, v.sch, langs, prog)
		prog.finish()
		unlock()
		if err != nil {
			e.errorf("%v", err)
			return false
		}
	}
	prog := e.newProgress(v.noProgress, "validate "+p, "", 0)
	res, err := checkInput(v.checker, &v.rep, in, prog)
	prog.finish()
	if err != nil {
		e.errorf("%v", err)
		v.trouble = true
		return true
	}
	v.run.Inputs += res.Files()
	return true
}

// readLock takes a shared lock of dir if it is a seeds directory, so the
// index is not read while an add places files, and says so if an add
// was interrupted there (validate changes nothing, so it does not
// recover it). It returns the function that releases the lock.
func (v *validation) readLock(dir string) func() {
	if fi, err := os.Stat(dir); dir == "" || err != nil || !fi.IsDir() {
		return func() {}
	}
	l, err := contrib.ReadLockSeeds(dir, func() {
		v.e.hintf("waiting for a quire add to finish with %s", dir)
	})
	if err != nil {
		return func() {} // reading it will say what is wrong
	}
	if _, err := os.Lstat(filepath.Join(dir, contrib.JournalName)); err == nil {
		v.e.hintf("%s: an interrupted quire add left %s; quire add or build will roll it back", dir, contrib.JournalName)
	}
	return func() { l.Unlock() }
}

// bundle checks a bundle input, its signature first with -pubkey.
func (v *validation) bundle(in *input) {
	e, p := v.e, in.path
	if v.pubkey != "" {
		// Authenticity first: bytes that are not the publisher's never
		// reach the bundle parser. Verifying reads the whole bundle
		// once: a line of its own.
		vprog := e.newProgress(v.noProgress, "verify "+p, "", 0)
		info, probs, ok := verifyPubkey(e, v.pubkey, in, v.sigFile, vprog)
		vprog.finish()
		if !ok {
			v.trouble = true
			return
		}
		if len(probs) > 0 {
			for _, pr := range probs {
				v.rep.Add(pr)
			}
			return
		}
		if info.File != "" && info.File != filepath.Base(p) {
			e.hintf("%s: the signature was made for a file named %q", p, info.File)
		}
		if *v.cf.format == report.FormatText {
			fmt.Fprintf(e.stdout, "%s: signature by key %s verified\n", p, info.KeyID)
		}
		if err := in.rewind(); err != nil {
			e.errorf("%s: %v", p, err)
			v.trouble = true
			return
		}
	}
	opts := bundle.CheckOptions{Level: v.lvl, Path: p, Schema: v.sch}
	if sum, err := checksumFile(p); err != nil {
		v.rep.Addf(report.At(p+".sha256"), report.FileChecksum, "%v", err)
	} else {
		opts.FileSHA256 = sum
	}
	prog := e.newProgress(v.noProgress, "validate "+p, "", 0)
	r, err := checkBundleFile(in, opts, prog)
	prog.finish()
	if err != nil {
		e.errorf("%s: %v", p, err)
		v.trouble = true
		return
	}
	v.rep.Merge(r)
}

// finishReport prints the report and returns the exit status.
func finishReport(e *env, all *report.Report, cf contribFlags, run report.Run, trouble bool) int {
	if *cf.strict {
		all.Strict()
	}
	all.Sort()
	w := bufio.NewWriter(e.stdout)
	if err := report.Write(w, *cf.format, all, run); err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	if err := w.Flush(); err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	switch {
	case trouble:
		return exitTrouble
	case all.HasErrors():
		return exitInvalid
	}
	return exitOK
}

// newChecker indexes the dataset at against ("" for none) and returns a
// contribution checker. Documents are normalized as a build of that
// dataset would: with the corpus statistics of a seeds directory, with
// none against a bundle, JSON Lines or nothing. Raw documents must follow
// the seeds naming convention when the dataset is a seeds directory or
// all its ids do. langs are the languages the dataset declares; the
// languages of its records, collected as it is indexed, are added.
func newChecker(against string, cf contribFlags, sch *schema.Schema, langs contrib.Languages, prog *progress) (*contrib.Checker, error) {
	opts := contrib.Options{Schema: sch, NearThreshold: *cf.threshold, MinWords: *cf.minWords, Languages: langs}
	var recipe *release.Recipe
	if against != "" {
		ix, r, seen, err := indexDataset(against, prog)
		if err != nil {
			return nil, err
		}
		recipe = r
		opts.Dataset = ix
		opts.Languages.Records = seen
		opts.SeedNames = r != nil
		if r == nil && ix.Len() > 0 {
			opts.SeedNames = true
			for _, id := range ix.IDs() {
				if _, _, ok := corpus.SeedName(id); !ok {
					opts.SeedNames = false
					break
				}
			}
		}
	}
	if recipe == nil {
		var err error
		if recipe, err = release.Standalone(release.Options{}); err != nil {
			return nil, err
		}
	}
	opts.Normalizer = recipe.Normalizer()
	return contrib.New(opts)
}

// indexDataset reads every record of a dataset into a duplicate index,
// and returns the languages of its records (sorted; null ones left
// out), read in the same pass; for a seeds directory it returns the
// recipe its records were made with (closed: its normalizer is all that
// is left to use).
func indexDataset(path string, prog *progress) (*dedup.Index, *release.Recipe, []string, error) {
	s, recipe, err := openSide(context.Background(), path, release.Options{}, prog)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("-against: %w", err)
	}
	defer s.Close()
	ix := dedup.NewIndex()
	seen := map[string]bool{}
	for {
		r, err := s.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("-against %s: %w", path, err)
		}
		var sum [32]byte
		hex.Decode(sum[:], []byte(r.Source.SHA256))
		ix.Add(dedup.MakeEntry(r.ID, r.Source.Name, sum, r.Text))
		if r.Language != nil {
			seen[*r.Language] = true
		}
	}
	return ix, recipe, slices.Sorted(maps.Keys(seen)), nil
}

// checkInput checks a raw document, a directory of them or a JSON Lines
// file, and returns what it found. prog counts the bytes read against
// the size of the files. A directory is read through safefile.DirFS:
// its entries are opened as named inputs are.
func checkInput(c *contrib.Checker, rep *report.Report, in *input, prog *progress) (*contrib.Result, error) {
	switch in.kind {
	case kindSeeds:
		fsys := safefile.NewDirFS(in.path)
		if prog != nil {
			prog.grow(treeSize(fsys))
		}
		res, err := c.CheckFS(rep, prog.fs(fsys), ".", in.path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.path, err)
		}
		return res, nil
	case kindJSONL:
		prog.grow(in.size())
		return &contrib.Result{JSONL: []string{in.path}}, c.CheckRecords(rep, in.path, prog.reader(in.f))
	case kindRaw:
		prog.grow(in.size())
		d, err := c.CheckDocument(rep, in.path, prog.reader(in.f))
		if err != nil {
			return nil, err
		}
		return &contrib.Result{Documents: []*contrib.Document{d}}, nil
	}
	return nil, fmt.Errorf("%s: not a raw document, a directory or JSON Lines", in.path)
}

// checkBundleFile runs the bundle checker on one file, counting the
// bytes read in prog: the manifest, with the record count, comes last,
// so the file's size is the only total known from the start.
func checkBundleFile(in *input, opts bundle.CheckOptions, prog *progress) (*report.Report, error) {
	prog.grow(in.size())
	r, _, err := bundle.Check(bufio.NewReaderSize(prog.reader(in.f), 1<<20), opts)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return r, nil
}

// checksumFile returns the digest that BUNDLE.sha256, written by quire
// build, records for the bundle, or "" if there is no such file: it
// decides whether the file is byte for byte the released one.
// It is opened as every input of validate is (safefile): a link or a
// FIFO put beside the bundle is refused, never followed or waited on.
func checksumFile(bundlePath string) (string, error) {
	f, err := safefile.Open(bundlePath + ".sha256")
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, bundle.MaxChecksumFileBytes+1))
	if err != nil {
		return "", err
	}
	return bundle.ParseChecksumFile(b, filepath.Base(bundlePath))
}

// growByFile adds the size of f to prog's total.
func growByFile(prog *progress, f *os.File) {
	if prog == nil {
		return
	}
	if fi, err := f.Stat(); err == nil {
		prog.grow(fi.Size())
	}
}

// treeSize is the size of the files that contrib.Checker.CheckFS reads:
// regular files not under a name starting with a dot. Errors only make
// the total smaller; CheckFS reports them.
func treeSize(fsys fs.FS) int64 {
	var n int64
	fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

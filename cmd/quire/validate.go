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
	"os"
	"path/filepath"
	"strings"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/dedup"
	"github.com/quire-archive/quire/schema"
)

const validateHelp = `
Check release bundles and contributions, and report every problem found,
each with a stable code (e.g. Q101 invalid-utf8), a severity, a location
(file, line, column, record id, JSON pointer) and what to do. validate
never changes its inputs. The codes are listed in docs/CONTRIBUTING.md.

Each PATH is, judged by its content rather than its name:
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

Dataset checks compare raw documents and records with the dataset given
by -against (a seeds directory, a bundle or JSON Lines; default ./seeds
when it exists) and with each other: id collisions, exact duplicates and
near-duplicates (MinHash over 5-word shingles of prose lines; see
-near-threshold). Against a seeds directory, raw documents must be named
NNN_<first 16 hex of sha256>.txt. Suspicious content (HTML, mojibake, a
short text, few English words) is reported as warnings.

Output formats: text (grouped per input, summary line last), json (one
object per problem per line) and github (GitHub Actions annotations).

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
}

func addContribFlags(fs *flag.FlagSet) contribFlags {
	return contribFlags{
		format:    fs.String("format", report.FormatText, "output `format`: text, json or github"),
		strict:    fs.Bool("strict", false, "treat warnings as errors"),
		threshold: fs.Float64("near-threshold", contrib.DefaultNearThreshold, "report texts at least this `similar` (0-1, estimated Jaccard) as near-duplicates"),
		minWords:  fs.Int("min-words", contrib.DefaultMinWords, "warn about texts with fewer `words`"),
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
		fs.Usage()
		return exitTrouble
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
	// Progress goes to a terminal only, and never with machine output.
	noProgress := *quiet || *cf.format == report.FormatJSON
	var all report.Report
	trouble := false
	inputs := 0
	var checker *contrib.Checker
	for _, p := range paths {
		kind, err := sniff(p)
		if err != nil {
			e.errorf("%v", err)
			trouble = true
			continue
		}
		if kind != kindBundle && *pubkey != "" {
			e.errorf("%s: -pubkey verifies bundles; this is not one", p)
			trouble = true
			continue
		}
		if kind == kindBundle {
			inputs++
			if *pubkey != "" {
				// Authenticity first: bytes that are not the publisher's
				// never reach the bundle parser.
				// Verifying reads the whole bundle once: a line of its own.
				vprog := e.newProgress(noProgress, "verify "+p, "", 0)
				info, probs, ok := verifyPubkey(e, *pubkey, p, *sigFile, vprog)
				vprog.finish()
				if !ok {
					trouble = true
					continue
				}
				if len(probs) > 0 {
					for _, pr := range probs {
						all.Add(pr)
					}
					continue
				}
				if info.File != "" && info.File != filepath.Base(p) {
					e.hintf("%s: the signature was made for a file named %q", p, info.File)
				}
				if *cf.format == report.FormatText {
					fmt.Fprintf(e.stdout, "%s: signature by key %s verified\n", p, info.KeyID)
				}
			}
			opts := bundle.CheckOptions{Level: lvl, Path: p, Schema: sch}
			if sum, err := checksumFile(p); err != nil {
				all.Addf(report.At(p+".sha256"), report.FileChecksum, "%v", err)
			} else {
				opts.FileSHA256 = sum
			}
			prog := e.newProgress(noProgress, "validate "+p, "", 0)
			r, err := checkBundleFile(p, opts, prog)
			prog.finish()
			if err != nil {
				e.errorf("%s: %v", p, err)
				trouble = true
				continue
			}
			all.Merge(r)
			continue
		}
		if checker == nil {
			dir, explicit := *against, *against != ""
			if !explicit {
				if fi, err := os.Stat("seeds"); err == nil && fi.IsDir() {
					dir = "seeds"
				}
			}
			prog := e.newProgress(noProgress, "index "+dir, "", 0)
			checker, err = newChecker(dir, cf, sch, prog)
			prog.finish()
			if err != nil {
				e.errorf("%v", err)
				return exitTrouble
			}
		}
		prog := e.newProgress(noProgress, "validate "+p, "", 0)
		n, err := checkContribution(checker, &all, p, kind, prog)
		prog.finish()
		inputs += n
		if err != nil {
			e.errorf("%v", err)
			trouble = true
		}
	}
	return finishReport(e, &all, cf, inputs, trouble)
}

// finishReport prints the report and returns the exit status.
func finishReport(e *env, all *report.Report, cf contribFlags, inputs int, trouble bool) int {
	if *cf.strict {
		all.Strict()
	}
	all.Sort()
	w := bufio.NewWriter(e.stdout)
	if err := report.Write(w, *cf.format, all, inputs); err != nil {
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
// contribution checker. Raw documents must follow the seeds naming
// convention when the dataset is a seeds directory or all its ids do.
func newChecker(against string, cf contribFlags, sch *schema.Schema, prog *progress) (*contrib.Checker, error) {
	norm, err := normalize.New(normalize.Options{})
	if err != nil {
		return nil, err
	}
	opts := contrib.Options{Normalizer: norm, Schema: sch, NearThreshold: *cf.threshold, MinWords: *cf.minWords}
	if against != "" {
		ix, seedsDir, err := indexDataset(against, prog)
		if err != nil {
			return nil, err
		}
		opts.Dataset = ix
		opts.SeedNames = seedsDir
		if !seedsDir && ix.Len() > 0 {
			opts.SeedNames = true
			for _, id := range ix.IDs() {
				if _, _, ok := corpus.SeedName(id); !ok {
					opts.SeedNames = false
					break
				}
			}
		}
	}
	return contrib.New(opts)
}

// indexDataset reads every record of a dataset into a duplicate index.
func indexDataset(path string, prog *progress) (*dedup.Index, bool, error) {
	kind, err := sniff(path)
	if err != nil {
		return nil, false, fmt.Errorf("-against: %w", err)
	}
	s, err := openSide(context.Background(), path, corpus.ListOptions{}, prog)
	if err != nil {
		return nil, false, fmt.Errorf("-against: %w", err)
	}
	defer s.Close()
	ix := dedup.NewIndex()
	for {
		r, err := s.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, false, fmt.Errorf("-against %s: %w", path, err)
		}
		var sum [32]byte
		hex.Decode(sum[:], []byte(r.Source.SHA256))
		ix.Add(dedup.MakeEntry(r.ID, r.Source.Name, sum, r.Text))
	}
	return ix, kind == kindSeeds, nil
}

// checkContribution checks a raw document, a directory of them or a
// JSON Lines file, and returns the number of files checked. prog counts
// the bytes read against the size of the files.
func checkContribution(c *contrib.Checker, rep *report.Report, p string, kind inputKind, prog *progress) (int, error) {
	switch kind {
	case kindSeeds:
		if prog != nil {
			prog.grow(treeSize(os.DirFS(p)))
		}
		res, err := c.CheckFS(rep, prog.fs(os.DirFS(p)), ".", p)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", p, err)
		}
		return len(res.Documents) + len(res.JSONL), nil
	case kindJSONL, kindRaw:
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		growByFile(prog, f)
		r := prog.reader(f)
		if kind == kindJSONL {
			return 1, c.CheckRecords(rep, p, r)
		}
		_, err = c.CheckDocument(rep, p, r)
		return 1, err
	}
	return 0, fmt.Errorf("%s: not a raw document, a directory or JSON Lines", p)
}

// checkBundleFile runs the bundle checker on one file, counting the
// bytes read in prog: the manifest, with the record count, comes last,
// so the file's size is the only total known from the start.
func checkBundleFile(path string, opts bundle.CheckOptions, prog *progress) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	growByFile(prog, f)
	r, _, err := bundle.Check(bufio.NewReaderSize(prog.reader(f), 1<<20), opts)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return r, nil
}

// checksumFile returns the digest that BUNDLE.sha256, written by quire
// build, records for the bundle, or "" if there is no such file: it
// decides whether the file is byte for byte the released one.
func checksumFile(bundlePath string) (string, error) {
	f, err := os.Open(bundlePath + ".sha256")
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

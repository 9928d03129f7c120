package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record/linecheck"
	"github.com/quire-archive/quire/dataset/release"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/schema"
)

const normalizeHelp = `
Normalize each raw document and print its record as one line of JSON
(canonical, validated against the record schema), exactly as quire build
stores it: a document of the seeds directory (-seeds, default ./seeds)
gets the very record a build of that directory stores, the
repeated-line statistics of the whole directory included (with -repeats K
as build's). A document elsewhere, or standard input ("-", its record id
given with -id), is normalized with those same statistics, as if it were
one more document of the corpus; quire says so once on stderr, and which
statistics it used. Without a seeds directory, or with -repeats 0, no
corpus statistics are used.

The statistics are counted over every document of the seeds directory,
so the first record takes as long as that pre-pass.

A file that cannot be normalized is reported on stderr with its name and
location, the other files are still printed, and the exit status is 1.
`

func runNormalize(e *env, args []string) int {
	fs := newFlags(e, "normalize", "[-seeds DIR] [-repeats K] [-id ID] FILE...", normalizeHelp)
	stdinID := fs.String("id", "stdin", "record `id` for standard input")
	seeds := fs.String("seeds", "seeds", "the seeds `directory` whose corpus statistics are used")
	repeats := fs.Int("repeats", release.DefaultRepeats, "remove lines found in at least `K` documents of the seeds directory, as build -repeats does (0: off)")
	files, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		return e.usageError(fs, "no FILE given")
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "seeds" })
	recipe, code := e.normalizeRecipe(*seeds, explicit, *repeats)
	if recipe == nil {
		return code
	}
	defer recipe.Close()
	sch, err := schema.Record()
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	status := exitOK
	noted := false
	for _, f := range files {
		if !noted && !inDir(f, *seeds) {
			e.noteStatistics(recipe, f, *seeds)
			noted = true
		}
		line, st := normalizeOne(e, recipe.Normalizer(), sch, f, *stdinID)
		if st != exitOK {
			status = max(status, st)
			continue
		}
		fmt.Fprintf(e.stdout, "%s\n", line)
	}
	return status
}

// normalizeRecipe opens the recipe of the seeds directory, or the
// standalone one when there is none and none was asked for.
func (e *env) normalizeRecipe(seeds string, explicit bool, repeats int) (*release.Recipe, int) {
	opts := e.recipeOptions(repeats)
	if err := opts.Check(); err != nil {
		return nil, e.optionError(err)
	}
	if isDir(seeds) {
		r, err := release.Open(context.Background(), os.DirFS(seeds), opts)
		if err != nil {
			return nil, e.recipeError(err, seeds)
		}
		return r, exitOK
	}
	if explicit {
		_, err := os.Stat(seeds)
		if pe := (*os.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err
		} else if err == nil {
			err = errors.New("not a directory")
		}
		e.errorf("-seeds %s: %v", seeds, err)
		return nil, exitTrouble
	}
	r, err := release.Standalone(opts)
	if err != nil {
		return nil, e.optionError(err)
	}
	return r, exitOK
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// inDir reports whether file is directly in directory dir (so that a
// build of dir stores its record).
func inDir(file, dir string) bool {
	if file == "-" {
		return false
	}
	a, err1 := os.Stat(filepath.Dir(file))
	b, err2 := os.Stat(dir)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// noteStatistics says, once, which corpus statistics made the record of
// a file that is not in the seeds directory.
func (e *env) noteStatistics(r *release.Recipe, file, seeds string) {
	what := file + " is not in " + seeds
	if file == "-" {
		what = "standard input"
	}
	rep := r.Rules().Repeats
	switch {
	case rep != nil:
		fmt.Fprintf(e.stderr, "quire: %s: normalized with the corpus statistics of %s (%d documents; lines found in at least %d of them removed; digest %.12s)\n",
			what, seeds, rep.Docs, rep.K, rep.Digest)
	case isDir(seeds):
		fmt.Fprintf(e.stderr, "quire: %s: normalized without corpus statistics (%s has %d documents; the repeated-line pass needs %d, and -repeats above 0)\n",
			what, seeds, r.Len(), release.MinRepeatCorpus)
	default:
		fmt.Fprintf(e.stderr, "quire: %s: normalized without corpus statistics (no seeds directory %s)\n", what, seeds)
	}
}

// normalizeOne reads, normalizes, encodes and validates one file.
func normalizeOne(e *env, n *normalize.Normalizer, sch *schema.Schema, path, stdinID string) ([]byte, int) {
	var data []byte
	var err error
	id, name := stdinID, stdinID+corpus.Ext
	if path == "-" {
		path = "<stdin>"
		data, err = corpus.ReadLimited(e.stdin, normalize.MaxDocumentBytes)
	} else {
		name = filepath.Base(path)
		id = strings.TrimSuffix(name, filepath.Ext(name))
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = corpus.ReadLimited(f, normalize.MaxDocumentBytes)
			f.Close()
		}
	}
	if err != nil {
		e.errorf("%s: %v", path, err)
		if isIOError(err) {
			return nil, exitTrouble
		}
		return nil, exitInvalid
	}
	if !corpus.ValidID(id) {
		e.errorf("%s: %q is not a valid record id (letters, digits, '.', '_', '-'; at most 128)", path, id)
		return nil, exitInvalid
	}
	line, err := encodeRecord(n, sch, normalize.Input{ID: id, Name: name, Data: data})
	if err != nil {
		e.errorf("%s: %v", path, err)
		return nil, exitInvalid
	}
	return line, exitOK
}

// encodeRecord normalizes one document and returns its canonical line,
// checked as the bundle writer checks it (linecheck). Errors name the
// record and the JSON pointer or byte.
func encodeRecord(n *normalize.Normalizer, sch *schema.Schema, in normalize.Input) ([]byte, error) {
	rec, err := n.Normalize(in)
	if err != nil {
		return nil, err
	}
	line, ps := linecheck.New(sch).Record(rec)
	if len(ps) > 0 {
		msgs := make([]string, len(ps))
		for i, p := range ps {
			msgs[i] = p.String()
		}
		return nil, fmt.Errorf("record %q is not valid: %s", in.ID, strings.Join(msgs, "; "))
	}
	return line, nil
}

// isIOError tells trouble reading a file (exit 2) from a file whose
// content is bad (exit 1).
func isIOError(err error) bool {
	var pe *os.PathError
	return errors.As(err, &pe)
}

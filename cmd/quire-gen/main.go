// Command quire-gen writes a synthetic corpus of raw news documents (or
// the records made from them) for benchmarks and large tests.
//
// This package is wiring only: flags, paths, parallel file writing and
// progress. The documents come from internal/gen.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"

	"github.com/quire-archive/quire/internal/gen"
)

const (
	exitOK      = 0
	exitTrouble = 2 // usage error or I/O trouble
)

const usageText = `quire-gen: write a deterministic synthetic corpus for benchmarks and tests

USAGE
  quire-gen -n N [-seed S] [-mean SIZE] -out DIR [-force]
  quire-gen -size SIZE [-seed S] [-mean SIZE] -out DIR [-force]
  quire-gen -n N -next [-edit P] [-add P] [-remove P] -out DIR
  quire-gen -n N [-next ...] -records FILE.jsonl

Raw documents are named NNNNNNN_<16 hex of their sha256>.txt (or
NNNNNNN.txt with -plain) and written to DIR on all cores. DIR must be
empty or absent unless -force, which writes over files of the same name
and leaves other files alone. With -size, documents are generated in
sequence until their total size reaches SIZE.

Document i depends only on the seed, -mean and i. With -next, version 2
of the corpus of N documents is written instead: each document is edited
(one paragraph changed or added) with probability -edit percent, removed
with probability -remove percent, and round(N × -add / 100) documents are
added after the last. With hash names an edited document gets a new name;
use -plain to keep names, so that quire diff sees changed records.

With -records, the records a perfect normalizer would make (ids are the
plain sequence numbers, sorted) are written to FILE as JSON Lines instead
of raw documents, for diff benchmarks that skip normalization.

SIZE takes a unit: 2MB, 1GiB, 500KiB, 4096 (bytes).

FLAGS
%s
EXIT STATUS
  0  corpus written
  2  usage error or I/O trouble
`

type env struct {
	stdout, stderr   io.Writer
	stderrIsTerminal bool
}

func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "quire-gen: error: "+format+"\n", args...)
}

func main() {
	fi, err := os.Stderr.Stat()
	term := err == nil && fi.Mode()&os.ModeCharDevice != 0
	os.Exit(run(&env{stdout: os.Stdout, stderr: os.Stderr, stderrIsTerminal: term}, os.Args[1:]))
}

// config is the parsed command line.
type config struct {
	n       int
	size    int64
	seed    uint64
	mean    int64
	out     string
	records string
	force   bool
	plain   bool
	next    bool
	change  gen.Change
	workers int
}

func run(e *env, args []string) int {
	var c config
	fs := flag.NewFlagSet("quire-gen", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var sizeFlag, meanFlag string
	fs.IntVar(&c.n, "n", -1, "generate `N` documents")
	fs.StringVar(&sizeFlag, "size", "", "generate documents until their total reaches `SIZE`")
	fs.Uint64Var(&c.seed, "seed", 1, "corpus `seed`")
	fs.StringVar(&meanFlag, "mean", "4KiB", "mean document `SIZE`")
	fs.StringVar(&c.out, "out", "", "write raw documents into `DIR`")
	fs.StringVar(&c.records, "records", "", "write records as JSON Lines to `FILE` instead")
	fs.BoolVar(&c.force, "force", false, "write into a non-empty DIR")
	fs.BoolVar(&c.plain, "plain", false, "name documents NNNNNNN.txt, without the hash")
	fs.BoolVar(&c.next, "next", false, "write version 2 of the corpus of N documents")
	fs.Float64Var(&c.change.EditPct, "edit", 1, "with -next: percent of documents edited")
	fs.Float64Var(&c.change.AddPct, "add", 0.5, "with -next: percent of documents added")
	fs.Float64Var(&c.change.RemovePct, "remove", 0.5, "with -next: percent of documents removed")
	fs.IntVar(&c.workers, "j", runtime.GOMAXPROCS(0), "generate on `N` goroutines")
	fs.Usage = func() {
		out := fs.Output()
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(out)
		fmt.Fprintf(out, usageText, b.String())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return exitOK
		}
		return exitTrouble
	}
	if err := c.check(fs, sizeFlag, meanFlag); err != nil {
		e.errorf("%v", err)
		fmt.Fprintln(e.stderr, "quire-gen: hint: run 'quire-gen -h' for usage")
		return exitTrouble
	}
	var err error
	if c.records != "" {
		err = writeRecords(e, &c)
	} else {
		err = writeDocs(e, &c)
	}
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	return exitOK
}

func (c *config) check(fs *flag.FlagSet, sizeFlag, meanFlag string) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	mean, err := parseSize(meanFlag)
	if err != nil {
		return fmt.Errorf("-mean: %v", err)
	}
	c.mean = mean
	if mean < gen.MinMeanBytes || mean > gen.MaxMeanBytes {
		return fmt.Errorf("-mean %s: out of range [%d, %d] bytes", meanFlag, gen.MinMeanBytes, gen.MaxMeanBytes)
	}
	if sizeFlag != "" {
		if c.size, err = parseSize(sizeFlag); err != nil {
			return fmt.Errorf("-size: %v", err)
		}
	}
	switch {
	case (c.out == "") == (c.records == ""):
		return errors.New("give exactly one of -out DIR and -records FILE")
	case (c.n >= 0) == (sizeFlag != ""):
		return errors.New("give exactly one of -n N and -size SIZE")
	case c.next && c.n < 0:
		return errors.New("-next needs -n N (the size of version 1)")
	case c.records != "" && c.n < 0:
		return errors.New("-records needs -n N")
	case c.records != "" && c.n > gen.MaxRecords:
		return fmt.Errorf("-records: at most %d records", gen.MaxRecords)
	case c.workers < 1:
		return fmt.Errorf("-j %d: need at least 1", c.workers)
	}
	if !c.next {
		set := false
		fs.Visit(func(f *flag.Flag) { set = set || f.Name == "edit" || f.Name == "add" || f.Name == "remove" })
		if set {
			return errors.New("-edit, -add and -remove need -next")
		}
	}
	return nil
}

func (c *config) options() gen.Options {
	return gen.Options{Seed: c.seed, MeanBytes: int(c.mean), PlainNames: c.plain}
}

// Command quire-eval scores quire's normalizer on the two dev sets, side
// by side: the line-labelled set (how much article text it keeps, how
// much page furniture it removes) and the snippet set (trafilatura's
// with/without snippets, scored exactly as score_snippets.py scores
// them). See docs/EVAL.md.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/eval"
)

// The dev sets beside a clone, where CI has them.
const (
	defaultLineSet    = "../shared/devset"
	defaultSnippetSet = "../shared/devset-web"
)

const usage = `usage: quire-eval [flags] [DIR ...]

Scores quire's normalizer on the dev sets, next to the reference
baselines "keep everything", "keep lines of >= 80 characters" and ">= 40".
Without DIR: ` + defaultLineSet + ` and ` + defaultSnippetSet + `. The kind of each DIR
is found from its files:

  line-labelled set  manifest.json, cases/NAME.txt, cases/NAME.labels.json
      content retention    article characters kept in title or text / all
      boilerplate removal  boilerplate characters gone from both / all
      (characters: runes of a line after trimming; unsure lines ignored;
      a byline the record moved to its authors counts as kept)
  snippet set        cases/NAME.txt, cases/NAME.snippets.json
      a with-snippet in the text is a TP, missing a FN; a without-snippet
      in the text is a FP, missing a TN (match form: NFC, format and
      control characters dropped, white space collapsed; the metric of
      score_snippets.py); micro precision, recall and F1 for English
      pages, all pages and the others; macro = mean per-page F1

With -cut K each page of a line-labelled set is first cut to its
labelled article and K non-blank lines of page above and below it, as
the seeds look (the labels only decide where to cut; the normalizer sees
the cut bytes), and scored the same way.

The normalizer runs in-process on all cores. The report: a summary of
every set side by side, then per set the systems' figures, the rules,
the worst pages and the consistency errors; for the snippet set also
groups (language, URL kind, TLD) and the causes of lost snippets. See
docs/EVAL.md.

FLAGS
%s
EXIT STATUS
  0  figures computed, floors met, the normalizer's records consistent
  1  a floor not met, or a record whose audit trail disagrees with its
     title and text (see "consistency errors"); with -page, that page has
     such errors
  2  usage error, or a dev set cannot be read or is malformed
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type config struct {
	dirs         []string
	json         bool
	worst        int
	lost         bool
	page         string
	cut          int
	baselines    bool
	minRetention float64
	minRemoval   float64
	minF1        float64
	minF1En      float64
}

// report is everything scored, for the text and JSON writers.
type report struct {
	c          config
	normalizer *normalize.Normalizer
	workers    int
	elapsed    time.Duration
	lines      []lineSet
	snippets   []snippetSet
}

type lineSet struct {
	dir  string
	sums []*eval.Summary // the normalizer first, then the baselines
}

type snippetSet struct {
	dir  string
	set  *eval.SnippetSet
	sums []*eval.SnippetSummary
}

func run(args []string, stdout, stderr io.Writer) int {
	var c config
	fs := flag.NewFlagSet("quire-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&c.json, "json", false, "print the report as JSON")
	fs.IntVar(&c.worst, "worst", 10, "list the `N` worst pages of each set")
	fs.BoolVar(&c.lost, "lost", false, "list every content line removed (line set), every with-snippet lost and without-snippet kept, traced to its lines (snippet set)")
	fs.StringVar(&c.page, "page", "", "show page `NAME` of the first set that has it, line by line")
	fs.IntVar(&c.cut, "cut", -1, "score the line-labelled set on seed-like cuts: each page cut to its labelled article and `K` non-blank lines above and below (the snippet set is scored whole)")
	fs.BoolVar(&c.baselines, "baselines", true, "also score the baselines")
	fs.Float64Var(&c.minRetention, "min-retention", 0, "exit 1 if micro content retention is below `F` (line set)")
	fs.Float64Var(&c.minRemoval, "min-removal", 0, "exit 1 if micro boilerplate removal is below `F` (line set)")
	fs.Float64Var(&c.minF1, "min-f1", 0, "exit 1 if snippet F1 over all pages is below `F` (snippet set)")
	fs.Float64Var(&c.minF1En, "min-f1-en", 0, "exit 1 if snippet F1 over English pages is below `F` (snippet set)")
	fs.Usage = func() {
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
		fmt.Fprintf(stderr, usage, b.String())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if c.worst < 0 {
		fmt.Fprintln(stderr, "quire-eval: error: -worst must not be negative")
		return 2
	}
	if c.cut < -1 {
		fmt.Fprintln(stderr, "quire-eval: error: -cut must not be negative")
		return 2
	}
	c.dirs = fs.Args()
	if len(c.dirs) == 0 {
		c.dirs = []string{defaultLineSet, defaultSnippetSet}
	}

	n, err := normalize.New(normalize.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: %v\n", err)
		return 2
	}
	sys := eval.System{Name: "quire " + n.RulesVersion(), Normalizer: n}
	rep := &report{c: c, normalizer: n, workers: runtime.GOMAXPROCS(0)}
	start := time.Now()
	var lineSets []*eval.Devset
	var snipSets []*eval.SnippetSet
	for _, dir := range c.dirs {
		d, s, err := open(dir)
		if err != nil {
			fmt.Fprintf(stderr, "quire-eval: error: dev set %s: %v\n", dir, err)
			if len(fs.Args()) == 0 {
				fmt.Fprintln(stderr, "quire-eval: hint: run from the repository's root with ../shared beside it, or name the dev sets")
			}
			return 2
		}
		if d != nil && c.cut >= 0 {
			d = d.Cut(c.cut)
		}
		lineSets, snipSets = append(lineSets, d), append(snipSets, s)
	}
	if c.page != "" {
		return showPage(c, lineSets, snipSets, sys, stdout, stderr)
	}

	for i, dir := range c.dirs {
		if d := lineSets[i]; d != nil {
			sums, err := eval.Evaluate(d, systems(c, sys)...)
			if err != nil {
				fmt.Fprintf(stderr, "quire-eval: error: %s: %v\n", dir, err)
				return 2
			}
			if c.cut >= 0 {
				dir = fmt.Sprintf("%s (cut: article ±%d lines)", dir, c.cut)
			}
			rep.lines = append(rep.lines, lineSet{dir, sums})
		} else {
			s := snipSets[i]
			sums, err := eval.EvaluateSnippets(s, systems(c, sys)...)
			if err != nil {
				fmt.Fprintf(stderr, "quire-eval: error: %s: %v\n", dir, err)
				return 2
			}
			rep.snippets = append(rep.snippets, snippetSet{dir, s, sums})
		}
	}
	rep.elapsed = time.Since(start)
	if c.json {
		err = writeJSON(stdout, rep)
	} else {
		err = writeText(stdout, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: %v\n", err)
		return 2
	}
	return verdict(rep, stderr)
}

// open opens dir as whichever kind of dev set its files say it is:
// exactly one of the results is not nil.
func open(dir string) (*eval.Devset, *eval.SnippetSet, error) {
	fsys := os.DirFS(dir)
	if _, err := fs.Stat(fsys, "manifest.json"); err == nil {
		d, err := eval.LoadDevset(fsys)
		return d, nil, err
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, nil, err
	} else if !fi.IsDir() {
		return nil, nil, fmt.Errorf("not a directory")
	}
	s, err := eval.LoadSnippetSet(fsys)
	if err != nil {
		return nil, nil, fmt.Errorf("neither a line-labelled set (no manifest.json) nor a snippet set: %w", err)
	}
	return nil, s, nil
}

// systems is the normalizer and, unless -baselines=false, the baselines.
func systems(c config, sys eval.System) []eval.System {
	out := []eval.System{sys}
	if c.baselines {
		out = append(out,
			eval.System{Name: "keep everything", Normalizer: eval.LineLength{Min: 0}},
			eval.System{Name: "lines >= 80", Normalizer: eval.LineLength{Min: 80}},
			eval.System{Name: "lines >= 40", Normalizer: eval.LineLength{Min: 40}})
	}
	return out
}

// verdict applies the floors and the consistency check to the normalizer.
func verdict(rep *report, stderr io.Writer) int {
	c := rep.c
	code := 0
	fail := func(format string, args ...any) {
		fmt.Fprintf(stderr, "quire-eval: error: "+format+"\n", args...)
		code = 1
	}
	for _, ls := range rep.lines {
		s := ls.sums[0]
		if errs := s.Errors(); len(errs) > 0 {
			fail("%s: %d consistency errors in the normalizer's records: its figures cannot be trusted", ls.dir, len(errs))
		}
		if r := s.Retention(); r < c.minRetention {
			fail("%s: content retention %.4f is below the floor %.4f", ls.dir, r, c.minRetention)
			fmt.Fprintln(stderr, "quire-eval: hint: -lost lists the content lines removed")
		}
		if r := s.Removal(); r < c.minRemoval {
			fail("%s: boilerplate removal %.4f is below the floor %.4f", ls.dir, r, c.minRemoval)
		}
	}
	for _, ss := range rep.snippets {
		s := ss.sums[0]
		if errs := s.Errors(); len(errs) > 0 {
			fail("%s: %d consistency errors or refused pages in the normalizer's records: its figures cannot be trusted", ss.dir, len(errs))
		}
		if f := s.All().F1; f < c.minF1 {
			fail("%s: snippet F1 (all pages) %.4f is below the floor %.4f", ss.dir, f, c.minF1)
			fmt.Fprintln(stderr, "quire-eval: hint: -lost traces every with-snippet lost to the rule that removed it")
		}
		if f := s.English().F1; f < c.minF1En {
			fail("%s: snippet F1 (English pages) %.4f is below the floor %.4f", ss.dir, f, c.minF1En)
		}
	}
	return code
}

// showPage shows one page of the first set that has it.
func showPage(c config, lineSets []*eval.Devset, snipSets []*eval.SnippetSet, sys eval.System, stdout, stderr io.Writer) int {
	for i, dir := range c.dirs {
		var show func() (bad bool, err error)
		switch {
		case lineSets[i] != nil && slices.Contains(lineSets[i].Names(), c.page):
			show = func() (bool, error) {
				p, err := lineSets[i].Page(c.page)
				if err != nil {
					return false, fmt.Errorf("%s: %w", dir, err)
				}
				ps := eval.ScorePage(p, sys.Normalizer)
				if c.json {
					err = writePageJSON(stdout, ps)
				} else {
					err = writePageText(stdout, sys.Name, ps)
				}
				return len(ps.Errors) > 0 || ps.Failed != nil, err
			}
		case snipSets[i] != nil && slices.Contains(snipSets[i].Names(), c.page):
			show = func() (bool, error) {
				p, err := snipSets[i].Page(c.page)
				if err != nil {
					return false, fmt.Errorf("%s: %w", dir, err)
				}
				ps := eval.ScoreSnippetPage(p, sys.Normalizer)
				if c.json {
					err = writeSnippetPageJSON(stdout, p, ps)
				} else {
					err = writeSnippetPageText(stdout, sys.Name, p, ps)
				}
				return len(ps.Errors) > 0 || ps.Failed != nil, err
			}
		default:
			continue
		}
		switch bad, err := show(); {
		case err != nil:
			fmt.Fprintf(stderr, "quire-eval: error: %v\n", err)
			return 2
		case bad:
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "quire-eval: error: page %q is in none of %s\n", c.page, strings.Join(c.dirs, ", "))
	return 2
}

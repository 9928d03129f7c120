// Command quire-eval scores quire's normalizer on the labelled dev set:
// how much article text it keeps and how much page furniture it removes.
// See docs/EVAL.md.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/eval"
)

const usage = `usage: quire-eval [flags] DEVSET

Scores quire's normalizer on the labelled dev set in the directory DEVSET
(manifest.json, cases/NAME.txt, cases/NAME.labels.json), next to the
reference baselines "keep every line of >= 80 characters" and ">= 40".
Characters are runes of a line after trimming; unsure lines are ignored.

  content retention    article characters kept in title or text / all
  boilerplate removal  boilerplate characters gone from both / all

FLAGS
%s
EXIT STATUS
  0  figures computed, floors met, the normalizer's records consistent
  1  a floor not met, or a record whose audit trail disagrees with its
     title and text (see "consistency errors")
  2  usage error, or the dev set cannot be read or is malformed
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type config struct {
	dir          string
	json         bool
	worst        int
	lost         bool
	page         string
	baselines    bool
	minRetention float64
	minRemoval   float64
}

func run(args []string, stdout, stderr io.Writer) int {
	var c config
	fs := flag.NewFlagSet("quire-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&c.json, "json", false, "print the report as JSON")
	fs.IntVar(&c.worst, "worst", 10, "list the `N` worst pages by retention and by removal")
	fs.BoolVar(&c.lost, "lost", false, "list every content line the normalizer removed (part of)")
	fs.StringVar(&c.page, "page", "", "show page `NAME` line by line: label, decision, rule")
	fs.BoolVar(&c.baselines, "baselines", true, "also score the line-length baselines")
	fs.Float64Var(&c.minRetention, "min-retention", 0, "exit 1 if micro content retention is below `F`")
	fs.Float64Var(&c.minRemoval, "min-removal", 0, "exit 1 if micro boilerplate removal is below `F`")
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
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "quire-eval: error: want exactly one argument, the dev-set directory")
		fmt.Fprintln(stderr, "quire-eval: hint: go run ./cmd/quire-eval ../shared/devset")
		return 2
	}
	if c.worst < 0 {
		fmt.Fprintln(stderr, "quire-eval: error: -worst must not be negative")
		return 2
	}
	c.dir = fs.Arg(0)

	d, err := eval.LoadDevset(os.DirFS(c.dir))
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: dev set %s: %v\n", c.dir, err)
		return 2
	}
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: %v\n", err)
		return 2
	}
	sys := eval.System{Name: "quire " + n.RulesVersion(), Normalizer: n}
	if c.page != "" {
		return showPage(c, d, sys, stdout, stderr)
	}
	systems := []eval.System{sys}
	if c.baselines {
		for _, min := range []int{80, 40} {
			b := eval.LineLength{Min: min}
			systems = append(systems, eval.System{Name: fmt.Sprintf("baseline len>=%d", min), Normalizer: b})
		}
	}
	sums, err := eval.Evaluate(d, systems...)
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: %s: %v\n", c.dir, err)
		return 2
	}
	if c.json {
		err = writeJSON(stdout, c, sums)
	} else {
		err = writeText(stdout, c, sums)
	}
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: %v\n", err)
		return 2
	}
	return verdict(c, sums[0], stderr)
}

// verdict applies the floors and the consistency check to the normalizer.
func verdict(c config, s *eval.Summary, stderr io.Writer) int {
	code := 0
	if errs := s.Errors(); len(errs) > 0 {
		fmt.Fprintf(stderr, "quire-eval: error: %d consistency errors in the normalizer's records: its figures cannot be trusted\n", len(errs))
		code = 1
	}
	if r := s.Retention(); r < c.minRetention {
		fmt.Fprintf(stderr, "quire-eval: error: content retention %.4f is below the floor %.4f\n", r, c.minRetention)
		fmt.Fprintln(stderr, "quire-eval: hint: -lost lists the content lines removed")
		code = 1
	}
	if r := s.Removal(); r < c.minRemoval {
		fmt.Fprintf(stderr, "quire-eval: error: boilerplate removal %.4f is below the floor %.4f\n", r, c.minRemoval)
		code = 1
	}
	return code
}

func showPage(c config, d *eval.Devset, sys eval.System, stdout, stderr io.Writer) int {
	p, err := d.Page(c.page)
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: %s: %v\n", c.dir, err)
		return 2
	}
	ps := eval.ScorePage(p, sys.Normalizer)
	if c.json {
		err = writePageJSON(stdout, ps)
	} else {
		err = writePageText(stdout, sys.Name, ps)
	}
	if err != nil {
		fmt.Fprintf(stderr, "quire-eval: error: %v\n", err)
		return 2
	}
	if len(ps.Errors) > 0 || ps.Failed != nil {
		return 1
	}
	return 0
}

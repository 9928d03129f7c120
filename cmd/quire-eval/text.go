package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/quire-archive/quire/internal/eval"
)

// writeText prints the readable report: the side-by-side summary of
// every set, each set in detail, and last the normalizer and where it
// ran (so that a report of one set starts, as it always has, with the
// set and its table).
func writeText(w io.Writer, rep *report) error {
	bw := bufio.NewWriter(w)
	writeSideBySide(bw, rep)
	for _, ls := range rep.lines {
		writeLineSet(bw, rep.c, ls)
	}
	for _, ss := range rep.snippets {
		writeSnippetSet(bw, rep.c, ss)
	}
	n := rep.normalizer
	fmt.Fprintf(bw, "quire normalizer: rules %s (sha256 %.12s), engine %s; %d pages scored on %d cores in %.1fs\n",
		n.RulesVersion(), n.RulesSHA256(), n.EngineVersion(), rep.pages(), rep.workers, rep.elapsed.Seconds())
	return bw.Flush()
}

// pages is the number of pages scored, over all sets.
func (rep *report) pages() int {
	n := 0
	for _, ls := range rep.lines {
		n += ls.sums[0].Pages
	}
	for _, ss := range rep.snippets {
		n += ss.sums[0].All().Pages
	}
	return n
}

// writeSideBySide prints one row per system with the headline figures of
// every set: micro retention and removal, snippet F1 English, all, other.
func writeSideBySide(w io.Writer, rep *report) {
	if len(rep.lines)+len(rep.snippets) < 2 {
		return
	}
	fmt.Fprintln(w, "Summary (micro figures; details below)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	for _, ls := range rep.lines {
		fmt.Fprintf(tw, "%s:\t\t", ls.dir)
	}
	for _, ss := range rep.snippets {
		fmt.Fprintf(tw, "%s: F1\t\t\t", ss.dir)
	}
	fmt.Fprint(tw, "\nsystem\t")
	for range rep.lines {
		fmt.Fprint(tw, "retention\tremoval\t")
	}
	for range rep.snippets {
		fmt.Fprint(tw, "English\tall\tnon-English\t")
	}
	fmt.Fprintln(tw)
	rows := 0
	if len(rep.lines) > 0 {
		rows = len(rep.lines[0].sums)
	} else {
		rows = len(rep.snippets[0].sums)
	}
	for i := 0; i < rows; i++ {
		name := ""
		for _, ls := range rep.lines {
			name = ls.sums[i].System
		}
		for _, ss := range rep.snippets {
			name = ss.sums[i].System
		}
		fmt.Fprintf(tw, "%s\t", name)
		for _, ls := range rep.lines {
			fmt.Fprintf(tw, "%.4f\t%.4f\t", ls.sums[i].Retention(), ls.sums[i].Removal())
		}
		for _, ss := range rep.snippets {
			s := ss.sums[i]
			fmt.Fprintf(tw, "%.4f\t%.4f\t%.4f\t", s.English().F1, s.All().F1, s.NonEnglish().F1)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// writeLineSet prints the report of a line-labelled set: the normalizer
// is sums[0], the rest are baselines, shown in the summary only.
func writeLineSet(bw io.Writer, c config, ls lineSet) {
	sums := ls.sums
	s := sums[0]
	fmt.Fprintf(bw, "== Line-labelled set %s: %d pages; characters: content %d, boilerplate %d, unsure %d (ignored)\n\n",
		ls.dir, s.Pages, s.Chars[eval.Content], s.Chars[eval.Boilerplate], s.Chars[eval.Unsure])

	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tretention micro\tmacro\tremoval micro\tmacro\tcontent lost\tboilerplate kept\terrors\t")
	for _, x := range sums {
		mr, _, mm, _ := x.Macro()
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t\n", x.System, x.Retention(), mr, x.Removal(), mm,
			x.Removed[eval.Content], x.Chars[eval.Boilerplate]-x.Removed[eval.Boilerplate], len(x.Errors()))
	}
	tw.Flush()
	_, nRet, _, nRem := s.Macro()
	fmt.Fprintf(bw, "(macro: mean over the %d pages with content and the %d with boilerplate)\n", nRet, nRem)
	fmt.Fprintf(bw, "titles of %s: %d of %d labelled headlines found (recall %.4f), %d titles given (precision %.4f)\n",
		s.System, s.TitlesFound, s.Headlines, s.TitleRecall(), s.Titles, s.TitlePrecision())
	fmt.Fprintf(bw, "bylines of %s kept as authors: %d content characters, counted as kept\n", s.System, s.Credited[eval.Content])

	fmt.Fprintf(bw, "\nRules of %s: characters (lines) removed, by label of the line; share = of all content characters (target <= %.0f%%)\n", s.System, eval.RuleShareLimit*100)
	rules := s.Rules()
	if len(rules) == 0 {
		fmt.Fprintln(bw, "  (nothing removed)")
	} else {
		tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "rule\tcontent (wrong)\tboilerplate (right)\tunsure\tcontent share\t\t")
		for _, st := range rules {
			share := s.ContentShare(st)
			flag := ""
			if share > eval.RuleShareLimit {
				flag = "over target"
			}
			fmt.Fprintf(tw, "%s\t%d (%d)\t%d (%d)\t%d (%d)\t%.4f%%\t%s\t\n", st.Rule,
				st.Chars[eval.Content], st.Lines[eval.Content],
				st.Chars[eval.Boilerplate], st.Lines[eval.Boilerplate],
				st.Chars[eval.Unsure], st.Lines[eval.Unsure], share*100, flag)
		}
		tw.Flush()
	}

	if c.worst > 0 {
		worst(bw, fmt.Sprintf("Worst %d pages by content retention", c.worst), s.Worst(c.worst, eval.PageFigures.Retention))
		worst(bw, fmt.Sprintf("Worst %d pages by boilerplate removal", c.worst), s.Worst(c.worst, eval.PageFigures.Removal))
	}

	writeErrors(bw, "Consistency errors of "+s.System, s.Errors())

	if c.lost {
		lost := s.Lost()
		fmt.Fprintf(bw, "\nContent lines %s removed (part of): %d\n", s.System, len(lost))
		for _, l := range lost {
			fmt.Fprintf(bw, "  %s:%d  %s  lost %d of %d  [%s]  %q\n", l.Page, l.Line, strings.Join(l.Rules, ","), l.Lost, l.Chars, l.Why, l.Text)
		}
	}
	fmt.Fprintln(bw)
}

// writeErrors lists errors by page under a heading with their number.
func writeErrors(w io.Writer, heading string, errs []eval.PageError) {
	fmt.Fprintf(w, "\n%s: %d\n", heading, len(errs))
	for _, e := range errs {
		fmt.Fprintf(w, "  %s: %s\n", e.Page, e.Msg)
	}
}

func worst(w io.Writer, title string, pages []eval.PageFigures) {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "retention\tremoval\tcontent\tboilerplate\terrors\t  page")
	for _, f := range pages {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t  %s\n", fig(f.Retention()), fig(f.Removal()), f.Content, f.Boiler, f.Errors, f.Name)
	}
	tw.Flush()
}

func fig(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.4f", v)
}

// writePageText prints one page line by line: number, label, labelling
// rule, decision, characters, text.
func writePageText(w io.Writer, system string, ps *eval.PageScore) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "page %s (%s), scored for %s\n", ps.Name, ps.Kind, system)
	r, okR := ps.Retention()
	m, okM := ps.Removal()
	fmt.Fprintf(bw, "retention %s (%d of %d content characters kept), removal %s (%d of %d boilerplate characters removed)\n\n",
		fig(r, okR), ps.Chars[eval.Content]-ps.Removed[eval.Content], ps.Chars[eval.Content],
		fig(m, okM), ps.Removed[eval.Boilerplate], ps.Chars[eval.Boilerplate])
	for _, ls := range ps.Lines {
		fmt.Fprintf(bw, "%5d %-11s %-24s %-28s %s\n", ls.N, ls.Label, ls.Why, decision(ls), excerpt(ls.Text, 90))
	}
	writePageErrors(bw, ps.Failed, ps.Errors)
	return bw.Flush()
}

// writePageErrors ends a page view: the normalizer's error, if it
// refused the page, and the record's consistency errors.
func writePageErrors(w io.Writer, failed error, errs []string) {
	if failed != nil {
		fmt.Fprintf(w, "\nnormalize failed: %v\n", failed)
	}
	fmt.Fprintf(w, "\nconsistency errors: %d\n", len(errs))
	for _, e := range errs {
		fmt.Fprintf(w, "  %s\n", e)
	}
}

// decision says what happened to a line, with a mark where it was wrong:
// "!" content removed, "?" boilerplate kept.
func decision(ls eval.LineScore) string {
	d := fate(ls.Chars, ls.Removed, ls.Rules, ls.Title, ls.Credited)
	switch {
	case ls.Label == eval.Content && ls.Removed > 0:
		return "! " + d
	case ls.Label == eval.Boilerplate && ls.Removed < ls.Chars:
		return "? " + d
	}
	return "  " + d
}

// fate says what the normalizer did with a line of chars characters:
// kept, removed or partly removed (by which rules), moved to the title,
// credited to the authors.
func fate(chars, removed int, rules []eval.RuleChars, title bool, credited int) string {
	ids := make([]string, len(rules))
	for i, rc := range rules {
		ids[i] = rc.Rule
	}
	var d string
	switch {
	case removed == 0:
		d = "kept"
	case removed == chars:
		d = "removed " + strings.Join(ids, ",")
	default:
		d = fmt.Sprintf("partly %d/%d %s", removed, chars, strings.Join(ids, ","))
	}
	if title {
		d += " (title)"
	}
	if credited > 0 {
		d += " (authors)"
	}
	return d
}

func excerpt(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

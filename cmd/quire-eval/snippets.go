package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/quire-archive/quire/internal/eval"
)

// minTLDPages is the smallest group of pages sharing a TLD listed on its
// own; smaller ones are pooled.
const minTLDPages = 5

// noTitles is what the report says of titles on the snippet set.
const noTitles = "the snippet set labels no headlines (its labels are text snippets only), so there is no title figure for it"

// writeSnippetSet prints the report of a snippet set: figures of every
// system for English pages, all pages and the rest; then, for the
// normalizer, the groups, the rules, the worst pages and the errors.
func writeSnippetSet(w io.Writer, c config, ss snippetSet) {
	s := ss.sums[0]
	all := s.All()
	fmt.Fprintf(w, "== Snippet set %s: %d pages (%d English, %d other); snippets: %d with, %d without\n\n",
		ss.dir, all.Pages, s.English().Pages, s.NonEnglish().Pages, all.TP+all.FN, all.FP+all.TN)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tpages\tF1\tprecision\trecall\taccuracy\tmacro F1\tTP\tFN\tFP\tTN\tfailures\t")
	for _, x := range ss.sums {
		for _, sub := range []struct {
			name string
			f    eval.SnippetFigures
		}{{"English", x.English()}, {"all", x.All()}, {"non-English", x.NonEnglish()}} {
			f := sub.f
			fmt.Fprintf(tw, "%s, %s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d\t%d\t%d\t%d\t\n", x.System, sub.name,
				f.Pages, f.F1, f.Precision, f.Recall, f.Accuracy, f.MacroF1, f.TP, f.FN, f.FP, f.TN, f.Failures)
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "(English: \"lang\": \"en\" in the page's snippet file; score_snippets.py prints the same figures to 3 places)\n")
	fmt.Fprintf(w, "titles: %s\n", noTitles)

	fmt.Fprintf(w, "\nGroups of %s (by the set's lang; by kind and TLD guessed from the URL, see docs/EVAL.md)\n", s.System)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "group\tpages\tF1\tprecision\trecall\tmacro F1\tFN\tFP\t")
	group := func(prefix string, gs []eval.SnippetGroup) {
		for _, g := range gs {
			fmt.Fprintf(tw, "%s %s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%d\t\n", prefix, g.Key, g.Pages, g.F1, g.Precision, g.Recall, g.MacroF1, g.FN, g.FP)
		}
	}
	group("lang", s.Groups(func(f eval.SnippetPageFigures) string { return f.Lang }))
	group("kind", s.Groups(func(f eval.SnippetPageFigures) string { return f.Kind }))
	group("tld", tldGroups(s))
	tw.Flush()

	fmt.Fprintf(w, "\nRules of %s: with-snippets lost (wrong; of them on English pages) and without-snippets removed (right), with their pages\n", s.System)
	writeStats(w, "rule", s.Rules(), 0)
	fmt.Fprintf(w, "\nCauses of %s: the same by rule and the head of the record's reason (numbers masked), the %d with most losses\n", s.System, maxCauses)
	writeStats(w, "cause", s.Causes(), maxCauses)

	if c.worst > 0 {
		fmt.Fprintf(w, "\nWorst %d pages of %s by per-page F1 (ties: more errors first)\n", c.worst, s.System)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "F1\tTP\tFN\tFP\tTN\tlang\tkind\t  page")
		for _, f := range s.Worst(c.worst) {
			failed := ""
			if f.Failed {
				failed = "  (failed)"
			}
			fmt.Fprintf(tw, "%.3f\t%d\t%d\t%d\t%d\t%s\t%s\t  %s%s\n", f.F1, f.TP, f.FN, f.FP, f.TN, f.Lang, f.Kind, f.Name, failed)
		}
		tw.Flush()
	}

	writeErrors(w, "Consistency errors and refused pages of "+s.System, s.Errors())

	if c.lost {
		lost := s.Lost()
		fmt.Fprintf(w, "\nWith-snippets %s lost: %d\n", s.System, len(lost))
		for _, m := range lost {
			writeTrace(w, fmt.Sprintf("  %s [%s]", m.Page, m.Lang), m.SnippetTrace, true)
		}
		kept := s.Kept()
		fmt.Fprintf(w, "\nWithout-snippets %s kept: %d\n", s.System, len(kept))
		for _, m := range kept {
			writeTrace(w, fmt.Sprintf("  %s [%s]", m.Page, m.Lang), m.SnippetTrace, false)
		}
	}
	fmt.Fprintln(w)
}

// maxCauses is how many causes the text report lists.
const maxCauses = 25

func writeStats(w io.Writer, head string, stats []eval.SnippetRuleStat, max int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\twith lost\tEnglish\tpages\twithout removed\tpages\t\n", head)
	for i, r := range stats {
		if max > 0 && i == max {
			break
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", r.Rule, r.Lost, r.LostEnglish, r.LostPages, r.Gone, r.GonePages)
	}
	tw.Flush()
}

// tldGroups are the groups by TLD, with the TLDs of fewer than
// minTLDPages pages pooled as "(others)".
func tldGroups(s *eval.SnippetSummary) []eval.SnippetGroup {
	count := map[string]int{}
	for _, f := range s.PageFigures() {
		count[f.TLD]++
	}
	return s.Groups(func(f eval.SnippetPageFigures) string {
		if count[f.TLD] < minTLDPages {
			return "(others)"
		}
		return "." + f.TLD
	})
}

// writeTrace prints a traced snippet after head: the snippet, the rules
// (if withRules), and each line holding it with what the normalizer did
// to the line and why.
func writeTrace(w io.Writer, head string, t eval.SnippetTrace, withRules bool) {
	fmt.Fprintf(w, "%s  %q", head, excerpt(t.Snippet, 100))
	if withRules {
		fmt.Fprintf(w, "  %s", strings.Join(t.Rules, ","))
	}
	fmt.Fprintln(w)
	for _, tl := range t.Lines {
		fmt.Fprintf(w, "      %5d  %-30s %s\n", tl.N, fate(tl.Chars, tl.Removed, tl.Rules, tl.Title, tl.Credited), excerpt(tl.Text, 90))
		for _, why := range tl.Why {
			fmt.Fprintf(w, "             why: %s\n", why)
		}
	}
}

// writeSnippetPageText shows one snippet page: each snippet present or
// absent, traced to its lines, then every line's fate.
func writeSnippetPageText(w io.Writer, system string, p *eval.SnippetPage, ps *eval.SnippetScore) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "page %s (%s, lang %s, kind %s), scored for %s\n", ps.Name, ps.URL, ps.Lang, eval.URLKind(ps.URL), system)
	fmt.Fprintf(bw, "F1 %.3f: TP %d FN %d FP %d TN %d\n\n", ps.F1(), ps.TP, ps.FN, ps.FP, ps.TN)
	for _, sn := range snippetsOf(p, ps) {
		switch {
		case sn.Kind == "with" && sn.Present:
			fmt.Fprintf(bw, "with     present  %q\n", excerpt(sn.Trace.Snippet, 100))
		case sn.Kind == "with":
			writeTrace(bw, "with     ABSENT ", sn.Trace, true)
		case sn.Present:
			writeTrace(bw, "without  PRESENT", sn.Trace, false)
		default:
			writeTrace(bw, "without  absent ", sn.Trace, true)
		}
	}
	fmt.Fprintln(bw)
	for _, ls := range ps.Lines {
		fmt.Fprintf(bw, "%5d  %-30s %s\n", ls.N, decision(ls), excerpt(ls.Text, 90))
	}
	writePageErrors(bw, ps.Failed, ps.Errors)
	return bw.Flush()
}

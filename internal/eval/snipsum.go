package eval

import (
	"cmp"
	"slices"
)

// SnippetSummary aggregates the snippet scores of one normalizer: a few
// numbers per page, the rule table, the traces of lost and kept
// snippets and the errors, never the pages themselves.
type SnippetSummary struct {
	System string
	pages  []SnippetPageFigures
	rules  map[string]*SnippetRuleStat
	causes map[string]*SnippetRuleStat
	lost   []SnippetMiss
	kept   []SnippetMiss
	errs   []PageError
}

// NewSnippetSummary returns an empty summary for the named normalizer.
func NewSnippetSummary(system string) *SnippetSummary {
	return &SnippetSummary{System: system, rules: map[string]*SnippetRuleStat{}, causes: map[string]*SnippetRuleStat{}}
}

// SnippetPageFigures are one page's counts and the groups it falls in.
type SnippetPageFigures struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Lang string `json:"lang"`
	TLD  string `json:"tld"`  // URLTLD
	Kind string `json:"kind"` // URLKind
	SnippetCounts
	F1     float64 `json:"f1"`
	Failed bool    `json:"failed,omitempty"`
	Errors int     `json:"errors"`
}

// English reports whether the page is marked English.
func (f SnippetPageFigures) English() bool { return isEnglish(f.Lang) }

// SnippetRuleStat is what one rule (or pseudo-rule, or Cause) did to
// snippets: the with-snippets it took part of (wrong), how many of them
// on English pages, and the without-snippets (right).
type SnippetRuleStat struct {
	Rule        string `json:"rule"`
	Lost        int    `json:"with_lost"`
	LostEnglish int    `json:"with_lost_english"`
	LostPages   int    `json:"with_lost_pages"`
	Gone        int    `json:"without_removed"`
	GonePages   int    `json:"without_removed_pages"`
}

// SnippetMiss is a traced snippet of one page: a lost with-snippet or a
// kept without-snippet.
type SnippetMiss struct {
	Page string `json:"page"`
	Lang string `json:"lang"`
	SnippetTrace
}

// Add adds one page score.
func (s *SnippetSummary) Add(ps *SnippetScore) {
	s.pages = append(s.pages, SnippetPageFigures{
		Name: ps.Name, URL: ps.URL, Lang: ps.Lang, TLD: URLTLD(ps.URL), Kind: URLKind(ps.URL),
		SnippetCounts: ps.SnippetCounts, F1: ps.F1(), Failed: ps.Failed != nil, Errors: len(ps.Errors),
	})
	en := isEnglish(ps.Lang)
	book := func(table map[string]*SnippetRuleStat, keys func(SnippetTrace) []string) {
		seenLost, seenGone := map[string]bool{}, map[string]bool{}
		stat := func(k string) *SnippetRuleStat {
			st := table[k]
			if st == nil {
				st = &SnippetRuleStat{Rule: k}
				table[k] = st
			}
			return st
		}
		for _, t := range ps.Lost {
			for _, k := range keys(t) {
				st := stat(k)
				st.Lost++
				if en {
					st.LostEnglish++
				}
				if !seenLost[k] {
					st.LostPages++
					seenLost[k] = true
				}
			}
		}
		for _, t := range ps.Gone {
			for _, k := range keys(t) {
				st := stat(k)
				st.Gone++
				if !seenGone[k] {
					st.GonePages++
					seenGone[k] = true
				}
			}
		}
	}
	book(s.rules, func(t SnippetTrace) []string { return t.Rules })
	book(s.causes, func(t SnippetTrace) []string { return t.Causes })
	for _, t := range ps.Lost {
		s.lost = append(s.lost, SnippetMiss{ps.Name, ps.Lang, t})
	}
	for _, t := range ps.Kept {
		s.kept = append(s.kept, SnippetMiss{ps.Name, ps.Lang, t})
	}
	if ps.Failed != nil {
		s.errs = append(s.errs, PageError{ps.Name, "normalize: " + ps.Failed.Error()})
	}
	for _, e := range ps.Errors {
		s.errs = append(s.errs, PageError{ps.Name, e})
	}
}

// SnippetFigures are the figures of a set of pages: the counts, the micro
// figures over all their snippets and the mean per-page F1.
type SnippetFigures struct {
	Pages int `json:"pages"`
	SnippetCounts
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`
	MacroF1   float64 `json:"macro_f1"`
	Failures  int     `json:"failures"`
}

// Figures computes the figures of the pages keep selects (all when keep
// is nil).
func (s *SnippetSummary) Figures(keep func(SnippetPageFigures) bool) SnippetFigures {
	var f SnippetFigures
	sum := 0.0
	for _, p := range s.pages {
		if keep != nil && !keep(p) {
			continue
		}
		f.Pages++
		f.Add(p.SnippetCounts)
		sum += p.F1
		if p.Failed {
			f.Failures++
		}
	}
	f.Precision, f.Recall, f.F1, f.Accuracy = f.PRF()
	if f.Pages > 0 {
		f.MacroF1 = sum / float64(f.Pages)
	}
	return f
}

// All, English and NonEnglish are the figures of all pages, of the pages
// marked English, and of the rest.
func (s *SnippetSummary) All() SnippetFigures     { return s.Figures(nil) }
func (s *SnippetSummary) English() SnippetFigures { return s.Figures(SnippetPageFigures.English) }
func (s *SnippetSummary) NonEnglish() SnippetFigures {
	return s.Figures(func(f SnippetPageFigures) bool { return !f.English() })
}

// SnippetGroup is the figures of the pages that share a key.
type SnippetGroup struct {
	Key string `json:"key"`
	SnippetFigures
}

// Groups splits the pages by key and returns each group's figures,
// largest group first, ties by key.
func (s *SnippetSummary) Groups(key func(SnippetPageFigures) string) []SnippetGroup {
	keys := map[string]bool{}
	for _, p := range s.pages {
		keys[key(p)] = true
	}
	var out []SnippetGroup
	for k := range keys {
		out = append(out, SnippetGroup{k, s.Figures(func(p SnippetPageFigures) bool { return key(p) == k })})
	}
	slices.SortFunc(out, func(a, b SnippetGroup) int {
		return cmp.Or(cmp.Compare(b.Pages, a.Pages), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// Worst returns up to n pages with the lowest per-page F1, ordered as
// score_snippets.py orders them: F1, then more errors (FN+FP) first, then
// name.
func (s *SnippetSummary) Worst(n int) []SnippetPageFigures {
	out := slices.Clone(s.pages)
	slices.SortStableFunc(out, func(a, b SnippetPageFigures) int {
		return cmp.Or(cmp.Compare(a.F1, b.F1), cmp.Compare(b.FN+b.FP, a.FN+a.FP), cmp.Compare(a.Name, b.Name))
	})
	return out[:min(n, len(out))]
}

// PageFigures returns the page figures in the order added.
func (s *SnippetSummary) PageFigures() []SnippetPageFigures { return slices.Clone(s.pages) }

// Rules returns the rule table: most with-snippets lost first, then most
// without-snippets removed, then by rule id.
func (s *SnippetSummary) Rules() []SnippetRuleStat { return sortedStats(s.rules) }

// Causes returns the same table by Cause: rule and the head of its
// reason, the families of decisions behind the losses.
func (s *SnippetSummary) Causes() []SnippetRuleStat { return sortedStats(s.causes) }

func sortedStats(m map[string]*SnippetRuleStat) []SnippetRuleStat {
	var out []SnippetRuleStat
	for _, st := range m {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b SnippetRuleStat) int {
		return cmp.Or(cmp.Compare(b.Lost, a.Lost), cmp.Compare(b.Gone, a.Gone), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}

// Lost returns the traces of the with-snippets missing from the text, by
// page in the order added.
func (s *SnippetSummary) Lost() []SnippetMiss { return slices.Clone(s.lost) }

// Kept returns the traces of the without-snippets left in the text.
func (s *SnippetSummary) Kept() []SnippetMiss { return slices.Clone(s.kept) }

// Errors returns the consistency errors and refused pages, by page.
func (s *SnippetSummary) Errors() []PageError {
	out := slices.Clone(s.errs)
	slices.SortStableFunc(out, func(a, b PageError) int { return cmp.Compare(a.Page, b.Page) })
	return out
}

package eval

import (
	"cmp"
	"slices"
)

// RuleShareLimit is the target for one rule: it may remove at most
// this share of all content characters of the dev set.
const RuleShareLimit = 0.01

// Summary aggregates the page scores of one normalizer. It keeps a few
// numbers per page, the rule table, the lost content lines and the
// consistency errors, never the pages themselves.
type Summary struct {
	System  string
	Pages   int
	Chars   [4]int // per label, pooled over pages
	Removed [4]int
	// Credited counts characters of bylines kept as authors, per label;
	// they count as kept and are not in Removed.
	Credited [4]int
	pages    []PageFigures
	rules    map[string]*RuleStat
	lost     []LostLine
	errs     []PageError
	// Headlines counts pages with a labelled headline, Titles records
	// with a title, TitlesFound titles equal to the labelled headline.
	Headlines, Titles, TitlesFound int
}

// TitleRecall is the share of labelled headlines found as the title.
func (s *Summary) TitleRecall() float64 { r, _ := ratio(s.TitlesFound, s.Headlines); return r }

// TitlePrecision is the share of titles that are the labelled headline.
func (s *Summary) TitlePrecision() float64 { r, _ := ratio(s.TitlesFound, s.Titles); return r }

// PageFigures are one page's totals.
type PageFigures struct {
	Name        string `json:"name"`
	Kind        string `json:"kind,omitempty"`
	Content     int    `json:"content_chars"`
	ContentKept int    `json:"content_kept"`
	Boiler      int    `json:"boilerplate_chars"`
	BoilerGone  int    `json:"boilerplate_removed"`
	Errors      int    `json:"errors"`
}

// Retention is the page's content retention; ok is false without content.
func (f PageFigures) Retention() (float64, bool) { return ratio(f.ContentKept, f.Content) }

// Removal is the page's boilerplate removal; ok is false without
// boilerplate.
func (f PageFigures) Removal() (float64, bool) { return ratio(f.BoilerGone, f.Boiler) }

// RuleStat is what one rule removed, by label of the line.
type RuleStat struct {
	Rule  string
	Chars [4]int // characters removed, per label
	Lines [4]int // lines the rule removed something of, per label
}

// LostLine is a content line that lost characters: the debugging view.
type LostLine struct {
	Page  string   `json:"page"`
	Line  int      `json:"line"`
	Rules []string `json:"rules"`
	Chars int      `json:"chars"` // of the line
	Lost  int      `json:"lost"`  // characters removed
	Why   string   `json:"label_why"`
	Text  string   `json:"text"` // excerpt
}

// PageError is a consistency error, or a page the normalizer refused.
type PageError struct {
	Page string `json:"page"`
	Msg  string `json:"msg"`
}

// NewSummary returns an empty summary for the named normalizer.
func NewSummary(system string) *Summary {
	return &Summary{System: system, rules: make(map[string]*RuleStat)}
}

// Add adds one page score.
func (s *Summary) Add(ps *PageScore) {
	s.Pages++
	if ps.Headline != "" {
		s.Headlines++
	}
	if ps.Title != "" {
		s.Titles++
	}
	if ps.TitleFound() {
		s.TitlesFound++
	}
	for l := range s.Chars {
		s.Chars[l] += ps.Chars[l]
		s.Removed[l] += ps.Removed[l]
		s.Credited[l] += ps.Credited[l]
	}
	s.pages = append(s.pages, PageFigures{
		Name: ps.Name, Kind: ps.Kind,
		Content: ps.Chars[Content], ContentKept: ps.Chars[Content] - ps.Removed[Content],
		Boiler: ps.Chars[Boilerplate], BoilerGone: ps.Removed[Boilerplate],
		Errors: len(ps.Errors),
	})
	for _, ls := range ps.Lines {
		for _, rc := range ls.Rules {
			st := s.rules[rc.Rule]
			if st == nil {
				st = &RuleStat{Rule: rc.Rule}
				s.rules[rc.Rule] = st
			}
			st.Chars[ls.Label] += rc.Chars
			st.Lines[ls.Label]++
		}
		if ls.Label == Content && ls.Removed > 0 {
			ll := LostLine{Page: ps.Name, Line: ls.N, Chars: ls.Chars, Lost: ls.Removed, Why: ls.Why, Text: excerpt(ls.Text, 100)}
			for _, rc := range ls.Rules {
				ll.Rules = append(ll.Rules, rc.Rule)
			}
			s.lost = append(s.lost, ll)
		}
	}
	if ps.Failed != nil {
		s.errs = append(s.errs, PageError{ps.Name, "normalize: " + ps.Failed.Error()})
	}
	for _, e := range ps.Errors {
		s.errs = append(s.errs, PageError{ps.Name, e})
	}
}

// Retention is the micro content retention: content characters kept over
// all content characters, pooled over pages.
func (s *Summary) Retention() float64 {
	r, _ := ratio(s.Chars[Content]-s.Removed[Content], s.Chars[Content])
	return r
}

// Removal is the micro boilerplate removal.
func (s *Summary) Removal() float64 {
	r, _ := ratio(s.Removed[Boilerplate], s.Chars[Boilerplate])
	return r
}

// Macro returns the means of the page figures, each over the pages where
// it is defined, and how many pages that was.
func (s *Summary) Macro() (retention float64, nRet int, removal float64, nRem int) {
	for _, f := range s.pages {
		if r, ok := f.Retention(); ok {
			retention += r
			nRet++
		}
		if r, ok := f.Removal(); ok {
			removal += r
			nRem++
		}
	}
	if nRet > 0 {
		retention /= float64(nRet)
	}
	if nRem > 0 {
		removal /= float64(nRem)
	}
	return
}

// PageFigures returns the page figures in the order added.
func (s *Summary) PageFigures() []PageFigures { return slices.Clone(s.pages) }

// Worst returns up to n pages with the lowest figure (Retention or Removal
// of PageFigures), lowest first, ties by name; pages where the figure is
// not defined are left out.
func (s *Summary) Worst(n int, figure func(PageFigures) (float64, bool)) []PageFigures {
	type fv struct {
		f PageFigures
		v float64
	}
	var all []fv
	for _, f := range s.pages {
		if v, ok := figure(f); ok {
			all = append(all, fv{f, v})
		}
	}
	slices.SortStableFunc(all, func(a, b fv) int {
		return cmp.Or(cmp.Compare(a.v, b.v), cmp.Compare(a.f.Name, b.f.Name))
	})
	var out []PageFigures
	for i := 0; i < n && i < len(all); i++ {
		out = append(out, all[i].f)
	}
	return out
}

// Rules returns the rule table sorted by rule id.
func (s *Summary) Rules() []RuleStat {
	var out []RuleStat
	for _, st := range s.rules {
		out = append(out, *st)
	}
	slices.SortFunc(out, func(a, b RuleStat) int { return cmp.Compare(a.Rule, b.Rule) })
	return out
}

// ContentShare is the share of all content characters rule st removed;
// the issue allows at most RuleShareLimit.
func (s *Summary) ContentShare(st RuleStat) float64 {
	r, _ := ratio(st.Chars[Content], s.Chars[Content])
	return r
}

// Lost returns the content lines that lost characters, by page then line.
func (s *Summary) Lost() []LostLine {
	out := slices.Clone(s.lost)
	slices.SortStableFunc(out, func(a, b LostLine) int {
		return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.Line, b.Line))
	})
	return out
}

// Errors returns the consistency errors and refused pages, by page.
func (s *Summary) Errors() []PageError {
	out := slices.Clone(s.errs)
	slices.SortStableFunc(out, func(a, b PageError) int { return cmp.Compare(a.Page, b.Page) })
	return out
}

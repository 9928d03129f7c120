package eval

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
)

// Pseudo-rules under which a trace books a with-snippet that is missing
// from the text although no Removed entry took a line of it.
const (
	// RuleInTitle: the snippet's line became the record's title, and
	// score_snippets.py reads only the text.
	RuleInTitle = "(title)"
	// RuleTextDiffers: every line of the snippet survived by the audit
	// trail, yet the snippet is not in the text in match form: the
	// normalizer changed characters (repairs) or split what the page
	// wrote as one run.
	RuleTextDiffers = "(kept, text differs)"
	// RuleNotInPage: the snippet is not in the raw page in match form;
	// then nothing can be traced (the set keeps only snippets that are).
	RuleNotInPage = "(not in page)"
)

// maxOccurrences is how many occurrences of one snippet in a page a
// trace follows.
const maxOccurrences = 4

// SnippetCounts are the four counts of the snippet metric.
type SnippetCounts struct {
	TP int `json:"tp"` // with-snippet in the text
	FN int `json:"fn"` // with-snippet missing
	FP int `json:"fp"` // without-snippet in the text
	TN int `json:"tn"` // without-snippet gone
}

// Add adds o to c.
func (c *SnippetCounts) Add(o SnippetCounts) {
	c.TP += o.TP
	c.FN += o.FN
	c.FP += o.FP
	c.TN += o.TN
}

// PRF returns the micro figures of score_snippets.py: precision
// TP/(TP+FP), recall TP/(TP+FN), F1 2PR/(P+R) and accuracy
// (TP+TN)/all, each 0 where its denominator is.
func (c SnippetCounts) PRF() (precision, recall, f1, accuracy float64) {
	precision, _ = ratio(c.TP, c.TP+c.FP)
	recall, _ = ratio(c.TP, c.TP+c.FN)
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	accuracy, _ = ratio(c.TP+c.TN, c.TP+c.FN+c.FP+c.TN)
	return
}

// F1 is the per-page F1 of score_snippets.py, 2TP/(2TP+FP+FN); 0 when
// the denominator is (a page always has a with-snippet, so only counts
// built by hand get there).
func (c SnippetCounts) F1() float64 {
	f, _ := ratio(2*c.TP, 2*c.TP+c.FP+c.FN)
	return f
}

// SnippetPresence is the metric itself: which with- and without-snippets
// occur in text, in match form, case-sensitively, as substrings.
func SnippetPresence(text string, with, without []string) (w, wo []bool, c SnippetCounts) {
	return presence(MatchForm(text), with, without)
}

// presence is SnippetPresence of a text in match form.
func presence(flat string, with, without []string) (w, wo []bool, c SnippetCounts) {
	present := func(snips []string) []bool {
		out := make([]bool, len(snips))
		for i, s := range snips {
			out[i] = strings.Contains(flat, MatchForm(s))
		}
		return out
	}
	w, wo = present(with), present(without)
	for _, p := range w {
		if p {
			c.TP++
		} else {
			c.FN++
		}
	}
	for _, p := range wo {
		if p {
			c.FP++
		} else {
			c.TN++
		}
	}
	return w, wo, c
}

// SnippetScore is one page of the snippet set scored against one
// normalizer's record.
type SnippetScore struct {
	Name, URL, Lang string
	SnippetCounts
	With, Without []bool // presence of each snippet, in file order
	// Failed is the normalizer's error; the page then counts as empty
	// output, as a failed command does for score_snippets.py.
	Failed error
	// Errors lists consistency errors of the record (see Score).
	Errors []string
	// Lines is the fate of every non-blank line (unlabelled), read from
	// the audit trail as Score reads it; nil when the normalizer failed.
	Lines []LineScore
	// Lost traces each with-snippet missing from the text, Kept each
	// without-snippet left in it, Gone each without-snippet removed.
	Lost, Kept, Gone []SnippetTrace
}

// SnippetTrace follows one snippet back to the raw lines that hold it.
type SnippetTrace struct {
	Snippet string `json:"snippet"`
	// Rules are the distinct rules that removed part of a line holding
	// the snippet, or one pseudo-rule saying why none did.
	Rules []string `json:"rules"`
	// Causes are the distinct Cause of each removal that took part of a
	// line holding the snippet (a pseudo-rule alone when none did).
	Causes []string    `json:"causes"`
	Lines  []TraceLine `json:"lines"`
}

// TraceLine is one raw line holding (part of) a traced snippet, and what
// the normalizer did with it.
type TraceLine struct {
	N        int         `json:"n"`
	Chars    int         `json:"chars"`
	Removed  int         `json:"removed"`
	Rules    []RuleChars `json:"rules,omitempty"`
	Why      []string    `json:"why,omitempty"` // the record's reasons for what it removed here
	Title    bool        `json:"title,omitempty"`
	Credited int         `json:"credited,omitempty"`
	Text     string      `json:"text"` // excerpt
}

// ScoreSnippetPage runs n on p and scores the result.
func ScoreSnippetPage(p *SnippetPage, n Normalizer) *SnippetScore {
	r, err := n.Normalize(normalize.Input{ID: p.Name, Name: p.Name + ".txt", Data: p.Data})
	if err == nil && r == nil {
		err = fmt.Errorf("normalizer returned no record and no error")
	}
	if err != nil {
		return ScoreSnippetOutput(p, nil, err)
	}
	out := OutputOf(r)
	return ScoreSnippetOutput(p, &out, nil)
}

// ScoreSnippetOutput scores what a normalizer made of p: out, or, when
// it failed, nothing (out nil, err its error).
func ScoreSnippetOutput(p *SnippetPage, out *Output, err error) *SnippetScore {
	s := &SnippetScore{Name: p.Name, URL: p.URL, Lang: p.Lang, Failed: err}
	text := ""
	if out != nil {
		text = out.Text
	}
	flat := MatchForm(text)
	s.With, s.Without, s.SnippetCounts = presence(flat, p.With, p.Without)

	var lines *PageScore // the fate of every line, from the audit trail
	if out != nil {
		lines = scoreOutput(p.linePage(), *out, flat)
		s.Errors, s.Lines = lines.Errors, lines.Lines
	}
	why := removedWhy(out)
	m := newMatchLines(p.Lines)
	trace := func(snip string) SnippetTrace {
		return traceSnippet(p, m, lines, why, snip)
	}
	for i, sn := range p.With {
		if !s.With[i] {
			s.Lost = append(s.Lost, trace(sn))
		}
	}
	for i, sn := range p.Without {
		if !s.Without[i] {
			s.Gone = append(s.Gone, trace(sn))
			continue
		}
		// Only the lines it survives in matter, not what removed other
		// occurrences.
		t := trace(sn)
		t.Rules, t.Causes = nil, nil
		t.Lines = slices.DeleteFunc(t.Lines, func(tl TraceLine) bool { return tl.Chars-tl.Removed-tl.Credited <= 0 })
		s.Kept = append(s.Kept, t)
	}
	return s
}

// linePage is p as an unlabelled line page, for ScoreOutput.
func (p *SnippetPage) linePage() *Page {
	lp := &Page{Name: p.Name, Data: p.Data, Lines: make([]Line, len(p.Lines))}
	for i, t := range p.Lines {
		lp.Lines[i] = Line{N: i + 1, Text: t}
	}
	return lp
}

// removedWhy maps a raw line number to what the record removed there:
// each distinct rule and reason.
func removedWhy(out *Output) map[int][]record.Removed {
	if out == nil {
		return nil
	}
	why := make(map[int][]record.Removed)
	for _, rm := range out.Removed {
		k := record.Removed{Rule: rm.Rule, Why: rm.Why}
		if !slices.Contains(why[rm.Line], k) {
			why[rm.Line] = append(why[rm.Line], k)
		}
	}
	return why
}

// Cause names a family of decisions: a rule and the head of the reason
// the record gives, before the first "(", "," or ";", with each run of
// digits masked as "#", so "bad line before the body (line 211), 62 words" and "bad
// line before the body (line 99), 41 words" are one cause of
// classifier:header-zone. A removal without a reason is its rule.
func Cause(rule, why string) string {
	if i := strings.IndexAny(why, "(,;"); i >= 0 {
		why = why[:i]
	}
	var b strings.Builder
	for i := 0; i < len(why); i++ {
		if c := why[i]; c < '0' || c > '9' {
			b.WriteByte(c)
		} else if i == 0 || why[i-1] < '0' || why[i-1] > '9' {
			b.WriteByte('#') // a run of digits
		}
	}
	why = strings.TrimSpace(b.String())
	if why == "" {
		return rule
	}
	return rule + ": " + why
}

// traceSnippet finds the raw lines holding snip and books it to the
// rules that removed parts of them. lines is nil when the normalizer
// failed.
func traceSnippet(p *SnippetPage, m *matchLines, lines *PageScore, why map[int][]record.Removed, snip string) SnippetTrace {
	failed := lines == nil
	t := SnippetTrace{Snippet: snip}
	occ := m.occurrences(MatchForm(snip), maxOccurrences)
	if len(occ) == 0 {
		t.Rules, t.Causes = []string{RuleNotInPage}, []string{RuleNotInPage}
		return t
	}
	byN := map[int]*LineScore{}
	if lines != nil {
		for i := range lines.Lines {
			byN[lines.Lines[i].N] = &lines.Lines[i]
		}
	}
	title := false
	for _, o := range occ {
		for n := o[0]; n <= o[1]; n++ {
			if slices.ContainsFunc(t.Lines, func(tl TraceLine) bool { return tl.N == n }) {
				continue
			}
			ls := byN[n]
			if ls == nil { // blank, or the normalizer failed
				if c := measure(p.Lines[n-1]); failed && c > 0 {
					t.Lines = append(t.Lines, TraceLine{N: n, Chars: c, Removed: c, Text: excerpt(p.Lines[n-1], 100)})
				}
				continue
			}
			tl := TraceLine{N: n, Chars: ls.Chars, Removed: ls.Removed, Rules: ls.Rules,
				Title: ls.Title, Credited: ls.Credited, Text: excerpt(ls.Text, 100)}
			title = title || ls.Title
			for _, rc := range ls.Rules {
				if !slices.Contains(t.Rules, rc.Rule) {
					t.Rules = append(t.Rules, rc.Rule)
				}
			}
			for _, rm := range why[n] {
				if !slices.ContainsFunc(ls.Rules, func(rc RuleChars) bool { return rc.Rule == rm.Rule }) {
					continue // a span the scorer could not place
				}
				if rm.Why != "" && !slices.Contains(tl.Why, rm.Why) {
					tl.Why = append(tl.Why, rm.Why)
				}
				if c := Cause(rm.Rule, rm.Why); !slices.Contains(t.Causes, c) {
					t.Causes = append(t.Causes, c)
				}
			}
			t.Lines = append(t.Lines, tl)
		}
	}
	slices.SortFunc(t.Lines, func(a, b TraceLine) int { return a.N - b.N })
	switch {
	case len(t.Rules) > 0:
	case failed:
		t.Rules = []string{RuleFailed}
	case title:
		t.Rules = []string{RuleInTitle}
	default:
		t.Rules = []string{RuleTextDiffers}
	}
	for _, r := range t.Rules { // rules no Removed entry names: captions, pseudo-rules
		if !slices.ContainsFunc(t.Causes, func(c string) bool { return c == r || strings.HasPrefix(c, r+": ") }) {
			t.Causes = append(t.Causes, r)
		}
	}
	return t
}

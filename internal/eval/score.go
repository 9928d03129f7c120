package eval

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
)

// Pseudo-rules: names under which the scorer books characters that no
// Removed entry names.
const (
	// RuleCaption books lines, or parts, that became a record caption.
	RuleCaption = "caption"
	// RuleUnaccounted books content that the audit trail says survived
	// but that is in neither title nor text: a normalizer bug, and a
	// consistency error.
	RuleUnaccounted = "(unaccounted)"
	// RuleFailed books the content of a page the normalizer refused.
	RuleFailed = "(normalize failed)"
)

// Normalizer is what is measured: one raw page in, one record out.
// *normalize.Normalizer is one; so are the LineLength baselines.
type Normalizer interface {
	Normalize(normalize.Input) (*record.Record, error)
}

// RuleChars is what one rule removed of one line.
type RuleChars struct {
	Rule  string
	Chars int
}

// LineScore is the fate of one non-blank line.
type LineScore struct {
	N       int
	Label   Label
	Why     string // labelling rule
	Text    string // the line, trimmed
	Chars   int    // measure of the line
	Removed int    // characters gone from title and text; Chars-Removed survived
	// Rules lists what removed the characters, in the order found; the
	// Chars of its entries add up to Removed.
	Rules []RuleChars
	// Credited counts characters of a byline span whose names are all in
	// the record's authors: gone from the text, but kept as metadata, so
	// they count as kept, not in Removed (see CreditsByline).
	Credited int
	// Title is set when the record's title was taken from this line.
	Title bool
}

// PageScore is one page scored against one record.
type PageScore struct {
	Name  string
	Kind  string
	Chars [4]int // characters per label (index Content, Boilerplate, Unsure)
	// Removed counts characters per label gone from title and text.
	Removed [4]int
	// Credited counts characters per label of bylines kept as authors.
	Credited [4]int
	Lines    []LineScore // the non-blank lines, in order
	// Errors lists where the record's audit trail and its title and text
	// disagree; each was scored against the normalizer.
	Errors []string
	// Failed is the normalizer's error, if it refused the page; then all
	// content counts as lost and no boilerplate as removed.
	Failed error
	// Headline is the line labelled as the headline ("" if none), and
	// Title the record's title ("" if none). The title is found when the
	// two are equal, white space collapsed.
	Headline, Title string
}

// TitleFound reports whether the record's title is the labelled headline.
func (s *PageScore) TitleFound() bool {
	return s.Headline != "" && collapseSpace(s.Title) == collapseSpace(s.Headline)
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Retention is the share of content characters kept; ok is false for a
// page without content.
func (s *PageScore) Retention() (r float64, ok bool) {
	return ratio(s.Chars[Content]-s.Removed[Content], s.Chars[Content])
}

// Removal is the share of boilerplate characters removed; ok is false for
// a page without boilerplate.
func (s *PageScore) Removal() (r float64, ok bool) {
	return ratio(s.Removed[Boilerplate], s.Chars[Boilerplate])
}

func ratio(a, b int) (float64, bool) {
	if b == 0 {
		return 0, false
	}
	return float64(a) / float64(b), true
}

// ScorePage runs n on p and scores the result.
func ScorePage(p *Page, n Normalizer) *PageScore {
	r, err := n.Normalize(normalize.Input{ID: p.Name, Name: p.Name + ".txt", Data: p.Data})
	if err != nil {
		return failed(p, err)
	}
	if r == nil {
		return failed(p, fmt.Errorf("normalizer returned no record and no error"))
	}
	return Score(p, r)
}

func failed(p *Page, err error) *PageScore {
	s := &PageScore{Name: p.Name, Kind: p.Kind, Failed: err}
	for _, ln := range p.Lines {
		c := measure(ln.Text)
		if c == 0 {
			continue
		}
		ls := LineScore{N: ln.N, Label: ln.Label, Why: ln.Why, Text: strings.TrimSpace(ln.Text), Chars: c}
		if ln.Label == Content {
			ls.Removed = c
			ls.Rules = []RuleChars{{RuleFailed, c}}
		}
		s.add(ls)
	}
	return s
}

func (s *PageScore) add(ls LineScore) {
	s.Chars[ls.Label] += ls.Chars
	s.Removed[ls.Label] += ls.Removed
	s.Credited[ls.Label] += ls.Credited
	s.Lines = append(s.Lines, ls)
}

// span is text a record says it took out of a line.
type span struct {
	text, rule, where string
}

// piece is a run of a line that should be in the title or text.
type piece struct {
	line  int // index into PageScore.Lines
	text  string
	form  string // text in match form
	chars int
}

// Score scores record r of page p. See the package doc for the rules.
func Score(p *Page, r *record.Record) *PageScore { return ScoreOutput(p, OutputOf(r)) }

// ScoreOutput scores what a normalizer made of page p.
func ScoreOutput(p *Page, r Output) *PageScore { return scoreOutput(p, r, MatchForm(r.Text)) }

// scoreOutput is ScoreOutput with the match form of r.Text, for a caller
// that has it already.
func scoreOutput(p *Page, r Output, textForm string) *PageScore {
	s := &PageScore{Name: p.Name, Kind: p.Kind}
	errorf := func(format string, args ...any) { s.Errors = append(s.Errors, fmt.Sprintf(format, args...)) }
	checkAuthors(p, r.Authors, errorf)

	spans := make(map[int][]span)
	addSpan := func(line int, sp span) {
		if p.Line(line) == nil {
			errorf("%s: line %d is outside the page (%d lines)", sp.where, line, len(p.Lines))
			return
		}
		spans[line] = append(spans[line], sp)
	}
	for i, rm := range r.Removed {
		addSpan(rm.Line, span{rm.Text, rm.Rule, fmt.Sprintf("/removed/%d", i)})
	}
	for i, c := range r.Captions {
		addSpan(c.Line, span{c.Text, RuleCaption, fmt.Sprintf("/captions/%d/text", i)})
		if c.Credit != nil {
			addSpan(c.Line, span{*c.Credit, RuleCaption, fmt.Sprintf("/captions/%d/credit", i)})
		}
	}

	var pieces []piece
	for _, ln := range p.Lines {
		text := strings.TrimSpace(ln.Text)
		if text == "" {
			if sps := spans[ln.N]; len(sps) > 0 {
				for _, sp := range sps {
					if strings.TrimSpace(sp.text) != "" {
						errorf("%s: line %d: text %q (rule %q) is not in the line", sp.where, ln.N, excerpt(sp.text, 60), sp.rule)
					}
				}
			}
			continue
		}
		ls := LineScore{N: ln.N, Label: ln.Label, Why: ln.Why, Text: text, Chars: utf8.RuneCountInString(text)}
		rules, survived := cut(text, spans[ln.N], func(sp span) {
			errorf("%s: line %d: text %q (rule %q) is not in the line", sp.where, ln.N, excerpt(sp.text, 60), sp.rule)
		})
		if CreditsByline(r.Authors, text) {
			rules, ls.Credited = creditByline(rules)
		}
		for _, rc := range rules {
			ls.Removed += rc.Chars
		}
		ls.Rules = rules
		for _, t := range survived {
			pieces = append(pieces, piece{line: len(s.Lines), text: t, form: MatchForm(t), chars: utf8.RuneCountInString(t)})
		}
		s.add(ls)
	}

	title := ""
	if r.Title != nil {
		title = *r.Title
	}
	s.Title = title
	for _, ln := range p.Lines {
		if ln.Label == Content && ln.Why == "headline" {
			s.Headline = strings.TrimSpace(ln.Text)
			break
		}
	}
	out := newOutput(MatchForm(title), textForm)
	tp := out.titlePiece(pieces)
	if tp >= 0 {
		s.Lines[pieces[tp].line].Title = true
	}
	for i, pc := range pieces {
		if out.find(pc.form, i == tp) {
			continue
		}
		ls := &s.Lines[pc.line]
		errorf("line %d: %q survives by the audit trail but is in neither title nor text", ls.N, excerpt(pc.text, 60))
		if ls.Label == Content {
			// Count it lost: a silent drop must not look like a kept line.
			ls.Removed += pc.chars
			ls.Rules = append(ls.Rules, RuleChars{RuleUnaccounted, pc.chars})
			s.Removed[Content] += pc.chars
		}
		// Boilerplate stays counted as kept, for the same reason.
	}
	out.matchTitle()
	if n, first := out.leftover(); n > 0 {
		errorf("title and text hold %d characters that no surviving line accounts for, first %q", n, excerpt(first, 60))
	}
	return s
}

// cut takes the spans out of the trimmed line text and returns what each
// rule removed and the surviving runs, trimmed. A span is found in the
// line in match form (see canonLine), since a normalizer writes it after
// input hygiene, and marked on the raw bytes it came from. White space between a
// span and a surviving run or another span goes with the span, so the
// counts of rules and runs add up to the line's characters. Spans not
// found in what is left of the line are passed to missing.
func cut(text string, sps []span, missing func(span)) ([]RuleChars, []string) {
	if len(sps) == 0 {
		return nil, []string{text}
	}
	owner := make([]int, len(text)) // index into rules, or -1: survives
	for i := range owner {
		owner[i] = -1
	}
	var rules []RuleChars
	ruleIndex := func(rule string) int {
		for i, rc := range rules {
			if rc.Rule == rule {
				return i
			}
		}
		rules = append(rules, RuleChars{Rule: rule})
		return len(rules) - 1
	}
	line := newCanonLine(text)
	free := func(lo, hi int) bool {
		for i := lo; i < hi; i++ {
			if owner[i] >= 0 {
				return false
			}
		}
		return true
	}
	for _, sp := range sps {
		t := MatchForm(sp.text)
		if t == "" {
			continue
		}
		lo, hi, ok := line.find(t, free)
		if !ok {
			missing(sp)
			continue
		}
		k := ruleIndex(sp.rule)
		for i := lo; i < hi; i++ {
			owner[i] = k
		}
	}
	// Give the white space around surviving runs to neighbouring spans.
	var survived []string
	for a := 0; a < len(text); {
		if owner[a] >= 0 {
			a++
			continue
		}
		b := a
		for b < len(text) && owner[b] < 0 {
			b++
		}
		left, right := -1, -1
		if a > 0 {
			left = owner[a-1]
		}
		if b < len(text) {
			right = owner[b]
		}
		run := text[a:b]
		inner := strings.TrimSpace(run)
		if MatchForm(inner) == "" { // white space, or only characters match form drops
			k := left
			if k < 0 {
				k = right
			}
			for i := a; i < b; i++ {
				owner[i] = k
			}
		} else {
			lead := strings.Index(run, inner)
			for i := a; i < a+lead; i++ {
				owner[i] = left
			}
			for i := a + lead + len(inner); i < b; i++ {
				owner[i] = right
			}
			survived = append(survived, inner)
		}
		a = b
	}
	for i := range text {
		if owner[i] >= 0 {
			rules[owner[i]].Chars++
		}
	}
	// A rule whose span was found always owns at least its span.
	return rules, survived
}

// output is a record's title and text in match form, and which of their
// bytes surviving pieces have been matched to. Pieces and output are
// compared in match form (MatchForm: NFC, format and control characters
// dropped, white space collapsed) because the normalizer's input hygiene
// drops soft hyphens, zero-width and bidi marks and maps odd spaces: a
// raw piece differs from its cleaned copy only in what match form
// discards.
type output struct {
	title, text       string
	titleSeen, txSeen []bool // bytes matched to a piece
	cursor            int    // pieces are matched in order in text
	titleText         string // the title piece, in match form
}

// newOutput takes the title and text in match form.
func newOutput(title, text string) *output {
	o := &output{title: title, text: text}
	o.titleSeen = make([]bool, len(o.title))
	o.txSeen = make([]bool, len(o.text))
	return o
}

// titlePiece picks the piece the title came from: the first equal to it,
// else the first holding it. It returns -1 when there is no title or no
// such piece; then the title is left over.
func (o *output) titlePiece(pieces []piece) int {
	if o.title == "" {
		return -1
	}
	for _, exact := range []bool{true, false} {
		for i, pc := range pieces {
			c := pc.form
			if exact && c == o.title || !exact && strings.Contains(c, o.title) {
				mark(o.titleSeen, 0, len(o.title))
				return i
			}
		}
	}
	return -1
}

// find matches a surviving piece, in match form, in the text: at its first free
// occurrence from the cursor (pieces come in document order), else
// anywhere. The title piece is only noted here: it may also be in the
// text, as when a normalizer keeps the headline in both, but another
// line may hold the same words (a forum repeats the thread's title), so
// it takes what is left only after every other piece (matchTitle).
func (o *output) find(p string, isTitle bool) bool {
	if p == "" {
		return true
	}
	if isTitle {
		o.titleText = p
		return true
	}
	i := findFreeBool(o.text, p, o.txSeen, o.cursor)
	if i < 0 {
		i = findFreeBool(o.text, p, o.txSeen, 0)
	} else {
		o.cursor = i + len(p)
	}
	if i < 0 {
		return false
	}
	mark(o.txSeen, i, len(p))
	return true
}

// matchTitle lets the title piece account for its first free occurrence
// in the text, if any.
func (o *output) matchTitle() {
	if o.titleText == "" {
		return
	}
	if i := findFreeBool(o.text, o.titleText, o.txSeen, 0); i >= 0 {
		mark(o.txSeen, i, len(o.titleText))
	}
}

// leftover counts the non-space characters of title and text no piece
// was matched to, and returns the first such run.
func (o *output) leftover() (n int, first string) {
	for _, x := range []struct {
		s    string
		seen []bool
	}{{o.title, o.titleSeen}, {o.text, o.txSeen}} {
		for i, r := range x.s {
			if x.seen[i] || unicode.IsSpace(r) {
				continue
			}
			if n == 0 {
				end := i
				for end < len(x.s) && !x.seen[end] {
					end++
				}
				first = x.s[i:end]
			}
			n++
		}
	}
	return n, first
}

func findFreeBool(s, t string, seen []bool, from int) int {
	for from+len(t) <= len(s) {
		i := strings.Index(s[from:], t)
		if i < 0 {
			return -1
		}
		i += from
		free := true
		for j := i; j < i+len(t); j++ {
			if seen[j] {
				free = false
				break
			}
		}
		if free {
			return i
		}
		from = i + 1
	}
	return -1
}

func mark(seen []bool, at, n int) {
	for i := at; i < at+n; i++ {
		seen[i] = true
	}
}

// excerpt shortens s to at most n runes, marking a cut with "…".
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if n == 0 {
			i = j
			break
		}
		n--
	}
	return s[:i] + "…"
}

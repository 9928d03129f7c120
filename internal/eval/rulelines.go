package eval

import (
	"crypto/sha256"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/normalize"
)

// A rule's own matches, apart from the classifier.
//
// The per-rule table of Summary books what each rule removed from a
// record: only the first rule to match decides a line, zones and passes
// decide where a rule runs, and the classifier removes much of what a
// rule would. RuleLines asks each line rule alone (normalize's
// MatchLine) about every line of both dev sets and books the line by
// what the set says of it. A rule that matches article text is wrong
// even where the normalizer happens to keep the line, because on another
// page nothing else will.

// LineProbe reports the line rules that match one cleaned line on its
// own; *normalize.Normalizer is one.
type LineProbe interface {
	MatchLine(line string) []normalize.RuleMatch
	LineRules() []normalize.RuleMatch
}

// LineClass is what a dev set says of one line.
type LineClass uint8

// The classes: three from the line-labelled set, four from the snippet
// set, where a line is article when it holds (part of) a with-snippet
// and furniture when it holds (part of) a without-snippet.
const (
	ClassContent LineClass = iota
	ClassBoilerplate
	ClassUnsure
	ClassWith
	ClassWithout
	ClassBoth    // parts of a with- and a without-snippet
	ClassNeither // no snippet: most lines of the snippet set
	// ClassWithCopy holds a with-snippet that occurs more than once on
	// the page ("Familie, Senioren, Frauen und Jugend" in the article and
	// in the footer's copyright line) and no without-snippet: one copy
	// is article, which one the labels do not say.
	ClassWithCopy
	numClasses
)

var classNames = [numClasses]string{"content", "boilerplate", "unsure", "with", "without", "both", "neither", "with-copy"}

func (c LineClass) String() string {
	if c < numClasses {
		return classNames[c]
	}
	return fmt.Sprintf("LineClass(%d)", uint8(c))
}

// Article reports whether a line of the class is article text, which no
// rule may match.
func (c LineClass) Article() bool { return c == ClassContent || c == ClassWith || c == ClassBoth }

// Halves of a dev set. Rules are written while looking at the pages of
// the development half only, and checked on the other at the end, so
// that a rule fitted to the pages it was written on shows.
const (
	HalfDev   = 0 // the sha256 of the page name starts with a hex digit 0–7
	HalfCheck = 1 // 8–f
)

// PageHalf returns the half a page belongs to, from its name (the file
// stem).
func PageHalf(name string) int {
	if sha256.Sum256([]byte(name))[0] < 0x80 {
		return HalfDev
	}
	return HalfCheck
}

// Tally counts lines and their characters (runes of the cleaned line).
type Tally struct{ Lines, Chars int }

func (t *Tally) add(chars int) { t.Lines++; t.Chars += chars }

// RuleLineRow is what one rule matched, per half and class.
type RuleLineRow struct {
	normalize.RuleMatch
	Counts [2][numClasses]Tally
	// Article lists the article lines the rule matched (classes content,
	// with and both), in the order found, at most MaxArticleMatches.
	Article []ArticleMatch
	// MoreArticle counts the article lines matched beyond the list.
	MoreArticle int
}

// MaxArticleMatches bounds RuleLineRow.Article.
const MaxArticleMatches = 20

// ArticleMatch is an article line a rule matched.
type ArticleMatch struct {
	Page  string
	Line  int // raw line number
	Class LineClass
	Text  string
}

// RuleLines is the table of every line rule's own matches on the dev
// sets: build it with NewRuleLines and AddLabelled and AddSnippets.
type RuleLines struct {
	Rows  []*RuleLineRow // in the order of the rules file
	Lines [2][numClasses]Tally
	Pages [2][2]int // [half][0 line set, 1 snippet set]
	probe LineProbe
	byID  map[string]*RuleLineRow
}

// NewRuleLines starts a table with a row for each rule probe knows.
func NewRuleLines(probe LineProbe) *RuleLines {
	t := &RuleLines{probe: probe, byID: map[string]*RuleLineRow{}}
	for _, m := range probe.LineRules() {
		row := &RuleLineRow{RuleMatch: m}
		t.Rows = append(t.Rows, row)
		t.byID[m.Rule] = row
	}
	return t
}

// page cleans a page's bytes as the normalizer does and counts the page
// in its half; set is 0 for the line-labelled set, 1 for the snippet set.
func (t *RuleLines) page(name string, data []byte, set int) ([]normalize.Line, int, error) {
	c, err := normalize.Clean(data)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	half := PageHalf(name)
	t.Pages[half][set]++
	return c.Lines, half, nil
}

// AddLabelled books the lines of one page of the line-labelled set.
func (t *RuleLines) AddLabelled(p *Page) error {
	lines, half, err := t.page(p.Name, p.Data, 0)
	if err != nil {
		return err
	}
	for _, l := range lines {
		ln := p.Line(l.N)
		if ln == nil {
			return fmt.Errorf("%s: line %d: not in the page", p.Name, l.N)
		}
		var class LineClass
		switch ln.Label {
		case Content:
			class = ClassContent
		case Boilerplate:
			class = ClassBoilerplate
		case Unsure:
			class = ClassUnsure
		default:
			return fmt.Errorf("%s: line %d: no label", p.Name, l.N)
		}
		t.book(p.Name, half, l, class)
	}
	return nil
}

// AddSnippets books the lines of one page of the snippet set.
func (t *RuleLines) AddSnippets(p *SnippetPage) error {
	lines, half, err := t.page(p.Name, p.Data, 1)
	if err != nil {
		return err
	}
	classes := snippetLines(p.Lines, p.With, p.Without)
	for _, l := range lines {
		t.book(p.Name, half, l, classes[l.N])
	}
	return nil
}

func (t *RuleLines) book(page string, half int, l normalize.Line, class LineClass) {
	chars := utf8.RuneCountInString(l.Text)
	t.Lines[half][class].add(chars)
	for _, m := range t.probe.MatchLine(l.Text) {
		row := t.byID[m.Rule]
		if row == nil {
			row = &RuleLineRow{RuleMatch: m}
			t.Rows = append(t.Rows, row)
			t.byID[m.Rule] = row
		}
		row.Counts[half][class].add(chars)
		if class.Article() {
			if len(row.Article) < MaxArticleMatches {
				row.Article = append(row.Article, ArticleMatch{page, l.N, class, l.Text})
			} else {
				row.MoreArticle++
			}
		}
	}
}

// maxRuleOccurrences bounds the occurrences of one snippet on a page
// that mark lines (more than one marks them as copies).
const maxRuleOccurrences = 100

// snippetLines classes the raw lines of a page (by 1-based number; index
// 0 unused) by the snippets that occur in them, compared in match form
// as the scorer compares them (MatchForm, the page's lines joined), so a
// snippet that spans lines marks each line it touches. Every occurrence
// of a without-snippet counts; the lines of a with-snippet found more
// than once are ClassWithCopy unless they are also furniture.
func snippetLines(raw []string, with, without []string) []LineClass {
	m := newMatchLines(raw)
	has := make([][3]bool, len(raw)+1) // with, without, with-copy
	mark := func(snips []string, k int) {
		for _, s := range snips {
			occ := m.occurrences(MatchForm(s), maxRuleOccurrences)
			kk := k
			if k == 0 && len(occ) > 1 {
				kk = 2
			}
			for _, o := range occ {
				for n := o[0]; n <= o[1]; n++ {
					has[n][kk] = true
				}
			}
		}
	}
	mark(with, 0)
	mark(without, 1)
	out := make([]LineClass, len(has))
	for i, h := range has {
		switch {
		case h[0] && h[1], h[1] && h[2]:
			out[i] = ClassBoth
		case h[0]:
			out[i] = ClassWith
		case h[1]:
			out[i] = ClassWithout
		case h[2]:
			out[i] = ClassWithCopy
		default:
			out[i] = ClassNeither
		}
	}
	return out
}

// ArticleLines is the number of article lines the row's rule matched on
// both halves.
func (r *RuleLineRow) ArticleLines() int {
	n := 0
	for h := range r.Counts {
		for c := range numClasses {
			if c.Article() {
				n += r.Counts[h][c].Lines
			}
		}
	}
	return n
}

// WriteText prints the table, one section per half, then the article
// lines matched.
func (t *RuleLines) WriteText(w io.Writer) {
	halves := [2]string{"development half (sha256 of the page name starts 0-7)", "check half (8-f)"}
	for h := range 2 {
		fmt.Fprintf(w, "%s: %d line-set pages, %d snippet-set pages\n", halves[h], t.Pages[h][0], t.Pages[h][1])
		fmt.Fprintln(w, "chars (lines) per class; line set: content, boilerplate, unsure; snippet set: with, without, both,")
		fmt.Fprintln(w, "with-copy (a with-snippet found more than once on the page), neither")
		fmt.Fprintf(w, "%-26s %16s %16s %14s | %12s %14s %10s %12s %16s\n", "rule", "content", "boilerplate", "unsure", "with", "without", "both", "with-copy", "neither")
		cell := func(x Tally) string {
			if x.Lines == 0 {
				return "-"
			}
			return fmt.Sprintf("%d (%d)", x.Chars, x.Lines)
		}
		line := func(name string, c [numClasses]Tally) {
			fmt.Fprintf(w, "%-26s %16s %16s %14s | %12s %14s %10s %12s %16s\n", name,
				cell(c[ClassContent]), cell(c[ClassBoilerplate]), cell(c[ClassUnsure]),
				cell(c[ClassWith]), cell(c[ClassWithout]), cell(c[ClassBoth]), cell(c[ClassWithCopy]), cell(c[ClassNeither]))
		}
		for _, r := range t.Rows {
			line(r.Rule, r.Counts[h])
		}
		line("(all lines)", t.Lines[h])
		fmt.Fprintln(w)
	}
	rows := slices.Clone(t.Rows)
	for _, r := range rows {
		if len(r.Article) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s matches article lines:\n", r.Rule)
		for _, a := range r.Article {
			fmt.Fprintf(w, "  %s:%d [%s] %q\n", a.Page, a.Line, a.Class, a.Text)
		}
		if r.MoreArticle > 0 {
			fmt.Fprintf(w, "  … and %d more\n", r.MoreArticle)
		}
	}
}

package eval

import (
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// FuzzParsePage: labels files are parsed without panics, and a page that
// parses has a label on exactly its non-blank lines.
func FuzzParsePage(f *testing.F) {
	f.Add(pageText, pageLabels)
	f.Add("a\r\nb", `{"lines": [{"n": 1, "label": "content"}, {"n": 2, "label": "unsure"}]}`)
	f.Fuzz(func(t *testing.T, text, labels string) {
		p, err := ParsePage("f", []byte(text), strings.NewReader(labels))
		if err != nil {
			return
		}
		for _, ln := range p.Lines {
			if (ln.Label != NoLabel) != (measure(ln.Text) > 0) {
				t.Errorf("line %d %q has label %v", ln.N, ln.Text, ln.Label)
			}
		}
	})
}

// FuzzScore: whatever record a normalizer returns, the scorer does not
// panic, never counts more removed than there is, and books every removed
// character to exactly one rule.
func FuzzScore(f *testing.F) {
	f.Add("Big headline here", "By Jane Doe\n\nParagraph two.", 9, "Share this", 6, "A man walks.")
	f.Add("", "", 0, "", 99, " ")
	f.Fuzz(func(t *testing.T, title, text string, line int, removed string, capLine int, caption string) {
		r := goodRecord()
		r.Title, r.Text = &title, text
		r.Removed = append(r.Removed, record.Removed{Line: line, Text: removed, Rule: "fuzz"})
		r.Captions = append(r.Captions, record.Caption{Line: capLine, Text: caption})
		s := Score(testPage(t), r)
		for l := range s.Chars {
			if s.Removed[l] < 0 || s.Removed[l] > s.Chars[l] {
				t.Errorf("label %v: removed %d of %d", Label(l), s.Removed[l], s.Chars[l])
			}
		}
		for _, ls := range s.Lines {
			sum := 0
			for _, rc := range ls.Rules {
				sum += rc.Chars
			}
			if sum != ls.Removed || ls.Removed > ls.Chars {
				t.Errorf("line %d: rules %v add to %d, removed %d of %d", ls.N, ls.Rules, sum, ls.Removed, ls.Chars)
			}
		}
	})
}

package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

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

// seedTexts adds the repository's seed documents and trickyStrings to a
// fuzz corpus.
func seedTexts(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds in ../../seeds: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range trickyStrings {
		f.Add(s)
	}
}

// FuzzMatchForm: for any text, the line-by-line forms agree with
// MatchForm, which everything else rests on: canonLine's text is the
// match form of the line and maps each byte to raw bytes in order, and a
// page's lines joined with a space are the page's match form.
func FuzzMatchForm(f *testing.F) {
	seedTexts(f)
	f.Fuzz(func(t *testing.T, s string) {
		want := MatchForm(s)
		if g := matchFormUnicode(s); isASCII(s) && g != want {
			t.Errorf("%q: ASCII path %q, general %q", s, want, g)
		}
		if strings.Contains(want, "  ") || strings.TrimSpace(want) != want || !utf8.ValidString(want) {
			t.Errorf("MatchForm(%q) = %q: not collapsed or not UTF-8", s, want)
		}
		lines := SplitLines([]byte(s))
		if got := newMatchLines(lines).text; got != want {
			t.Errorf("lines of %q: %q, whole %q", s, got, want)
		}
		for _, ln := range lines {
			c := newCanonLine(ln)
			if c.text != MatchForm(ln) {
				t.Errorf("canonLine(%q) = %q, MatchForm %q", ln, c.text, MatchForm(ln))
			}
			if len(c.lo) != len(c.text) || len(c.hi) != len(c.text) {
				t.Fatalf("canonLine(%q): %d bytes, %d/%d ranges", ln, len(c.text), len(c.lo), len(c.hi))
			}
			for i := range c.lo {
				if c.lo[i] < 0 || c.lo[i] >= c.hi[i] || c.hi[i] > len(ln) || i > 0 && c.lo[i] < c.lo[i-1] {
					t.Fatalf("canonLine(%q): byte %d maps to raw [%d, %d)", ln, i, c.lo[i], c.hi[i])
				}
			}
		}
	})
}

// FuzzParseSnippetPage: snippet files are parsed without panics, and a
// page that parses has a with-snippet.
func FuzzParseSnippetPage(f *testing.F) {
	f.Add(`{"url": "https://x.de/a", "lang": "en", "with": ["a", null], "without": ["b"]}`)
	f.Add(`{"with": []}`)
	f.Fuzz(func(t *testing.T, js string) {
		p, err := ParseSnippetPage("f", []byte("a\nb"), strings.NewReader(js))
		if err == nil && len(p.With) == 0 {
			t.Errorf("%q: parsed without a with-snippet", js)
		}
	})
}

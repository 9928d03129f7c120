package eval

import (
	"strings"
	"testing"
	"testing/fstest"
)

// cutPage is a hand-made page: three lines of menu, a blank, a headline
// and two paragraphs with an unsure line between, then four lines of
// footer. Line numbers: 1–3 menu, 4 blank, 5 headline, 6 paragraph, 7
// blank, 8 unsure, 9 paragraph, 10 blank, 11–14 footer.
const cutPage = "Home\r\nNews\nSport\n\nThe headline\nFirst paragraph.\n\nAdvertisement\nSecond paragraph.\n\nShare\nMore news\nAbout us\nContact\n"

const cutLabels = `{"lines": [
 {"n": 1, "label": "boilerplate", "why": "nav"}, {"n": 2, "label": "boilerplate"}, {"n": 3, "label": "boilerplate"},
 {"n": 5, "label": "content", "why": "headline"}, {"n": 6, "label": "content"}, {"n": 8, "label": "unsure"},
 {"n": 9, "label": "content"}, {"n": 11, "label": "boilerplate"}, {"n": 12, "label": "boilerplate"},
 {"n": 13, "label": "boilerplate"}, {"n": 14, "label": "boilerplate"}]}`

func TestCutPage(t *testing.T) {
	p, err := ParsePage("p", []byte(cutPage), strings.NewReader(cutLabels))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		k    int
		want string // the cut page's data
	}{
		{0, "The headline\nFirst paragraph.\n\nAdvertisement\nSecond paragraph.\n"},
		// The blank line between the margin and the article stays.
		{1, "Sport\n\nThe headline\nFirst paragraph.\n\nAdvertisement\nSecond paragraph.\n\nShare\n"},
		{2, "News\nSport\n\nThe headline\nFirst paragraph.\n\nAdvertisement\nSecond paragraph.\n\nShare\nMore news\n"},
		// A margin wider than the page keeps it all, from line 1 to the
		// last labelled line.
		{9, "Home\nNews\nSport\n\nThe headline\nFirst paragraph.\n\nAdvertisement\nSecond paragraph.\n\nShare\nMore news\nAbout us\nContact\n"},
	} {
		c := CutPage(p, tt.k)
		if got := string(c.Data); got != tt.want {
			t.Errorf("k=%d: data %q, want %q", tt.k, got, tt.want)
			continue
		}
		// Lines are numbered again and keep their labels: the cut page
		// is the page the labels file would describe for these bytes.
		lines := SplitLines(c.Data)
		if len(c.Lines) != len(lines) {
			t.Fatalf("k=%d: %d lines, data has %d", tt.k, len(c.Lines), len(lines))
		}
		for i, ln := range c.Lines {
			if ln.N != i+1 || ln.Text != lines[i] {
				t.Errorf("k=%d: line %d is %d %q, want %d %q", tt.k, i+1, ln.N, ln.Text, i+1, lines[i])
			}
			if ln.Text == "" {
				if ln.Label != NoLabel {
					t.Errorf("k=%d: blank line %d has a label", tt.k, ln.N)
				}
			} else if orig := findLine(p, ln.Text); orig == nil || orig.Label != ln.Label || orig.Why != ln.Why {
				t.Errorf("k=%d: line %d %q lost its label", tt.k, ln.N, ln.Text)
			}
		}
	}
	if p.Lines[0].N != 1 || len(p.Lines) != 14 {
		t.Errorf("CutPage changed its argument")
	}

	// No content line: no article to cut around, the page stays whole.
	q, err := ParsePage("q", []byte("Menu\n\nFooter\n"), strings.NewReader(`{"lines": [{"n": 1, "label": "boilerplate"}, {"n": 3, "label": "unsure"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if c := CutPage(q, 0); string(c.Data) != "Menu\n\nFooter\n" {
		t.Errorf("page without content: %q", c.Data)
	}
}

func findLine(p *Page, text string) *Line {
	for i := range p.Lines {
		if p.Lines[i].Text == text && text != "" {
			return &p.Lines[i]
		}
	}
	return nil
}

// The cut view scores cut pages, the set it came from whole ones.
func TestDevsetCut(t *testing.T) {
	fsys := fstest.MapFS{
		"manifest.json":       {Data: []byte(`{"pages": [{"name": "p", "kind": "news"}]}`)},
		"cases/p.txt":         {Data: []byte(cutPage)},
		"cases/p.labels.json": {Data: []byte(cutLabels)},
	}
	d, err := LoadDevset(fsys)
	if err != nil {
		t.Fatal(err)
	}
	c := d.Cut(1)
	if d.CutMargin() != -1 || c.CutMargin() != 1 || c.Cut(-1).CutMargin() != -1 {
		t.Errorf("margins: %d, %d", d.CutMargin(), c.CutMargin())
	}
	whole, err := d.Page("p")
	if err != nil {
		t.Fatal(err)
	}
	cut, err := c.Page("p")
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Lines) != 14 || len(cut.Lines) != 9 || cut.Kind != "news" {
		t.Errorf("whole page %d lines, cut %d lines of kind %q; want 14, 9, news", len(whole.Lines), len(cut.Lines), cut.Kind)
	}
	// Scored by the same scorer: keeping everything keeps the one
	// boilerplate line above and the one below, "Sport" and "Share".
	sums, err := Evaluate(c, System{"keep", LineLength{Min: 0}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sums[0].Chars[Boilerplate], len("Sport")+len("Share"); got != want {
		t.Errorf("boilerplate characters of the cut set: %d, want %d", got, want)
	}
}

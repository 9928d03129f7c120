package eval

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
)

// The hand-made page: every kind of line the scorer must handle.
const pageText = "Home | News | Sport\n" + // 1 boilerplate, removed whole
	"\n" +
	"Big headline here | The Daily\r\n" + // 3 content, site suffix removed: title
	"\n" +
	"By Jane Doe\n" + // 5 content, kept
	"Photo: Reuters A man walks.\n" + // 6 boilerplate, caption + credit
	"Article paragraph one is long.\r" + // 7 content, kept
	"Advertisement\n" + // 8 boilerplate, removed
	"Paragraph two. Share this\n" + // 9 content, partial: "Share this" removed
	"Nov 18, 2019\n" // 10 unsure, removed

var pageLabels = `{"lines": [
{"n": 1, "label": "boilerplate", "why": "not-in-ref"},
{"n": 3, "label": "content", "why": "headline"},
{"n": 5, "label": "content", "why": "byline"},
{"n": 6, "label": "boilerplate", "why": "header-figure"},
{"n": 7, "label": "content", "why": "ref"},
{"n": 8, "label": "boilerplate", "why": "ui-word"},
{"n": 9, "label": "content", "why": "ref"},
{"n": 10, "label": "unsure", "why": "date"}]}`

func testPage(t *testing.T) *Page {
	t.Helper()
	p, err := ParsePage("t", []byte(pageText), strings.NewReader(pageLabels))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func str(s string) *string { return &s }

// goodRecord is a consistent record of pageText.
func goodRecord() *record.Record {
	return &record.Record{
		ID:    "t",
		Title: str("Big headline here"),
		Text:  "By Jane Doe\n\nArticle paragraph one is long.\n\nParagraph two.",
		Captions: []record.Caption{
			{Line: 6, Text: "A man walks.", Credit: str("Photo: Reuters")},
		},
		Removed: []record.Removed{
			{Line: 1, Text: "Home | News | Sport", Rule: "nav"},
			{Line: 3, Text: " | The Daily", Rule: "title-suffix"},
			{Line: 8, Text: "Advertisement", Rule: "ad"},
			{Line: 9, Text: "Share this", Rule: "share"},
			{Line: 10, Text: "Nov 18, 2019", Rule: "date"},
		},
	}
}

func rc(rule string, n int) []RuleChars { return []RuleChars{{rule, n}} }

func TestScoreConsistent(t *testing.T) {
	s := Score(testPage(t), goodRecord())
	if len(s.Errors) > 0 {
		t.Fatalf("errors: %q", s.Errors)
	}
	// Line measures: 19, 29, 11, 27, 30, 13, 25, 12.
	want := []LineScore{
		{N: 1, Label: Boilerplate, Why: "not-in-ref", Text: "Home | News | Sport", Chars: 19, Removed: 19, Rules: rc("nav", 19)},
		// " | The Daily" trimmed is 11 runes, plus the space before it.
		{N: 3, Label: Content, Why: "headline", Text: "Big headline here | The Daily", Chars: 29, Removed: 12, Rules: rc("title-suffix", 12), Title: true},
		{N: 5, Label: Content, Why: "byline", Text: "By Jane Doe", Chars: 11},
		// Credit 14 + text 12 + the space between them.
		{N: 6, Label: Boilerplate, Why: "header-figure", Text: "Photo: Reuters A man walks.", Chars: 27, Removed: 27, Rules: rc(RuleCaption, 27)},
		{N: 7, Label: Content, Why: "ref", Text: "Article paragraph one is long.", Chars: 30},
		{N: 8, Label: Boilerplate, Why: "ui-word", Text: "Advertisement", Chars: 13, Removed: 13, Rules: rc("ad", 13)},
		{N: 9, Label: Content, Why: "ref", Text: "Paragraph two. Share this", Chars: 25, Removed: 11, Rules: rc("share", 11)},
		{N: 10, Label: Unsure, Why: "date", Text: "Nov 18, 2019", Chars: 12, Removed: 12, Rules: rc("date", 12)},
	}
	if d := cmp.Diff(want, s.Lines); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
	if got, want := s.Chars, [4]int{0, 95, 59, 12}; got != want {
		t.Errorf("chars %v, want %v", got, want)
	}
	if got, want := s.Removed, [4]int{0, 23, 59, 12}; got != want {
		t.Errorf("removed %v, want %v", got, want)
	}
	if r, _ := s.Retention(); r != 72.0/95 {
		t.Errorf("retention %v, want %v", r, 72.0/95)
	}
	if r, _ := s.Removal(); r != 1 {
		t.Errorf("removal %v, want 1", r)
	}
}

// TestScoreInconsistent feeds records whose audit trail disagrees with
// their output: each must be flagged and must not raise a figure.
func TestScoreInconsistent(t *testing.T) {
	good := Score(testPage(t), goodRecord())
	tests := []struct {
		name    string
		mutate  func(r *record.Record)
		wantErr string
	}{
		{"content dropped silently", func(r *record.Record) {
			r.Text = "By Jane Doe\n\nParagraph two."
		}, `line 7: "Article paragraph one is long." survives by the audit trail but is in neither title nor text`},
		{"removed text not in its line", func(r *record.Record) {
			r.Removed[2].Text = "Advertisment"
		}, `/removed/2: line 8: text "Advertisment" (rule "ad") is not in the line`},
		{"removed but still in text", func(r *record.Record) {
			r.Text += "\n\nAdvertisement"
		}, `title and text hold 13 characters that no surviving line accounts for, first "Advertisement"`},
		{"wrong line number", func(r *record.Record) {
			r.Removed[2].Line = 9
		}, `/removed/2: line 9: text "Advertisement" (rule "ad") is not in the line`},
		{"line outside the page", func(r *record.Record) {
			r.Removed[2].Line = 99
		}, `/removed/2: line 99 is outside the page (10 lines)`},
		{"caption credit not in line", func(r *record.Record) {
			r.Captions[0].Credit = str("AP")
		}, `/captions/0/credit: line 6: text "AP" (rule "caption") is not in the line`},
		{"title from nowhere", func(r *record.Record) {
			r.Title = str("Invented title")
		}, `first "Invented title"`},
		{"text altered", func(r *record.Record) {
			r.Text = strings.Replace(r.Text, "Jane", "John", 1)
		}, `line 5: "By Jane Doe" survives`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goodRecord()
			tt.mutate(r)
			s := Score(testPage(t), r)
			if !strings.Contains(strings.Join(s.Errors, "\n"), tt.wantErr) {
				t.Errorf("errors %q, want one containing %q", s.Errors, tt.wantErr)
			}
			gr, _ := good.Retention()
			gm, _ := good.Removal()
			if r, _ := s.Retention(); r > gr {
				t.Errorf("retention rose to %v from %v", r, gr)
			}
			if m, _ := s.Removal(); m > gm {
				t.Errorf("removal rose to %v from %v", m, gm)
			}
		})
	}
}

func TestScoreSilentDropCountsLost(t *testing.T) {
	r := goodRecord()
	r.Text = "By Jane Doe\n\nParagraph two."
	s := Score(testPage(t), r)
	if got, want := s.Removed[Content], 23+30; got != want {
		t.Errorf("content removed %d, want %d", got, want)
	}
	if got := s.Lines[4].Rules; !cmp.Equal(got, rc(RuleUnaccounted, 30)) {
		t.Errorf("line 7 rules %v", got)
	}
}

func TestScoreBoilerplateDroppedSilentlyNotCredited(t *testing.T) {
	r := goodRecord()
	r.Removed = r.Removed[1:] // line 1 still "survives" by the trail, but is not in the text
	s := Score(testPage(t), r)
	if len(s.Errors) != 1 {
		t.Errorf("errors %q, want 1", s.Errors)
	}
	if got, want := s.Removed[Boilerplate], 59-19; got != want {
		t.Errorf("boilerplate removed %d, want %d", got, want)
	}
}

func TestScoreUnsureIgnored(t *testing.T) {
	r := goodRecord()
	r.Removed = r.Removed[:4]
	r.Text += "\n\nNov 18, 2019"
	s := Score(testPage(t), r)
	g := Score(testPage(t), goodRecord())
	if len(s.Errors) > 0 {
		t.Fatalf("errors %q", s.Errors)
	}
	if s.Removed[Content] != g.Removed[Content] || s.Removed[Boilerplate] != g.Removed[Boilerplate] {
		t.Errorf("keeping an unsure line changed the figures: %v vs %v", s.Removed, g.Removed)
	}
}

func TestScoreHeadlineInTitleAndText(t *testing.T) {
	r := goodRecord()
	r.Text = "Big headline here\n\n" + r.Text
	if s := Score(testPage(t), r); len(s.Errors) > 0 {
		t.Errorf("errors %q", s.Errors)
	}
}

type failing struct{}

func (failing) Normalize(normalize.Input) (*record.Record, error) {
	return nil, errors.New("refused")
}

func TestScorePageFailed(t *testing.T) {
	s := ScorePage(testPage(t), failing{})
	if s.Failed == nil {
		t.Fatal("no failure recorded")
	}
	if s.Removed[Content] != s.Chars[Content] || s.Removed[Boilerplate] != 0 {
		t.Errorf("removed %v of %v: want all content lost, no boilerplate removed", s.Removed, s.Chars)
	}
}

func TestCut(t *testing.T) {
	tests := []struct {
		text      string
		spans     []span
		wantRules []RuleChars
		wantKept  []string
		wantMiss  int
	}{
		{"a b c", nil, nil, []string{"a b c"}, 0},
		{"a b c", []span{{"a", "x", ""}, {"c", "y", ""}}, []RuleChars{{"x", 2}, {"y", 2}}, []string{"b"}, 0},
		{"a b c", []span{{"a", "x", ""}, {"c", "x", ""}, {" b ", "y", ""}}, []RuleChars{{"x", 3}, {"y", 2}}, nil, 0},
		{"x x", []span{{"x", "r", ""}, {"x", "r", ""}}, []RuleChars{{"r", 3}}, nil, 0},
		{"x y", []span{{"x", "r", ""}, {"x", "r", ""}}, []RuleChars{{"r", 2}}, []string{"y"}, 1},
		{"héllo wörld", []span{{"wörld", "r", ""}}, []RuleChars{{"r", 6}}, []string{"héllo"}, 0},
		{"abc", []span{{"  ", "r", ""}}, nil, []string{"abc"}, 0},
	}
	for _, tt := range tests {
		miss := 0
		rules, kept := cut(tt.text, tt.spans, func(span) { miss++ })
		if !cmp.Equal(rules, tt.wantRules) || !cmp.Equal(kept, tt.wantKept) || miss != tt.wantMiss {
			t.Errorf("cut(%q, %v) = %v, %q, %d missing; want %v, %q, %d", tt.text, tt.spans, rules, kept, miss, tt.wantRules, tt.wantKept, tt.wantMiss)
		}
	}
}

func TestLineLengthBaseline(t *testing.T) {
	p := testPage(t)
	s := ScorePage(p, LineLength{Min: 20})
	if len(s.Errors) > 0 {
		t.Fatalf("the baseline's records must be consistent: %q", s.Errors)
	}
	// Kept: lines 3, 6, 7, 9 (>= 20 runes). Content lost: line 5 (11).
	// Boilerplate removed: lines 1 (19) and 8 (13).
	if got, want := s.Removed, [4]int{0, 11, 32, 12}; got != want {
		t.Errorf("removed %v, want %v", got, want)
	}
}

func TestTitleFound(t *testing.T) {
	for _, tt := range []struct {
		title *string
		found bool
	}{
		{nil, false},
		{str("Big headline here"), false}, // a part of the line is not the line
		{str("Big  headline here | The Daily"), true},
		{str("By Jane Doe"), false},
	} {
		r := goodRecord()
		r.Title = tt.title
		s := Score(testPage(t), r)
		if s.Headline != "Big headline here | The Daily" || s.TitleFound() != tt.found {
			t.Errorf("title %v: headline %q, found %v; want found %v", tt.title, s.Headline, s.TitleFound(), tt.found)
		}
		sum := NewSummary("x")
		sum.Add(s)
		if want := map[bool]int{true: 1}[tt.found]; sum.TitlesFound != want || sum.Headlines != 1 {
			t.Errorf("title %v: summary found %d of %d", tt.title, sum.TitlesFound, sum.Headlines)
		}
	}
}

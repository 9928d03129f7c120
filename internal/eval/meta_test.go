package eval

import (
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// bylineRecord is goodRecord with the byline "By Jane Doe" (line 5, a
// content line) moved out of the text under RuleByline, and authors;
// bylineOutput is the same as an Output, built by hand, so that scoring
// the record also tests what OutputOf reads of it.
func bylineOutput(authors ...string) Output {
	r := bylineRecord(authors...)
	return Output{Title: r.Title, Text: r.Text, Authors: authors, Captions: r.Captions, Removed: r.Removed}
}

func bylineRecord(authors ...string) *record.Record {
	r := goodRecord()
	r.Text = "Article paragraph one is long.\n\nParagraph two."
	r.Removed = append(r.Removed, record.Removed{Line: 5, Text: "By Jane Doe", Rule: RuleByline})
	r.Authors = authors
	return r
}

func TestBylineCredit(t *testing.T) {
	tests := []struct {
		name     string
		authors  []string
		credited int // of the byline's 11 characters
		errs     int
	}{
		{"names in authors", []string{"Jane Doe"}, 11, 0},
		{"every name must be in the line", []string{"Jane Doe", "John Roe"}, 0, 1},
		{"no authors: the byline is lost", nil, 0, 0},
		{"a name taken from elsewhere on the page", []string{"Reuters"}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ScoreOutput(testPage(t), bylineOutput(tt.authors...))
			if d := Score(testPage(t), bylineRecord(tt.authors...)); d.Credited != s.Credited || d.Removed != s.Removed {
				t.Errorf("Score of the record: credited %v removed %v; of its output %v, %v", d.Credited, d.Removed, s.Credited, s.Removed)
			}
			ls := s.Lines[2]
			if ls.N != 5 {
				t.Fatalf("line %d, want the byline, 5", ls.N)
			}
			if ls.Credited != tt.credited || ls.Removed != 11-tt.credited {
				t.Errorf("credited %d removed %d, want %d and %d", ls.Credited, ls.Removed, tt.credited, 11-tt.credited)
			}
			// Content: the title suffix (12), "Share this" (11), and the
			// byline unless credited.
			if got, want := s.Removed[Content], 12+11+11-tt.credited; got != want {
				t.Errorf("content removed %d, want %d", got, want)
			}
			if s.Credited[Content] != tt.credited {
				t.Errorf("credited content %d, want %d", s.Credited[Content], tt.credited)
			}
			if len(s.Errors) != tt.errs {
				t.Errorf("errors %q, want %d", s.Errors, tt.errs)
			}
		})
	}
}

func TestAuthorsNotInPage(t *testing.T) {
	s := ScoreOutput(testPage(t), bylineOutput("Jane Doe", "Ann Invented", " "))
	want := []string{`/authors/1: "Ann Invented" is in no line of the page`, `/authors/2: "" is in no line of the page`}
	if strings.Join(s.Errors, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors %q, want %q", s.Errors, want)
	}
}

func TestCreditsByline(t *testing.T) {
	for _, tt := range []struct {
		authors []string
		line    string
		want    bool
	}{
		{[]string{"Jane Doe"}, "By Jane Doe", true},
		{[]string{"Jane Doe", "Max Mustermann"}, "Von Jane Doe und Max Mustermann", true},
		{[]string{"Jane Doe", "Max Mustermann"}, "Von Jane Doe", false},
		{[]string{"jane doe"}, "By Jane Doe", false}, // case matters, as names are copied, not guessed
		{nil, "By Jane Doe", false},
		{[]string{}, "By Jane Doe", false},
	} {
		if got := CreditsByline(tt.authors, tt.line); got != tt.want {
			t.Errorf("CreditsByline(%q, %q) = %v, want %v", tt.authors, tt.line, got, tt.want)
		}
	}
}

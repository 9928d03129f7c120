package normalize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The obvious versions of the teaser checks, which gluedTeaser replaced
// with one reading of the words (headlinePrefix): they ask
// headlineBefore and titleCase of each prefix afresh.

func gluedTeaserRef(text string, runes int) bool {
	if runes < 60 {
		return false
	}
	for i := 1; i+1 < len(text); i++ {
		c := text[i]
		if c < 'A' || c > 'Z' {
			continue
		}
		p := text[i-1]
		switch {
		case p >= 'a' && p <= 'z' || p >= '0' && p <= '9':
			ws := strings.LastIndexByte(text[:i], ' ') + 1
			if n := text[i+1]; (n == ' ' || n >= 'a' && n <= 'z') && titleCaseRef(text[:ws+1]) {
				return true
			}
		case p == ' ' && i >= 2 && !strings.ContainsRune(".!?:", rune(text[i-2])):
			j := i
			for j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || text[j] == ' ' || text[j] == '.' || text[j] == '-') {
				j++
			}
			if j-i >= 3 && j+2 < len(text) && text[j] == ':' && text[j+1] == ' ' && text[j+2] >= 'A' && text[j+2] <= 'Z' &&
				text[j-1] != ' ' && headlineBeforeRef(strings.TrimRight(text[:i], " ")) {
				return true
			}
		}
	}
	return false
}

func headlineBeforeRef(s string) bool {
	if len(strings.Fields(s)) < 3 || strings.ContainsAny(s, ".!?") && strings.Contains(s, ". ") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '‘' && r != '\'' && r != '"' && r != '“' {
		return false
	}
	return strings.ToUpper(s) != s
}

func titleCaseRef(s string) bool {
	if !headlineBeforeRef(s) {
		return false
	}
	long := 0
	for w := range strings.FieldsSeq(s) {
		if len(w) < 4 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !unicode.IsPunct(r) && r != '$' {
			return false
		}
		long++
	}
	return long >= 3
}

// teaserCases are lines that glue a headline to its lead, lines that
// nearly do, and the cleaned lines of the seeds and both dev sets.
func teaserCases(t testing.TB) []string {
	cases := []string{
		"Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left without paying",
		"Indian-origin man pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man has pleaded guilty",
		"Indian-Origin Man Pleads Guilty To Fraud Scheme In US NEW YORK: An Indian-origin man has pleaded guilty",
		"The Company Said. Then AppleA party of six left without paying for their meal at the restaurant",
		"We Went To The MacBook Store and found WeWork offices everywhere on the long road home tonight",
		"ALL CAPITALS HEADLINE HERE WITH WORDSA lead that follows it for a while, long enough to count",
		"Ärger Über Die Neue Straßenbahnlinie In BerlinDie Anwohner beschweren sich seit Wochen über Lärm",
		"«Über» Die Neue Straßenbahnlinie In BerlinDie Anwohner beschweren sich seit Wochen über den Lärm",
		"250,000 People Marched Through The City Center Yesterday250,000The state said it was the largest",
	}
	for _, d := range append(seedDocs(t), devDocs(t)...) {
		c, err := Clean(d.data)
		if err != nil {
			continue
		}
		for _, l := range c.Lines {
			cases = append(cases, l.Text)
		}
	}
	return cases
}

// TestGluedTeaserAgrees checks gluedTeaser against the obvious version
// on every cleaned line of the seeds and both dev sets.
func TestGluedTeaserAgrees(t *testing.T) {
	glued := 0
	for _, s := range teaserCases(t) {
		runes := utf8.RuneCountInString(s)
		got, want := gluedTeaser(s, runes), gluedTeaserRef(s, runes)
		if got != want {
			t.Errorf("gluedTeaser(%q) = %v, want %v", s, got, want)
		}
		if got {
			glued++
		}
	}
	if glued == 0 {
		t.Error("no line is a glued teaser: the cases test nothing")
	}
}

// FuzzGluedTeaser checks gluedTeaser against the obvious version on
// cleaned lines (gluedTeaser's input: single spaces, trimmed).
func FuzzGluedTeaser(f *testing.F) {
	f.Add("Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left")
	f.Add("Indian-origin man pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		s, _ = cleanLine(s)
		runes := utf8.RuneCountInString(s)
		if got, want := gluedTeaser(s, runes), gluedTeaserRef(s, runes); got != want {
			t.Errorf("gluedTeaser(%q) = %v, want %v", s, got, want)
		}
	})
}

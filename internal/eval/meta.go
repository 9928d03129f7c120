package eval

import (
	"strings"

	"github.com/quire-archive/quire/dataset/record"
)

// RuleByline is the rule id under which a normalizer removes a byline
// line from the text because it put the line's names into the record's
// authors.
const RuleByline = "byline"

// Output is what the scorers read of a normalizer's record: the title
// and text a reader gets, the authors taken from the page, and the audit
// trail (captions and removed spans, by raw line).
type Output struct {
	Title    *string
	Text     string
	Authors  []string
	Captions []record.Caption
	Removed  []record.Removed
}

// OutputOf is the part of r the scorers read.
func OutputOf(r *record.Record) Output {
	return Output{Title: r.Title, Text: r.Text, Authors: r.Authors, Captions: r.Captions, Removed: r.Removed}
}

// CreditsByline reports whether the characters a record removed from
// line under RuleByline count as kept: the record's authors are not
// empty and every author occurs in line. The names moved from the text
// to the metadata, where a reader still gets them; a byline whose names
// are not all there was lost.
func CreditsByline(authors []string, line string) bool {
	if len(authors) == 0 {
		return false
	}
	for _, a := range authors {
		if !strings.Contains(line, a) {
			return false
		}
	}
	return true
}

// creditByline takes RuleByline out of a line's rules and returns the
// characters it had removed, now counted as kept.
func creditByline(rules []RuleChars) ([]RuleChars, int) {
	n := 0
	out := rules[:0]
	for _, rc := range rules {
		if rc.Rule == RuleByline {
			n += rc.Chars
			continue
		}
		out = append(out, rc)
	}
	return out, n
}

// checkAuthors reports every author that occurs in no line of the page:
// metadata must be taken from the page, never guessed, and a name that
// is not there would also earn byline credit nowhere.
func checkAuthors(p *Page, authors []string, errorf func(string, ...any)) {
	for i, a := range authors {
		found := false
		if strings.TrimSpace(a) != "" {
			// In match form: hygiene drops invisible characters
			// (soft hyphens in "Mat\u00adthi\u00adas") that the raw line has.
			m := MatchForm(a)
			for _, ln := range p.Lines {
				if strings.Contains(MatchForm(ln.Text), m) {
					found = true
					break
				}
			}
		}
		if !found {
			errorf("/authors/%d: %q is in no line of the page", i, excerpt(a, 60))
		}
	}
}

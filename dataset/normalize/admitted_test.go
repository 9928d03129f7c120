package normalize

import (
	"slices"
	"strings"
	"testing"
)

// TestAdmittedAgrees holds the keyword index to the plain prefilter: on
// every line of the seeds and the dev set, and on the rules' examples,
// the rules admitted for a kind are, in file order, exactly those of the
// kind whose word limit allows the line and that have no keywords or one
// that occurs in the lower-cased line (strings.Contains).
func TestAdmittedAgrees(t *testing.T) {
	n := newNormalizer(t)
	var lines []string
	docs := append(seedDocs(t), devDocs(t)...)
	for _, d := range docs {
		c, err := Clean(d.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range c.Lines {
			lines = append(lines, l.Text)
		}
	}
	for _, r := range n.rules.all {
		lines = append(append(lines, r.Examples.Positive...), r.Examples.Negative...)
	}
	byKind := map[string][]*rule{}
	for _, r := range n.rules.all {
		byKind[r.Kind] = append(byKind[r.Kind], r)
	}
	admits := 0
	for _, l := range lines {
		for kind, rules := range byKind {
			var want []string
			lower := strings.ToLower(l)
			for _, r := range rules {
				if r.MaxWords > 0 && countWords(l) > r.MaxWords {
					continue
				}
				ok := len(r.Keywords) == 0
				for _, k := range r.Keywords {
					ok = ok || strings.Contains(lower, k)
				}
				if ok {
					want = append(want, r.ID)
				}
			}
			var got []string
			for r := range n.rules.admitted(newLineInfo(l), kind) {
				got = append(got, r.ID)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("line %q, kind %s: admitted %v, want %v", l, kind, got, want)
			}
			admits += len(got)
		}
	}
	if admits == 0 {
		t.Fatal("no rule admitted on any line: nothing checked")
	}
}

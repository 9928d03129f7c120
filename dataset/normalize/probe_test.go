package normalize

import (
	"slices"
	"testing"
)

// TestMatchLineAgrees holds MatchLine to the normalizer: every whole line
// that a line or label rule removed from a seed or dev-set page is one
// that the rule, asked alone, accepts; and no rule MatchLine cannot
// report removes whole lines.
func TestMatchLineAgrees(t *testing.T) {
	n := newNormalizer(t)
	probed := map[string]bool{}
	for _, m := range n.LineRules() {
		probed[m.Rule] = true
	}
	kind := map[string]string{}
	for _, r := range n.rules.all {
		kind[r.ID] = r.Kind
	}
	docs := append(seedDocs(t), devDocs(t)...)
	checked := 0
	for _, d := range docs {
		rec, err := n.Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		for _, rm := range rec.Removed {
			switch kind[rm.Rule] {
			case kindLine, kindLabel:
			default:
				continue
			}
			if !probed[rm.Rule] {
				t.Errorf("%s: rule %s removes lines but LineRules does not list it", d.name, rm.Rule)
			}
			got := n.MatchLine(rm.Text)
			if !slices.ContainsFunc(got, func(m RuleMatch) bool { return m.Rule == rm.Rule }) {
				t.Errorf("%s:%d: %s removed %q, but MatchLine says %v", d.name, rm.Line, rm.Rule, rm.Text, got)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no line removed by a line or label rule: nothing checked")
	}
}

func TestMatchLine(t *testing.T) {
	n := newNormalizer(t)
	for _, c := range []struct {
		line string
		want []string
	}{
		{"Share this story", []string{"share-prompt"}},
		{"Sign up for the Morning Memo newsletter", []string{"newsletter-signup"}},
		// A caption with its credit, and a navigation label.
		{"A long row of unsold vehicles sits at a dealership in Littleton, Colo. (AP Photo/David Zalubowski)", []string{"caption-credit-paren"}},
		{"Privacy Policy", []string{"nav-label"}},
		{"The council met on Tuesday evening to discuss the budget.", nil},
	} {
		var got []string
		for _, m := range n.MatchLine(c.line) {
			got = append(got, m.Rule)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("MatchLine(%q) = %v, want %v", c.line, got, c.want)
		}
	}
}

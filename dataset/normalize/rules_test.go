package normalize

import (
	"encoding/json"
	"strings"
	"testing"
)

const filler = "The council met on Tuesday evening to discuss the budget, and members agreed to delay the vote until next month."

// exampleDoc places a rule example where the rule applies: first for
// doc-start and body-start rules, before the body for outside-body
// positives (and inside it for negatives), between paragraphs otherwise.
func exampleDoc(r *rule, ex string, positive bool) string {
	switch r.Where {
	case whereDocStart, whereBodyStart:
		return ex + "\n\n" + filler
	case whereOutsideBody:
		if positive {
			return ex + "\n\n" + filler + "\n\n" + filler
		}
	}
	return filler + "\n\n" + ex + "\n\n" + filler
}

// fired reports whether rule r decided any piece of the document.
func fired(t *testing.T, n *Normalizer, r *rule, doc string) bool {
	t.Helper()
	c, err := Clean([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	states, meta := n.decide(c.Lines, new(docScratch))
	if r.Kind == kindDateline {
		return meta.outlet != ""
	}
	for _, st := range states {
		for _, p := range st.pieces {
			if p.rule == r.ID {
				return true
			}
		}
	}
	return false
}

func TestRuleExamples(t *testing.T) {
	n := newNormalizer(t)
	for _, r := range n.rules.all {
		t.Run(r.ID, func(t *testing.T) {
			for _, ex := range r.Examples.Positive {
				if !fired(t, n, r, exampleDoc(r, ex, true)) {
					t.Errorf("positive example did not fire: %q", ex)
				}
			}
			for _, ex := range r.Examples.Negative {
				if fired(t, n, r, exampleDoc(r, ex, false)) {
					t.Errorf("negative example fired: %q", ex)
				}
			}
		})
	}
}

func TestRulesFile(t *testing.T) {
	n := newNormalizer(t)
	families := map[string]bool{}
	for _, r := range n.rules.all {
		families[r.Family] = true
	}
	for _, f := range []string{"browser-warning", "newsletter-promo", "navigation", "masthead", "photo-caption",
		"crawler-metadata", "share-social", "cookie-notice", "advertisement", "copyright-footer", "read-more-related"} {
		if !families[f] {
			t.Errorf("no rule of family %q", f)
		}
	}
	bad := []struct{ name, json string }{
		{"bad version", `{"version":"1","rules":[]}`},
		{"unknown field", `{"version":"1.0.0","rules":[],"x":1}`},
		{"bad id", `{"version":"1.0.0","rules":[{"id":"Bad","family":"f","kind":"line","where":"anywhere","doc":"d","patterns":["x"],"examples":{"positive":["x"],"negative":["y"]}}]}`},
		{"no negative", `{"version":"1.0.0","rules":[{"id":"a","family":"f","kind":"line","where":"anywhere","doc":"d","patterns":["x"],"examples":{"positive":["x"],"negative":[]}}]}`},
		{"bad regexp", `{"version":"1.0.0","rules":[{"id":"a","family":"f","kind":"line","where":"anywhere","doc":"d","patterns":["("],"examples":{"positive":["x"],"negative":["y"]}}]}`},
		{"upper keyword", `{"version":"1.0.0","rules":[{"id":"a","family":"f","kind":"line","where":"anywhere","doc":"d","keywords":["X"],"patterns":["x"],"examples":{"positive":["x"],"negative":["y"]}}]}`},
		{"missing group", `{"version":"1.0.0","rules":[{"id":"a","family":"f","kind":"prefix","where":"anywhere","doc":"d","patterns":["x"],"examples":{"positive":["x"],"negative":["y"]}}]}`},
	}
	// Each case above has one fault; give it a valid classifier section.
	cls, err := json.Marshal(n.rules.cls)
	if err != nil {
		t.Fatal(err)
	}
	meta, err := json.Marshal(n.rules.meta)
	if err != nil {
		t.Fatal(err)
	}
	for i := range bad {
		bad[i].json = strings.Replace(bad[i].json, `"rules":`, `"classifier":`+string(cls)+`,"metadata":`+string(meta)+`,"rules":`, 1)
	}
	withCls := func(from, to string) string {
		return `{"version":"1.0.0","classifier":` + strings.Replace(string(cls), from, to, 1) + `,"metadata":` + string(meta) + `,"rules":[]}`
	}
	withMeta := func(from, to string) string {
		return `{"version":"1.0.0","classifier":` + string(cls) + `,"metadata":` + strings.Replace(string(meta), from, to, 1) + `,"rules":[]}`
	}
	bad = append(bad, []struct{ name, json string }{
		{"no classifier", `{"version":"1.0.0","rules":[]}`},
		{"zero parameter", withCls(`"menu_run":8`, `"menu_run":0`)},
		{"missing parameter", withCls(`"menu_run":8,`, ``)},
		{"share over 1", withCls(`"stop_low":0.61`, `"stop_low":61`)},
		{"no metadata", `{"version":"1.0.0","classifier":` + string(cls) + `,"rules":[]}`},
		{"month out of range", withMeta(`"march":3`, `"march":13`)},
		{"month not lower case", withMeta(`"march":3`, `"March":3`)},
		{"no byline prefixes", withMeta(`"byline_prefixes":[`, `"byline_prefixes":[],"x":[`)},
		{"unknown parameter", withCls(`"menu_run":8`, `"menu_run":8,"x":1`)},
		{"inside looser than outside", withCls(`"menu_words_inside":3.5`, `"menu_words_inside":6`)},
		{"no inside limit", withCls(`"menu_words_inside":3.5`, `"menu_words_inside":0`)},
	}...)
	for _, b := range bad {
		if _, err := compileRules([]byte(b.json)); err == nil {
			t.Errorf("%s: compiled, want an error", b.name)
		}
	}
	if _, err := compileRules([]byte(withCls("", ""))); err != nil {
		t.Errorf("valid classifier section: %v", err)
	}
	if !strings.Contains(string(RulesBytes()), `"version"`) {
		t.Error("RulesBytes lacks a version")
	}
}

func TestRuleFamily(t *testing.T) {
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"crawler-date-prefix":    "crawler-metadata",
		"newsletter-signup":      "newsletter-promo",
		"classifier:footer-zone": "classifier",
		"caption-fragment":       "photo-caption",
		"not-a-rule":             "not-a-rule",
	} {
		if got := n.RuleFamily(id); got != want {
			t.Errorf("RuleFamily(%q) = %q, want %q", id, got, want)
		}
	}
}

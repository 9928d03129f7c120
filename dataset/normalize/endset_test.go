package normalize

import (
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

func TestEndSet(t *testing.T) {
	for _, c := range []struct {
		pattern string
		yes, no string
	}{
		{`^(?P<text>.*?)\s*(?P<credit>\((?i:photo): [^()]{2,100}\))$`, ")", ".a"},
		{`(?i)^(?:read more|related)[:.]?$`, "eE:.", "x)"},
		{`^(?:a|b)(?:Getty|AFP)$`, "yP", "pxa"},
		{`(?:[a-z]+ )?x?$`, "", ""}, // may match nothing: no set
		{`^x*$`, "x", "y"},          // empty only on an empty text
		{`foo|bar$`, "", ""},        // one branch is not anchored
	} {
		e, err := patternEndSet(c.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if c.yes == "" && c.no == "" {
			if e != nil {
				t.Errorf("%s: end set %q, want none", c.pattern, string(e))
			}
			continue
		}
		for _, r := range c.yes {
			if !e.contains(r) {
				t.Errorf("%s: %q not in the end set", c.pattern, r)
			}
		}
		for _, r := range c.no {
			if e.contains(r) {
				t.Errorf("%s: %q in the end set", c.pattern, r)
			}
		}
	}
}

// TestEndSetAgrees checks, for every pattern of the rules and every line
// of the seeds, the dev set and the rules' examples, that a line the
// pattern matches passes its end set: the shortcut changes no answer.
func TestEndSetAgrees(t *testing.T) {
	n := newNormalizer(t)
	var lines []string
	docs := seedDocs(t)
	if dir := devsetDir(t); dir != "" {
		docs = append(docs, readDocs(t, filepath.Join(dir, "*.txt"))...)
	}
	for _, d := range docs {
		c, err := Clean(d.data)
		if err != nil {
			continue
		}
		for _, l := range c.Lines {
			lines = append(lines, l.Text)
		}
	}
	checked := 0
	for _, r := range n.rules.all {
		ls := append(append(lines, r.Examples.Positive...), r.Examples.Negative...)
		if len(r.res) > 0 {
			for _, s := range ls {
				got, want := r.match(s), fullMatch(r, s)
				if !r.groups && (got == nil) == (want == nil) {
					continue // only whether it matches is asked of such a rule
				}
				if !slices.Equal(got, want) {
					t.Errorf("rule %s on %q: match %v, the patterns on the whole line %v", r.ID, s, got, want)
				}
			}
		}
		for i, tail := range r.tails {
			if tail >= 0 {
				checked++
				t.Logf("rule %s pattern %d: matches at most %d bytes at the end", r.ID, i, tail)
			}
		}
		for i, p := range r.Patterns {
			e := r.ends[i]
			if e == nil {
				continue
			}
			checked++
			t.Logf("rule %s pattern %d: end set of %d ranges", r.ID, i, len(e)/2)
			re := regexp.MustCompile(p)
			for _, s := range ls {
				if re.MatchString(s) && !e.allows(s) {
					t.Errorf("rule %s pattern %d matches %q, but its end set refuses it", r.ID, i, s)
				}
			}
		}
	}
	if checked < 5 {
		t.Errorf("only %d patterns have an end set", checked)
	}
}

// fullMatch is rule.match without the end sets and tails.
func fullMatch(r *rule, s string) []int {
	var m []int
	for i, re := range r.res {
		if i == 0 {
			if m = re.FindStringSubmatchIndex(s); m == nil {
				return nil
			}
		} else if !re.MatchString(s) {
			return nil
		}
	}
	return m
}

func TestTailStart(t *testing.T) {
	for _, c := range []struct {
		pattern string
		tail    int
	}{
		{`\s(?:MORE LESS|(?i:show more))[.]?$`, 1 + 10 + 1}, // "ſ" (2 bytes) folds to "s"
		{`^(?:a|bc)$`, 2},
		{`x+$`, -1},
		{`^ab`, -1},
	} {
		got, err := patternTail(c.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.tail {
			t.Errorf("patternTail(%s) = %d, want %d", c.pattern, got, c.tail)
		}
	}
	re := regexp.MustCompile(`(?P<span>\b(?:less|é))$`)
	for _, s := range []string{"more less", "moreless", "ééééééééé less", "aaaaaaaaaaaaaaé", "less"} {
		cut := tailStart(s, 4)
		if got, want := re.MatchString(s[cut:]), re.MatchString(s); got != want {
			t.Errorf("%q cut at %d: match %v, want %v", s, cut, got, want)
		}
	}
}

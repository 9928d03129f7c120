package normalize

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkImplied fails when pattern matches text (from start, the tail
// cut) while its literal check rejects the lower-cased text: the check
// must never say no when the regexp says yes. It reports whether the
// regexp matched.
func checkImplied(t *testing.T, re *regexp.Regexp, c *litCheck, deviant []rune, text string, tail int) bool {
	t.Helper()
	cut := 0
	if tail >= 0 {
		cut = tailStart(text, tail)
	}
	if !re.MatchString(text[cut:]) {
		return false
	}
	lower := string(appendLower(nil, text))
	for _, d := range deviant {
		if strings.ContainsRune(lower, d) {
			return true
		}
	}
	if c != nil && !c.allows(lower) {
		t.Fatalf("pattern %q matches %q, but its literal check rejects it", re, text)
	}
	return true
}

// TestLitCheckNeverRejectsMatch runs every pattern of the rules on the
// lines of the seeds and both dev sets that reach its check, and on every
// rule's examples: where the regexp matches, the literal check must
// pass. It also counts the lines the checks turn away, so that checks
// that pass everything (and save nothing) show.
func TestLitCheckNeverRejectsMatch(t *testing.T) {
	n := newNormalizer(t)
	var lines []string
	for _, d := range append(seedDocs(t), devDocs(t)...) {
		c, err := Clean(d.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range c.Lines {
			lines = append(lines, l.Text)
		}
	}
	var examples []string
	for _, r := range n.rules.all {
		examples = append(append(examples, r.Examples.Positive...), r.Examples.Negative...)
	}
	infos := make([]*lineInfo, 0, len(lines)+len(examples))
	for _, l := range append(lines, examples...) {
		li := newLineInfo(l)
		n.rules.keywords.scan(li)
		infos = append(infos, li)
	}
	rejected, withCheck := 0, 0
	for _, r := range n.rules.all {
		for i, re := range r.res {
			c := r.lits[i]
			if c == nil {
				continue
			}
			withCheck++
			for k, li := range infos {
				// A check is asked only after the keywords and the
				// word limit (prefilter), on the lines of a page; the
				// examples are all tried. Only a rejected line can
				// break the rule.
				page := k < len(lines)
				if page && (r.MaxWords > 0 && li.words > r.MaxWords || len(r.kw) > 0 && li.cand[r.pos/64]&(1<<(r.pos%64)) == 0) {
					continue
				}
				if !c.allows(li.lower) {
					rejected++
					checkImplied(t, re, c, r.deviant, li.text, r.tails[i])
				}
			}
		}
	}
	t.Logf("%d patterns with a check; %d lines rejected by them", withCheck, rejected)
	if rejected == 0 || withCheck < len(n.rules.all)/4 {
		t.Fatalf("checks of %d patterns, %d rejections: the test exercises nothing", withCheck, rejected)
	}
}

// TestLitCheckPatterns holds the analysis to small patterns whose
// matches are known, including anchors, case folding and the fold
// orbits that lower-case elsewhere ("ſ" matches (?i)s).
func TestLitCheckPatterns(t *testing.T) {
	cases := []struct {
		pattern     string
		yes, reject []string
	}{
		{`(?i)^cookie policy$`, []string{"Cookie Policy", "COOKIE POLICY"}, []string{"our cookie policy", "cookie policy here"}},
		{`(?i)\bwe use cookies\b`, []string{"Hi, we use cookies.", "WE USE COOKIES", "we uſe cookies"}, []string{"we do not use cookies"}},
		{`(?:foo|bar)+baz`, []string{"xxfoobarbaz", "barbaz"}, []string{"foo baz", "fobaz"}},
		{`^(?P<t>.*?)(?:Getty|AFP)$`, []string{"a / Getty", "AFP"}, []string{"Getty images", "AFP x"}},
		{`(?i)^(?:a|b)[.:]?$`, []string{"A", "b:", "a."}, []string{"ab", "c"}},
		{`x{2,3}y`, []string{"xxy", "xxxy"}, []string{"yx"}},
		{`(?i)k[0-9]`, []string{"K1", "\u212a2"}, []string{"k"}},
		{`[^a]b`, []string{"cb"}, []string{"c"}},
		{`(?:^|\. )Photo: \w+$`, []string{"Photo: Ann", "Nice. Photo: Bob"}, []string{"x Photo: Ann"}},
	}
	for _, tc := range cases {
		re := regexp.MustCompile(tc.pattern)
		c, dev, err := patternCheck(tc.pattern, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range tc.yes {
			if !checkImplied(t, re, c, dev, s, -1) {
				t.Errorf("%q: test case %q does not match", tc.pattern, s)
			}
		}
		for _, s := range tc.reject {
			if re.MatchString(s) {
				t.Errorf("%q: test case %q matches", tc.pattern, s)
			}
			if c == nil || c.allows(string(appendLower(nil, s))) {
				t.Errorf("%q: the check passes %q, want it rejected", tc.pattern, s)
			}
		}
	}
}

// FuzzLitCheck checks on any pattern and any line (valid UTF-8, as
// cleaned lines are) that the literal check passes whatever the regexp
// matches.
func FuzzLitCheck(f *testing.F) {
	n := newNormalizer(f)
	for _, r := range n.rules.all {
		for _, p := range r.Patterns {
			for _, e := range append(r.Examples.Positive, r.Examples.Negative...) {
				f.Add(p, e, false)
			}
		}
	}
	f.Add(`(?i)ſ`, "s", false)
	f.Fuzz(func(t *testing.T, pattern, text string, onTail bool) {
		if !utf8.ValidString(text) || len(pattern) > 2000 {
			return
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return
		}
		c, dev, err := patternCheck(pattern, onTail)
		if err != nil {
			t.Fatalf("regexp compiles %q, the analysis fails: %v", pattern, err)
		}
		tail := -1
		if onTail {
			tail = len(text) / 2
		}
		checkImplied(t, re, c, dev, text, tail)
	})
}

package normalize

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// splitCases are patterns of the shapes splitAlternation must cut right
// or refuse: classes holding "|" and ")", escapes, nested groups, flags,
// folds beyond ASCII (K and the Kelvin sign, s and the long s), optional
// and empty alternatives.
var splitCases = []string{
	`(?i)^(?:kelvin|sun|[]|)]x|a\|b|\(c|d(?:e|f)|[[:alpha:]|]y|\p{Lu}z|éa|Éb|\x{212A}q|g?h|)$`,
	`^(?:foo|bar|baz|qux|(?i)quux)`,
	`(?i)^(?:\Qa|b\E|c|d|e)`,
	`(?m)^(?:a|b|c|d)`,
	`(?is)^(?:a.b|c|d|e|[^x]y)\b(?:x|y)`,
	`^(?:\s*lead|tab|x+y|(?:p|q)r|[a-c]d|\bword|$)`,
	`(?U)^(?:a+|b+?|c{2,}|d{0,2}e)x`,
	`^(?:|||0)`, // empty alternatives (found by the fuzzer)
}

// splitProbes are lines for the cases above, each also tried in upper
// case and without its first rune.
var splitProbes = []string{"", "Kelvin", "\u212aelvin", "ſun", "SUN", "]x", ")x", "|x", "a|b", "(c", "df", "Ay", "|y", "Éz",
	"éA", "ÉB", "kq", "h", "gh", "x", "a\nb", "\xffa", "quux", "QUUX", "a|b", "c", "a\nb", "ab", "a\nb x", "  lead", "\ttab", "xxy",
	"pr", "bd", "word", "aaax", "ccx", "ex", "dde", "0", "1"}

// TestFirstSplitAgrees holds every rule's split to its pattern on every
// cleaned line of the seeds and dev sets, the rules' examples, and on
// lines cut and recased so that each first byte is tried; and the cut
// to the pattern's text.
func TestFirstSplitAgrees(t *testing.T) {
	n := newNormalizer(t)
	lines := lineCases(t)
	split := 0
	for _, r := range n.rules.all {
		for i, sp := range r.splits {
			if sp == nil {
				continue
			}
			split++
			if r.groups {
				t.Errorf("%s: a split of a pattern whose groups are read", r.ID)
			}
			re := r.res[i]
			try := func(s string) {
				if got, want := sp.MatchString(s), re.MatchString(s); got != want {
					t.Errorf("%s: split says %v on %q, the pattern %v", r.ID, got, s, want)
				}
			}
			for _, s := range append(r.Examples.Positive, r.Examples.Negative...) {
				try(s)
				try(strings.ToUpper(s))
				try(strings.ToLower(s))
			}
			for _, s := range lines {
				try(s)
			}
		}
	}
	if split < 10 {
		t.Errorf("%d patterns are split: the test tests little", split)
	}
}

// TestFirstSplitShapes checks the cut and the split on patterns of
// awkward shapes.
func TestFirstSplitShapes(t *testing.T) {
	for _, p := range splitCases {
		checkSplit(t, p, splitProbes)
	}
	for p, want := range map[string]bool{
		splitCases[0]: true, splitCases[1]: false, splitCases[2]: false, splitCases[3]: false,
		splitCases[4]: true, splitCases[5]: true,
	} {
		if _, _, _, ok := splitAlternation(p); ok != want {
			t.Errorf("splitAlternation(%q): ok %v, want %v", p, ok, want)
		}
	}
}

// checkSplit compares the split of p, if any, with p on lines, each
// also in upper and lower case and without its first rune.
func checkSplit(t *testing.T, p string, lines []string) {
	t.Helper()
	re, err := regexp.Compile(p)
	if err != nil {
		return
	}
	if head, alts, rest, ok := splitAlternation(p); ok {
		if back := head + strings.Join(alts, "|") + ")" + rest; back != p {
			t.Fatalf("splitAlternation(%q) gives back %q", p, back)
		}
	}
	sp := newFirstSplit(p, re)
	if sp == nil {
		return
	}
	for _, l := range lines {
		_, size := utf8.DecodeRuneInString(l)
		for _, s := range []string{l, strings.ToUpper(l), strings.ToLower(l), l[size:]} {
			if got, want := sp.MatchString(s), re.MatchString(s); got != want {
				t.Errorf("pattern %q: split says %v on %q, the pattern %v", p, got, s, want)
			}
		}
	}
}

// FuzzFirstSplit compares a pattern's split with the pattern on any
// line, for the patterns above and any the fuzzer makes of them.
func FuzzFirstSplit(f *testing.F) {
	for _, p := range splitCases {
		for _, l := range splitProbes {
			f.Add(p, l)
		}
	}
	f.Fuzz(func(t *testing.T, p, line string) {
		if len(p) > 300 {
			return
		}
		checkSplit(t, p, []string{line})
	})
}

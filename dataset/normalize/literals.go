package normalize

import (
	"regexp/syntax"
	"strings"
)

// A litCheck is a necessary condition for a rule's pattern to match,
// computed once from the pattern's syntax tree: the literal text a match
// must contain, start or end with, tested on the lower-cased line with
// strings.Contains, HasPrefix and HasSuffix. When it fails, the regexp
// cannot match and is not run; when it passes, the regexp decides. Most
// lines that reach a rule (its keyword occurs) are long prose that the
// pattern rejects only after a slow search from every position; the
// check rejects most of them in a few scans of the line.
//
// A check may say yes when the regexp says no, never the reverse
// (TestLitCheckNeverRejectsMatch, FuzzLitCheck).
type litCheck struct {
	and  bool        // all kids must pass; otherwise one of them or of lits
	kids []*litCheck // sub-checks
	lits []litString // one must occur (or: any of lits or kids)
}

// litString is a lower-cased literal and where it must stand.
type litString struct {
	s        string
	pre, suf bool // at the start, at the end of the text (both: all of it)
}

// allows reports whether text (lower-cased) passes the check.
func (c *litCheck) allows(lower string) bool {
	if c.and {
		for _, k := range c.kids {
			if !k.allows(lower) {
				return false
			}
		}
		return true
	}
	for _, l := range c.lits {
		if l.in(lower) {
			return true
		}
	}
	for _, k := range c.kids {
		if k.allows(lower) {
			return true
		}
	}
	return false
}

func (l litString) in(s string) bool {
	switch {
	case l.pre && l.suf:
		return s == l.s
	case l.pre:
		return strings.HasPrefix(s, l.s)
	case l.suf:
		return strings.HasSuffix(s, l.s)
	}
	return strings.Contains(s, l.s)
}

// patternCheck returns the check for pattern, and the lower-case runes
// whose presence in a line makes the check unusable; nil when the
// pattern tells nothing useful or the check would cost more than it
// saves (worth). onTail says the pattern is run on a tail of the line
// only (rule.tails), where a start anchor matches at the tail's start.
func patternCheck(pattern string, onTail bool) (*litCheck, []rune, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, nil, err
	}
	if strings.ContainsAny(pattern, litBegin+litEnd) {
		return nil, nil, nil
	}
	var a litAnalysis
	c := a.info(re).asCheck()
	if c == nil {
		return nil, nil, nil
	}
	if onTail {
		c = c.dropStarts()
	}
	if c = c.worth(re, onTail); c == nil {
		return nil, nil, nil
	}
	return c, a.deviant, nil
}

// maxScans bounds the literals a check may look for anywhere in a line.
const maxScans = 128

// worth returns the part of c that costs less than running re on the
// lines it rejects: all of it, the comparisons of the text's ends
// only, or nothing. It only ever weakens c.
func (c *litCheck) worth(re *syntax.Regexp, onTail bool) *litCheck {
	switch {
	case onTail:
		// The matcher looks at a short tail of the line only.
		return c.ends()
	case beginAnchored(re) && firstKnown(re):
		// Every match starts at the start of the text, with one of
		// a few runes: the matcher fails most lines within a few
		// bytes.
		return c.ends()
	case c.scans() > maxScans:
		return c.ends()
	}
	return c
}

// scans is the most literals c looks for anywhere in a line.
func (c *litCheck) scans() int {
	n := 0
	for _, l := range c.lits {
		if !l.pre && !l.suf {
			n++
		}
	}
	for _, k := range c.kids {
		n += k.scans()
	}
	return n
}

// ends returns the part of the check that compares only the ends of
// the text (a weaker check), nil if none.
func (c *litCheck) ends() *litCheck {
	out := &litCheck{and: c.and}
	if c.and {
		for _, k := range c.kids {
			if e := k.ends(); e != nil {
				out.kids = append(out.kids, e)
			}
		}
		if len(out.kids) == 0 {
			return nil
		}
		return out
	}
	for _, l := range c.lits {
		if !l.pre && !l.suf {
			return nil
		}
	}
	out.lits = c.lits
	for _, k := range c.kids {
		e := k.ends()
		if e == nil {
			return nil
		}
		out.kids = append(out.kids, e)
	}
	return out
}

// dropStarts makes start anchors plain containment: a pattern run on a
// tail of the line may match at the tail's start.
func (c *litCheck) dropStarts() *litCheck {
	out := &litCheck{and: c.and}
	for _, l := range c.lits {
		l.pre = false
		out.lits = append(out.lits, l)
	}
	for _, k := range c.kids {
		out.kids = append(out.kids, k.dropStarts())
	}
	return out
}

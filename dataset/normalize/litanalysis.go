package normalize

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This is the analysis behind litCheck (literals.go): what a pattern's
// syntax tree says about the literal text of its matches, in the manner
// of the trigram queries of Google Code Search but with whole strings,
// tested by strings.Contains, HasPrefix and HasSuffix.

// Anchors are carried through the analysis as sentinel bytes inside the
// exact strings: a string that starts with litBegin must be a prefix of
// the text, one that ends with litEnd a suffix. No pattern that holds
// these bytes as literals gets a check.
const (
	litBegin = "\x00"
	litEnd   = "\x01"
)

// maxExact bounds the strings of an exact set: past it, the analysis
// keeps what it has as a check and starts afresh.
const maxExact = 64

// litInfo is what the analysis knows of a subexpression: exact lists
// every (lower-cased) string it can match when they are few (nil: not
// known); check is a necessary condition otherwise (nil: none); pre and
// suf list strings every match starts, ends with (nil: not known).
type litInfo struct {
	exact    []string
	check    *litCheck
	pre, suf []string
}

// starts and ends are pre and suf, or the exact strings.
func (in litInfo) starts() []string {
	if in.exact != nil {
		return in.exact
	}
	return in.pre
}

func (in litInfo) ends() []string {
	if in.exact != nil {
		return in.exact
	}
	return in.suf
}

// litAnalysis holds the runes whose lower case differs from that of the
// other runes of their case-folding orbit ("ſ" folds with "s" but
// lower-cases to itself): a line that holds one gets no check.
type litAnalysis struct {
	deviant []rune
}

// beginAnchored reports whether every match of re starts at the start
// of the text.
func beginAnchored(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpCapture:
		return beginAnchored(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && beginAnchored(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !beginAnchored(sub) {
				return false
			}
		}
		return true
	}
	return false
}

// firstKnown reports whether every match of re starts with a rune of a
// small set: not with any rune, and not empty.
func firstKnown(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return true
	case syntax.OpCharClass:
		n := 0
		for i := 0; i < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
		}
		return n <= 64
	case syntax.OpCapture, syntax.OpPlus, syntax.OpQuest, syntax.OpStar, syntax.OpRepeat:
		return firstKnown(re.Sub[0])
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if !firstKnown(sub) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if zeroWidth(sub.Op) {
				continue
			}
			if !firstKnown(sub) {
				return false
			}
			if !nullable(sub) {
				return true
			}
		}
	}
	return false
}

func zeroWidth(op syntax.Op) bool {
	switch op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	return false
}

// nullable reports whether re can match the empty string.
func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpQuest, syntax.OpStar:
		return true
	case syntax.OpRepeat:
		return re.Min == 0 || nullable(re.Sub[0])
	case syntax.OpCapture, syntax.OpPlus:
		return nullable(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !nullable(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if nullable(sub) {
				return true
			}
		}
		return false
	}
	return zeroWidth(re.Op)
}

// info analyses re; see litInfo.
func (a *litAnalysis) info(re *syntax.Regexp) litInfo {
	switch re.Op {
	case syntax.OpNoMatch:
		return litInfo{exact: []string{}}
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary,
		syntax.OpBeginLine, syntax.OpEndLine:
		return litInfo{exact: []string{""}}
	case syntax.OpBeginText:
		return litInfo{exact: []string{litBegin}}
	case syntax.OpEndText:
		return litInfo{exact: []string{litEnd}}
	case syntax.OpLiteral:
		return litInfo{exact: []string{a.literal(re)}}
	case syntax.OpCharClass:
		return litInfo{exact: classStrings(re.Rune)}
	case syntax.OpCapture:
		return a.info(re.Sub[0])
	case syntax.OpQuest:
		in := a.info(re.Sub[0])
		if in.exact != nil && len(in.exact) < maxExact {
			return litInfo{exact: union(in.exact, []string{""})}
		}
		return litInfo{}
	case syntax.OpPlus:
		in := a.info(re.Sub[0])
		return litInfo{check: in.asCheck(), pre: in.starts(), suf: in.ends()}
	case syntax.OpRepeat:
		if re.Min == 0 {
			return litInfo{}
		}
		in := a.info(re.Sub[0])
		return litInfo{check: in.asCheck(), pre: in.starts(), suf: in.ends()}
	case syntax.OpConcat:
		return a.concat(re.Sub)
	case syntax.OpAlternate:
		return a.alternate(re.Sub)
	}
	return litInfo{} // any character, star
}

// literal returns the lower case of a literal's runes. A case-folded
// rune matches every rune of its orbit; those that lower-case elsewhere
// are noted as deviant.
func (a *litAnalysis) literal(re *syntax.Regexp) string {
	var b strings.Builder
	for _, r := range re.Rune {
		l := unicode.ToLower(r)
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if d := unicode.ToLower(f); d != l && !slices.Contains(a.deviant, d) {
					a.deviant = append(a.deviant, d)
				}
			}
		}
		b.WriteRune(l)
	}
	return b.String()
}

// classStrings returns the lower case of the runes of a small class, nil
// for a large one. A class under (?i) lists its fold variants itself.
func classStrings(ranges []rune) []string {
	n := 0
	for i := 0; i < len(ranges); i += 2 {
		n += int(ranges[i+1]-ranges[i]) + 1
		if n > 16 {
			return nil
		}
	}
	var out []string
	for i := 0; i < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if !utf8.ValidRune(r) {
				return nil // the matcher reads bad bytes as U+FFFD
			}
			out = union(out, []string{string(unicode.ToLower(r))})
		}
	}
	return out
}

// concat builds the strings of runs of exact subexpressions, joined to
// the known starts and ends of the others around them, and requires one
// of each run.
func (a *litAnalysis) concat(subs []*syntax.Regexp) litInfo {
	cur := []string{""}
	var checks []*litCheck
	var pre []string
	exact := true
	flush := func(set []string) {
		if pre == nil {
			pre = set
		}
		if c := containsOne(set); c != nil {
			checks = append(checks, c)
		}
	}
	for _, sub := range subs {
		in := a.info(sub)
		if in.exact == nil {
			exact = false
			if st := in.starts(); st != nil && len(cur)*len(st) <= maxExact {
				flush(cross(cur, st))
			} else {
				flush(cur)
			}
			if in.check != nil {
				checks = append(checks, in.check)
			}
			cur = []string{""}
			if e := in.ends(); e != nil {
				cur = e
			}
			continue
		}
		if len(cur)*len(in.exact) > maxExact {
			exact = false
			flush(cur)
			cur = []string{""}
		}
		cur = cross(cur, in.exact)
	}
	if exact {
		return litInfo{exact: cur}
	}
	flush(cur)
	out := litInfo{pre: pre, suf: cur}
	switch len(checks) {
	case 0:
	case 1:
		out.check = checks[0]
	default:
		out.check = &litCheck{and: true, kids: checks}
	}
	return out
}

// alternate unites the exact sets of the branches while they are few,
// and otherwise requires one branch's check.
func (a *litAnalysis) alternate(subs []*syntax.Regexp) litInfo {
	var ins []litInfo
	var all []string
	exact := true
	for _, sub := range subs {
		in := a.info(sub)
		ins = append(ins, in)
		if in.exact == nil || len(all)+len(in.exact) > maxExact {
			exact = false
		} else {
			all = union(all, in.exact)
		}
	}
	if exact {
		return litInfo{exact: all}
	}
	var pre, suf []string
	for i, in := range ins {
		pre, suf = unionMax(pre, in.starts(), i), unionMax(suf, in.ends(), i)
	}
	or := &litCheck{}
	for _, in := range ins {
		c := in.asCheck()
		if c == nil {
			return litInfo{pre: pre, suf: suf} // that branch needs nothing more
		}
		if !c.and && len(c.kids) == 0 {
			or.lits = append(or.lits, c.lits...)
		} else {
			or.kids = append(or.kids, c)
		}
	}
	return litInfo{check: or, pre: pre, suf: suf}
}

// asCheck is the necessary condition of in: its check, or one of its
// exact strings.
func (in litInfo) asCheck() *litCheck {
	if in.exact != nil {
		return containsOne(in.exact)
	}
	return in.check
}

// containsOne returns the check that one of set occurs, the anchors of
// each string read from its sentinels; nil when one of them is empty
// (always there). A string with a sentinel inside cannot match at all.
func containsOne(set []string) *litCheck {
	c := &litCheck{}
	for _, s := range set {
		l := litString{s: s}
		l.s, l.pre = strings.CutPrefix(l.s, litBegin)
		l.s, l.suf = strings.CutSuffix(l.s, litEnd)
		if strings.ContainsAny(l.s, litBegin+litEnd) {
			continue
		}
		if l.s == "" && !(l.pre && l.suf) {
			return nil
		}
		c.lits = append(c.lits, l)
	}
	c.lits = prune(c.lits)
	return c
}

// prune drops the strings of a set that one of the others implies: with
// "subscribe" in the set, "subscribe now" adds nothing but a scan.
func prune(lits []litString) []litString {
	loose := func(l litString) int { // 0: anywhere; 1: one end; 2: whole
		return b2i(l.pre) + b2i(l.suf)
	}
	slices.SortStableFunc(lits, func(a, b litString) int {
		if d := loose(a) - loose(b); d != 0 {
			return d
		}
		return len(a.s) - len(b.s)
	})
	var out []litString
	for _, l := range lits {
		if !slices.ContainsFunc(out, func(m litString) bool { return m.implies(l) }) {
			out = append(out, l)
		}
	}
	return out
}

// implies reports whether every text l is in also holds m.
func (m litString) implies(l litString) bool {
	switch {
	case !m.pre && !m.suf:
		return strings.Contains(l.s, m.s)
	case m.pre && !m.suf:
		return l.pre && strings.HasPrefix(l.s, m.s)
	case m.suf && !m.pre:
		return l.suf && strings.HasSuffix(l.s, m.s)
	}
	return l == m
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cross returns every string of a followed by one of b, once each.
func cross(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	seen := make(map[string]bool, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			if !seen[x+y] {
				seen[x+y] = true
				out = append(out, x+y)
			}
		}
	}
	return out
}

// union appends the strings of b not yet in a.
func union(a, b []string) []string {
	for _, s := range b {
		if !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}

// unionMax adds b to a, the sets of branches before branch i; nil when
// either is unknown or the union too large.
func unionMax(a, b []string, i int) []string {
	if b == nil || a == nil && i > 0 || len(a)+len(b) > maxExact {
		return nil
	}
	return union(slices.Clip(a), b)
}

package normalize

import (
	"regexp/syntax"
	"slices"
	"unicode"
	"unicode/utf8"
)

// endSet is the set of runes a line can end with for a pattern anchored
// at the end of the text ("…$") to match it, as sorted, merged ranges
// lo, hi, lo, hi, …. Go's regexp tries every start position and has no
// such shortcut, so a caption pattern ("…(Photo by X/Agency))$") ran in
// full on every prose line that names a photo; most of them end in a
// period, which the pattern cannot match. Checking the last rune first
// gives the same answers: if the pattern matches a non-empty line, the
// match ends at the line's end, and its last rune is in the set.
type endSet []rune

// contains reports whether a line ending in r can match.
func (e endSet) contains(r rune) bool {
	for i := 0; i < len(e); i += 2 {
		if r < e[i] {
			return false
		}
		if r <= e[i+1] {
			return true
		}
	}
	return false
}

// allows reports whether s can match as far as its last rune tells.
// An empty s is always allowed.
func (e endSet) allows(s string) bool {
	if e == nil || s == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return e.contains(r)
}

// patternEndSet returns the end set of a pattern, or nil when the
// pattern is not anchored at the end on every branch or can end in any
// rune (then the pattern always runs).
func patternEndSet(pattern string) (endSet, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil, err
	}
	set, ok := anchoredEnd(re.Simplify())
	if !ok {
		return nil, nil
	}
	return normRanges(set), nil
}

// anchoredEnd returns the runes a match of re can end with, when every
// match of re ends at the end of the text.
func anchoredEnd(re *syntax.Regexp) ([]rune, bool) {
	switch re.Op {
	case syntax.OpCapture:
		return anchoredEnd(re.Sub[0])
	case syntax.OpAlternate:
		var all []rune
		for _, s := range re.Sub {
			set, ok := anchoredEnd(s)
			if !ok {
				return nil, false
			}
			all = append(all, set...)
		}
		return all, true
	case syntax.OpConcat:
		n := len(re.Sub)
		if n == 0 {
			return nil, false
		}
		if re.Sub[n-1].Op == syntax.OpEndText {
			return lastRunes(re.Sub[:n-1])
		}
		if last := re.Sub[n-1]; last.Op == syntax.OpCapture || last.Op == syntax.OpAlternate || last.Op == syntax.OpConcat {
			// "(…$)": the anchor sits inside the last element.
			return anchoredEnd(last)
		}
	}
	return nil, false
}

// lastRunes returns the runes the non-empty text matched by the
// concatenation subs can end with; ok is false when it can end in any
// rune, or be empty without being anchored at the start.
func lastRunes(subs []*syntax.Regexp) ([]rune, bool) {
	var all []rune
	for i := len(subs) - 1; i >= 0; i-- {
		if subs[i].Op == syntax.OpBeginText {
			return all, true // an empty match spans an empty text
		}
		set, empty, ok := last(subs[i])
		if !ok {
			return nil, false
		}
		all = append(all, set...)
		if !empty {
			return all, true
		}
	}
	return nil, false // may match nothing: the text's end is anyone's
}

// last returns the runes a match of re can end with and whether re can
// match the empty string; ok is false when it can end in any rune.
func last(re *syntax.Regexp) (set []rune, empty, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return nil, true, true
		}
		r := re.Rune[len(re.Rune)-1]
		set = []rune{r, r}
		if re.Flags&syntax.FoldCase != 0 {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				set = append(set, f, f)
			}
		}
		return set, false, true
	case syntax.OpCharClass:
		return slices.Clone(re.Rune), false, true
	case syntax.OpCapture:
		return last(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		set, _, ok := last(re.Sub[0])
		return set, true, ok
	case syntax.OpPlus:
		return last(re.Sub[0])
	case syntax.OpRepeat:
		set, empty, ok := last(re.Sub[0])
		return set, empty || re.Min == 0, ok
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			ss, e, o := last(s)
			if !o {
				return nil, false, false
			}
			set, empty = append(set, ss...), empty || e
		}
		return set, empty, true
	case syntax.OpConcat:
		for i := len(re.Sub) - 1; i >= 0; i-- {
			ss, e, o := last(re.Sub[i])
			if !o {
				return nil, false, false
			}
			set = append(set, ss...)
			if !e {
				return set, false, true
			}
		}
		return set, true, true
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil, true, true
	}
	return nil, false, false // any character, anchors in the middle, …
}

// normRanges sorts and merges rune ranges.
func normRanges(rs []rune) endSet {
	type rg struct{ lo, hi rune }
	var v []rg
	for i := 0; i+1 < len(rs); i += 2 {
		v = append(v, rg{rs[i], rs[i+1]})
	}
	slices.SortFunc(v, func(a, b rg) int { return int(a.lo) - int(b.lo) })
	out := endSet{}
	for _, r := range v {
		if n := len(out); n > 0 && r.lo <= out[n-1]+1 {
			out[n-1] = max(out[n-1], r.hi)
			continue
		}
		out = append(out, r.lo, r.hi)
	}
	return out
}

// maxMatchBytes returns the longest match of re in bytes, or -1 when
// matches are unbounded.
func maxMatchBytes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			l := utf8.RuneLen(r)
			if re.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					l = max(l, utf8.RuneLen(f))
				}
			}
			n += l
		}
		return n
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return 0
		}
		return utf8.RuneLen(min(re.Rune[len(re.Rune)-1], unicode.MaxRune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture:
		return maxMatchBytes(re.Sub[0])
	case syntax.OpQuest:
		return maxMatchBytes(re.Sub[0])
	case syntax.OpRepeat:
		n := maxMatchBytes(re.Sub[0])
		if n < 0 || re.Max < 0 {
			return -1
		}
		return n * re.Max
	case syntax.OpConcat, syntax.OpAlternate:
		t := 0
		for _, s := range re.Sub {
			n := maxMatchBytes(s)
			if n < 0 {
				return -1
			}
			if re.Op == syntax.OpConcat {
				t += n
			} else {
				t = max(t, n)
			}
		}
		return t
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	}
	return -1 // star, plus
}

// patternTail returns, for a pattern whose every match ends at the end
// of the text and is at most some bytes long, that length; else -1.
// Such a pattern only needs the line's tail (tailStart): on long lines
// Go's regexp would try, and fail, at every earlier position.
func patternTail(pattern string) (int, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return -1, err
	}
	re = re.Simplify()
	if !endAnchored(re) {
		return -1, nil
	}
	return maxMatchBytes(re), nil
}

// endAnchored reports whether every match of re ends at the end of the
// text.
func endAnchored(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEndText:
		return true
	case syntax.OpCapture:
		return endAnchored(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !endAnchored(s) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		return len(re.Sub) > 0 && endAnchored(re.Sub[len(re.Sub)-1])
	}
	return false
}

// tailStart is where the part of s that a match of at most tail bytes
// ending at the end of s can lie in begins: a few bytes earlier than
// the match could start, at a rune boundary, so that the rune before
// any possible match (for \b, \s) is still there, and an anchor at the
// cut ("^") could only begin a match longer than tail.
func tailStart(s string, tail int) int {
	i := len(s) - tail - utf8.UTFMax - 1
	if i <= 0 {
		return 0
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

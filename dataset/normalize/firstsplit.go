package normalize

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Many line rules are long alternations anchored at the start of the
// line, "(?i)^(?:weiterlesen|mehr lesen|…)", some with hundreds of
// alternatives (cookie-notice-intl). Go's matcher tries every
// alternative at the first byte, and for most lines every one fails
// there or a few bytes on: on the dev sets these patterns took two
// thirds of the rules' regexp time. A firstSplit keeps, per possible
// first byte of the line, a regexp of only the alternatives that can
// start with it, derived from the pattern's syntax tree when the rules
// are compiled: a line that starts with "W" is tried against the
// alternatives that start with w or W (or with anything, such as "\s*"),
// in their original order.
//
// It answers MatchString exactly as the whole pattern does: an
// alternative that cannot start with the line's first rune cannot match
// at its start, and the pattern matches only there. It is used only
// where no caller reads the groups (a split pattern numbers its groups
// differently). TestFirstSplitAgrees and FuzzFirstSplit hold it to the
// pattern.
type firstSplit struct {
	ascii [utf8.RuneSelf]func() *regexp.Regexp // by first byte; nil: no alternative can start with it
	other func() *regexp.Regexp                // a first rune beyond ASCII (or an invalid byte); nil as above
	whole *regexp.Regexp                       // the pattern, for the empty line
}

// firstSet is the set of runes an expression's match can start with:
// the ASCII bytes it can start with and whether it can start with
// anything beyond ASCII. any means that it can start with anything or
// match the empty string (then what follows decides).
type firstSet struct {
	ascii [utf8.RuneSelf]bool
	other bool
	any   bool
}

// minSplitAlternatives is the fewest alternatives worth a split: below
// it the matcher's own cost at the first byte is small.
const minSplitAlternatives = 4

// newFirstSplit returns the split of pattern p (compiled as re), or nil
// when p is not "^(?:" (after flags) opening an alternation of enough
// alternatives whose first runes are known. It splits the pattern's
// text, so that a subset of alternatives is compiled from the rules'
// own words; the syntax tree (whose parser merges common prefixes)
// tells each alternative's first runes.
func newFirstSplit(p string, re *regexp.Regexp) *firstSplit {
	head, alts, rest, ok := splitAlternation(p)
	if !ok || len(alts) < minSplitAlternatives {
		return nil
	}
	flags := strings.TrimSuffix(head, "^(?:")
	sets := make([]firstSet, len(alts))
	known := false
	for i, a := range alts {
		t, err := syntax.Parse(flags+"(?:"+a+")", syntax.Perl)
		if err != nil {
			return nil // not a whole alternative: no split
		}
		sets[i] = firstOf(t)
		known = known || !sets[i].any
	}
	if !known {
		return nil
	}
	// The regexp of a subset of alternatives is compiled when a line
	// first needs it, so that New pays little for the splits.
	built := map[string]func() *regexp.Regexp{}
	build := func(in func(firstSet) bool) func() *regexp.Regexp {
		key := make([]byte, len(sets))
		var b strings.Builder
		n := 0 // alternatives written; one may be empty
		for i, s := range sets {
			if s.any || in(s) {
				if n > 0 {
					b.WriteByte('|')
				}
				key[i] = 1
				b.WriteString(alts[i])
				n++
			}
		}
		if n == 0 {
			return nil
		}
		if f, ok := built[string(key)]; ok {
			return f
		}
		src := head + b.String() + ")" + rest
		f := sync.OnceValue(func() *regexp.Regexp {
			c, err := regexp.Compile(src)
			if err != nil {
				return re // cannot happen: the parts are the pattern's own
			}
			return c
		})
		built[string(key)] = f
		return f
	}
	fs := &firstSplit{whole: re}
	for b := range fs.ascii {
		fs.ascii[b] = build(func(s firstSet) bool { return s.ascii[b] })
	}
	fs.other = build(func(s firstSet) bool { return s.other })
	return fs
}

// splitAlternation cuts p into head ("(?i)^(?:"), the alternatives of
// the group head opens, and the rest after the group's ")": p is head,
// the alternatives joined by "|", ")" and rest. ok is false when p has
// another shape, or text the cut cannot follow (\Q…\E, flags set
// between alternatives, which would reach the ones after them, or the
// multi-line flag, under which ^ is not only the start of the text).
func splitAlternation(p string) (head string, alts []string, rest string, ok bool) {
	i := 0
	if strings.HasPrefix(p, "(?") {
		j := strings.IndexByte(p, ')')
		if j < 0 || strings.Trim(p[2:j], "isU") != "" {
			return "", nil, "", false
		}
		i = j + 1
	}
	if !strings.HasPrefix(p[i:], "^(?:") {
		return "", nil, "", false
	}
	i += len("^(?:")
	head = p[:i]
	depth, from := 0, i
	for i < len(p) {
		switch p[i] {
		case '\\':
			if i+1 < len(p) && p[i+1] == 'Q' {
				return "", nil, "", false
			}
			i += 2
			continue
		case '[':
			end := classEnd(p, i)
			if end < 0 {
				return "", nil, "", false
			}
			i = end
			continue
		case '(':
			if depth == 0 && flagGroup(p[i:]) {
				return "", nil, "", false
			}
			depth++
		case ')':
			if depth == 0 {
				alts = append(alts, p[from:i])
				return head, alts, p[i+1:], true
			}
			depth--
		case '|':
			if depth == 0 {
				alts = append(alts, p[from:i])
				from = i + 1
			}
		}
		i++
	}
	return "", nil, "", false
}

// classEnd returns the index after the character class that opens at
// p[i] ("["), or -1.
func classEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++ // a "]" first is a literal
	}
	for j < len(p) {
		switch {
		case p[j] == '\\':
			j += 2
		case strings.HasPrefix(p[j:], "[:"):
			k := strings.Index(p[j+2:], ":]")
			if k < 0 {
				return -1
			}
			j += 2 + k + 2
		case p[j] == ']':
			return j + 1
		default:
			j++
		}
	}
	return -1
}

// flagGroup reports whether s starts with "(?flags)", which sets flags
// for the rest of the enclosing group rather than opening a group.
func flagGroup(s string) bool {
	if !strings.HasPrefix(s, "(?") {
		return false
	}
	for k := 2; k < len(s); k++ {
		switch c := s[k]; {
		case c == ')':
			return true
		case c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return false
}

// MatchString reports whether the pattern matches s.
func (fs *firstSplit) MatchString(s string) bool {
	var re func() *regexp.Regexp
	switch {
	case s == "":
		return fs.whole.MatchString(s)
	case s[0] < utf8.RuneSelf:
		re = fs.ascii[s[0]]
	default:
		re = fs.other
	}
	return re != nil && re().MatchString(s)
}

// firstOf returns the runes a match of re can start with.
func firstOf(re *syntax.Regexp) firstSet {
	var f firstSet
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			f.any = true
			break
		}
		r := re.Rune[0]
		f.add(r)
		if re.Flags&syntax.FoldCase != 0 {
			for c := unicode.SimpleFold(r); c != r; c = unicode.SimpleFold(c) {
				f.add(c)
			}
		}
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for c := lo; c <= hi && c < utf8.RuneSelf; c++ {
				f.ascii[c] = true
			}
			if hi >= utf8.RuneSelf {
				f.other = true
			}
		}
	case syntax.OpCapture:
		return firstOf(re.Sub[0])
	case syntax.OpPlus:
		return firstOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min < 1 {
			f.any = true
			break
		}
		return firstOf(re.Sub[0])
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			f.any = true
			break
		}
		return firstOf(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			g := firstOf(s)
			if g.any {
				return g
			}
			for c := range f.ascii {
				f.ascii[c] = f.ascii[c] || g.ascii[c]
			}
			f.other = f.other || g.other
		}
	default:
		// Empty-width assertions, optional parts, any character: the
		// first rune may be anything.
		f.any = true
	}
	return f
}

func (f *firstSet) add(r rune) {
	if r < utf8.RuneSelf {
		f.ascii[r] = true
	} else {
		f.other = true
	}
}

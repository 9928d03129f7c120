package eval

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MatchForm is the form in which the snippet scorer compares a page's
// output text with a snippet. It is the function ws() of the dev set's
// score_snippets.py, which defines the metric, step for step:
//
//  1. Unicode NFC;
//  2. characters of general category Cf (soft hyphen, zero-width marks,
//     bidi marks, BOM) and Cc (controls) are dropped, unless they are
//     white space in Python's sense (so TAB, LF and U+001C..U+001F stay);
//  3. the string is split at runs of Python white space (PyIsSpace) and
//     the pieces are joined with one space, which also trims both ends.
//
// The steps are not merged: a Cf character dropped in step 2 can leave a
// base letter next to a combining mark that NFC would have joined, and
// Python leaves them apart too. A byte that is not UTF-8 counts as one
// U+FFFD, as it does when Go's encoding/json hands the text to Python.
//
// The Unicode tables are Go's (unicode.Version) against Python 3.11's
// unicodedata (14.0.0); TestMatchFormPython shows that the difference
// does not change any result on the dev data.
func MatchForm(s string) string {
	if isASCII(s) {
		return matchFormASCII(s)
	}
	return matchFormUnicode(s)
}

// matchFormUnicode is MatchForm for any string.
func matchFormUnicode(s string) string {
	if !utf8.ValidString(s) {
		s = perByteReplacement(s)
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is owed before the next kept character
	for _, r := range s {
		switch {
		case PyIsSpace(r):
			space = b.Len() > 0
		case dropped(r):
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isASCII reports whether s is all ASCII, which is in NFC.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// matchFormASCII is MatchForm of an ASCII string, byte by byte.
func matchFormASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case PyIsSpace(rune(c)):
			space = len(b) > 0
		case c < 0x20 || c == 0x7f: // Cc
		default:
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, c)
		}
	}
	return string(b)
}

// dropped reports whether step 2 of MatchForm removes r (r is not white
// space).
func dropped(r rune) bool {
	switch {
	case r < 0x80:
		return r < 0x20 || r == 0x7f
	case r < 0xA0:
		return true // C1 controls
	case r < 0x600:
		return r == 0xAD // Latin to Armenian and Hebrew: the soft hyphen only
	case r >= 0x2070 && r < 0xFEFF:
		return false // no Cf or Cc from superscripts to the CJK and Hangul blocks
	}
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r)
}

// PyIsSpace is Python's str.isspace for one character, the white space of
// str.split(): general category Zs, or bidirectional class WS, B or S.
// It differs from unicode.IsSpace in U+001C..U+001F (bidi class B and S),
// which Python counts as white space and Go does not. The set has been
// the same in every Unicode version since 6.3 (when U+180E left Zs).
func PyIsSpace(r rune) bool {
	switch {
	case r <= 0x20:
		return r == ' ' || r >= '\t' && r <= '\r' || r >= 0x1C && r <= 0x1F
	case r < 0x85:
		return false
	case r == 0x85 || r == 0xA0 || r == 0x1680 || r == 0x2028 || r == 0x2029 ||
		r == 0x202F || r == 0x205F || r == 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// perByteReplacement returns s with every byte that does not start a
// valid UTF-8 sequence replaced by U+FFFD, one for each such byte.
func perByteReplacement(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		b.WriteRune(r) // an invalid byte ranges as RuneError, width 1
	}
	return b.String()
}

// matchLines is a page in match form, built line by line so that a
// position in it can be traced back to the raw line it came from. The
// match form of a whole page equals the match forms of its non-blank
// lines joined with one space, because line endings are Python white
// space and nothing composes across them under NFC
// (TestMatchLinesWholePage checks it on the dev pages).
type matchLines struct {
	text  string
	start []int // where each line that is not blank in match form starts
	line  []int // its 1-based raw line number
}

func newMatchLines(lines []string) *matchLines {
	m := &matchLines{}
	var b strings.Builder
	for i, ln := range lines {
		f := MatchForm(ln)
		if f == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		m.start = append(m.start, b.Len())
		m.line = append(m.line, i+1)
		b.WriteString(f)
	}
	m.text = b.String()
	return m
}

// occurrences returns, for each occurrence of snippet s (in match form)
// in the page, the first and last raw line (1-based) it covers: at most
// max occurrences, in page order. Occurrences may overlap.
func (m *matchLines) occurrences(s string, max int) [][2]int {
	if s == "" {
		return nil
	}
	var out [][2]int
	for from := 0; len(out) < max; {
		i := strings.Index(m.text[from:], s)
		if i < 0 {
			break
		}
		i += from
		// A snippet in match form neither starts nor ends with the
		// space between two lines, so both ends fall inside a line.
		out = append(out, [2]int{m.lineAt(i), m.lineAt(i + len(s) - 1)})
		_, w := utf8.DecodeRuneInString(m.text[i:])
		from = i + w
	}
	return out
}

// lineAt is the raw line number of the line holding byte at of text.
func (m *matchLines) lineAt(at int) int {
	k := sort.Search(len(m.start), func(k int) bool { return m.start[k] > at }) - 1
	if k < 0 {
		return 0
	}
	return m.line[k]
}

// canonLine is a raw line in match form, with the raw bytes each of its
// bytes stands for, so that a span found in match form (a normalizer
// writes its removed spans after input hygiene) can be marked on the raw
// line. text equals MatchForm of the raw line.
type canonLine struct {
	text   string
	lo, hi []int // text[i] stands for raw[lo[i]:hi[i]]
}

// newCanonLine builds the match form of raw a normalization segment at a
// time (norm.Iter: a starter and its combining marks), so that every
// output byte maps to the raw segment it came from. A space of the match
// form stands for the whole run of raw white space and dropped
// characters between its neighbours.
func newCanonLine(raw string) canonLine {
	if isASCII(raw) {
		return canonLineASCII(raw)
	}
	return canonLineUnicode(raw)
}

// canonLineUnicode is newCanonLine for any line.
func canonLineUnicode(raw string) canonLine {
	var c canonLine
	var b []byte
	var it norm.Iter
	it.InitString(norm.NFC, raw)
	space, spLo, spHi := false, 0, 0
	for !it.Done() {
		start := it.Pos()
		seg := string(it.Next())
		end := it.Pos()
		for _, r := range seg {
			switch {
			case PyIsSpace(r):
				if len(b) > 0 {
					if !space {
						space, spLo = true, start
					}
					spHi = end
				}
			case dropped(r):
			default:
				if space {
					b = append(b, ' ')
					c.lo, c.hi = append(c.lo, spLo), append(c.hi, spHi)
					space = false
				}
				n := len(b)
				b = utf8.AppendRune(b, r) // an invalid byte ranges as RuneError, as in MatchForm
				for range len(b) - n {
					c.lo, c.hi = append(c.lo, start), append(c.hi, end)
				}
			}
		}
	}
	c.text = string(b)
	return c
}

// canonLineASCII is newCanonLine of an ASCII line, byte by byte.
func canonLineASCII(raw string) canonLine {
	c := canonLine{lo: make([]int, 0, len(raw)), hi: make([]int, 0, len(raw))}
	b := make([]byte, 0, len(raw))
	space, spLo, spHi := false, 0, 0
	for i := 0; i < len(raw); i++ {
		ch := raw[i]
		switch {
		case PyIsSpace(rune(ch)):
			if len(b) > 0 {
				if !space {
					space, spLo = true, i
				}
				spHi = i + 1
			}
		case ch < 0x20 || ch == 0x7f:
		default:
			if space {
				b = append(b, ' ')
				c.lo, c.hi = append(c.lo, spLo), append(c.hi, spHi)
				space = false
			}
			b = append(b, ch)
			c.lo, c.hi = append(c.lo, i), append(c.hi, i+1)
		}
	}
	c.text = string(b)
	return c
}

// find returns the raw byte range of the first occurrence of t (in match
// form) in the line for which free reports the raw range free, or ok
// false.
func (c canonLine) find(t string, free func(lo, hi int) bool) (lo, hi int, ok bool) {
	if t == "" {
		return 0, 0, false
	}
	for from := 0; from+len(t) <= len(c.text); {
		i := strings.Index(c.text[from:], t)
		if i < 0 {
			break
		}
		i += from
		lo, hi = c.lo[i], c.hi[i+len(t)-1]
		if free(lo, hi) {
			return lo, hi, true
		}
		from = i + 1
	}
	return 0, 0, false
}

package normalize

import (
	"strings"
	"unicode/utf8"
)

// Hand-written checks for line shapes the classifier asks about on
// every line. They were regular expressions; the backtracking matcher
// was the largest single cost of normalization (docs/RULES.md, speed).
// shape_test.go checks them against those expressions.

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// hasPrefixFold reports whether s starts with the ASCII lower-case
// prefix p, ignoring ASCII case.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}

// notHeadlineWords start bylines and date lines.
var notHeadlineWords = [...]string{"by", "posted", "published", "updated", "last updated", "written by"}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// monthInitial are the first letters of months.
var monthInitial = func() (t [256]bool) {
	for _, m := range months {
		t[m[0]] = true
	}
	return t
}()

// notHeadline reports whether s is a byline, a date line or holds a time
// stamp, which sit where headlines do but are not titles: it starts with
// one of notHeadlineWords as a word, or holds a date ("Nov 19, 2019",
// "November 19 2019", "2019-11-19") or a time ("9:08").
func notHeadline(s string) bool {
	for _, p := range notHeadlineWords {
		if hasPrefixFold(s, p) && (len(s) == len(p) || !isWordByte(s[len(p)])) {
			return true
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && (c < 'A' || c > 'Z') {
			continue // neither a date nor a time starts here: most bytes
		}
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		switch {
		case isDigit(c):
			if numericDateOrTime(s[i:]) {
				return true
			}
		case c >= 'A' && c <= 'Z':
			if monthDate(s[i:]) {
				return true
			}
		}
	}
	return false
}

// digits counts the ASCII digits at the start of s.
func digits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// endsWord reports whether position i of s is a word boundary after a
// word character.
func endsWord(s string, i int) bool { return i == len(s) || !isWordByte(s[i]) }

// numericDateOrTime matches "YYYY-MM-DD" or "H:MM"/"HH:MM" at the start
// of s, followed by a word boundary.
func numericDateOrTime(s string) bool {
	d := digits(s)
	switch {
	case d == 4:
		return len(s) >= 10 && s[4] == '-' && digits(s[5:]) == 2 && s[7] == '-' && digits(s[8:]) >= 2 && endsWord(s, 10)
	case d == 1 || d == 2:
		return len(s) > d+2 && s[d] == ':' && digits(s[d+1:]) >= 2 && endsWord(s, d+3)
	}
	return false
}

// monthDate matches "Nov 19, 2019", "November 19 2019", "Sept. 3, 2019"
// at the start of s, followed by a word boundary.
func monthDate(s string) bool {
	if len(s) < 3 || !monthInitial[s[0]] {
		return false // most capitals start no month
	}
	ok := false
	for _, m := range months {
		if len(s) >= 3 && s[:3] == m {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	i := 3
	for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
	}
	if i >= len(s) || s[i] != ' ' {
		return false
	}
	i++
	d := digits(s[i:])
	if d < 1 || d > 2 {
		return false
	}
	i += d
	if i < len(s) && s[i] == ',' {
		i++
	}
	if i >= len(s) || s[i] != ' ' {
		return false
	}
	i++
	return digits(s[i:]) == 4 && endsWord(s, i+4)
}

// A line reads as program code or a console session rather than text
// or furniture (features.code) when it starts with a prompt (">>>",
// "$ ", "...") or holds at least three marks that prose and menus
// rarely hold — brackets and braces around an identifier, "=" between
// names, ";" at an end, "->", "=>", "::", "==", "!=", "&&", "||", a
// dotted call "a.b(". A line of code inside an article says nothing of
// itself (it has no stop words), so the smoothing decides it by the
// prose around it. scanLine counts the marks (codeMark) as it reads the
// line for other features.

// codePrompt reports whether s starts with a prompt.
func codePrompt(s string) bool {
	for _, p := range [...]string{">>> ", "$ ", "... ", "# ", "PS> ", "C:\\>"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// codeMark reports the mark of code that starts at s[i], i+1 < len(s):
// n is 1 for a mark, and two reports that the mark takes s[i+1] too, so
// that no mark starts there.
func codeMark(s string, i int) (n int, two bool) {
	c, d := s[i], s[i+1]
	switch {
	case c == ' ':
		if d == '=' && i+2 < len(s) && s[i+2] == ' ' {
			return 1, false
		}
	case c == '(' && d == ')', c == '{' || c == '}', c == ';' && (d == ' ' || i+2 == len(s)):
		return 1, false
	case c == '=' && (d == '=' || d == '>'), c == '!' && d == '=', c == '-' && d == '>',
		c == ':' && d == ':', c == '&' && d == '&', c == '|' && d == '|':
		return 1, true
	case c == '.' && i > 0 && isWordByte(s[i-1]) && isWordByte(d):
		// a.b: count it when a call follows
		j := i + 1
		for j < len(s) && isWordByte(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '(' {
			return 1, false
		}
	case c == '_' && i > 0 && isWordByte(s[i-1]) && isWordByte(d):
		return 1, false // snake_case
	}
	return 0, false
}

// socialNames are the names of the networks and actions of a share bar.
// They are brand names and the same in every language, which is what
// makes a share bar a marker of the end of an article on any page.
var socialNames = map[string]bool{
	"facebook": true, "twitter": true, "linkedin": true, "pinterest": true, "whatsapp": true,
	"reddit": true, "xing": true, "telegram": true, "tumblr": true, "flipboard": true,
	"instagram": true, "youtube": true, "google+": true, "pocket": true, "buffer": true,
	"e-mail": true, "email": true, "mail": true, "messenger": true, "vk": true, "weibo": true,
	"wechat": true, "line": true, "threema": true, "mastodon": true, "bluesky": true, "x": true,
	"tiktok": true, "snapchat": true, "rss": true, "print": true, "sms": true,
}

// socialLine reports whether a line is a share bar, or part of one: at
// most eight words, at least two of them (or its only word) the names
// of networks (socialNames).
func socialLine(lower string, words int) bool {
	if words == 0 || words > 8 {
		return false
	}
	n := 0
	for w := range strings.FieldsSeq(lower) {
		if w = socialTrim.trim(w); socialShapes.has(w) && socialNames[w] {
			if n++; n >= 2 {
				return true
			}
		}
	}
	return words == 1 && n == 1
}

// wordShapes is a set of words' shapes — length, first and last byte —
// that a word must have to be one of a few words: a test that turns
// most words away before they are hashed for a map.
type wordShapes [1 << 16 / 64]uint64

func shapeOf(w string) uint16 {
	if w == "" {
		return 0
	}
	return uint16(len(w)&0x3f)<<10 ^ uint16(w[0])<<5 ^ uint16(w[len(w)-1])
}

func newWordShapes[V any](words map[string]V) *wordShapes {
	s := new(wordShapes)
	for w := range words {
		k := shapeOf(w)
		s[k/64] |= 1 << (k % 64)
	}
	return s
}

// has reports whether a word of w's shape is in the set.
func (s *wordShapes) has(w string) bool {
	k := shapeOf(w)
	return s[k/64]&(1<<(k%64)) != 0
}

// socialShapes are the shapes of socialNames.
var socialShapes = newWordShapes(socialNames)

// socialTrim are the marks socialLine trims from a word.
var socialTrim = newCutset(",.|:;·•()[]!")

// cutset is strings.Trim's cutset with its ASCII marks in a table, so
// that a word that starts and ends in ASCII outside the cutset, as
// nearly every word does, is returned without Trim's search of the
// cutset, which for a cutset with non-ASCII marks decodes every rune.
type cutset struct {
	marks string
	ascii [utf8.RuneSelf]bool
}

func newCutset(marks string) *cutset {
	c := &cutset{marks: marks}
	for i := 0; i < len(marks); i++ {
		if b := marks[i]; b < utf8.RuneSelf {
			c.ascii[b] = true
		}
	}
	return c
}

// trim is strings.Trim(w, c.marks).
func (c *cutset) trim(w string) string {
	if w == "" {
		return w
	}
	if a, z := w[0], w[len(w)-1]; a < utf8.RuneSelf && z < utf8.RuneSelf && !c.ascii[a] && !c.ascii[z] {
		return w
	}
	return strings.Trim(w, c.marks)
}

// trimRight is strings.TrimRight(w, c.marks).
func (c *cutset) trimRight(w string) string {
	if w == "" {
		return w
	}
	if z := w[len(w)-1]; z < utf8.RuneSelf && !c.ascii[z] {
		return w
	}
	return strings.TrimRight(w, c.marks)
}

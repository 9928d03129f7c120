package normalize

import (
	"strings"
	"unicode"
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

// bylineWords start an author line.
var bylineWords = [...]string{"by", "written by", "posted by", "words by", "story by", "reporting by"}

// isByline reports whether s is an author line: "By Jane Doe",
// "Written by …": one of bylineWords, spaces, an upper-case letter.
func isByline(s string) bool {
	for _, p := range bylineWords {
		if !hasPrefixFold(s, p) {
			continue
		}
		i := len(p)
		j := i
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\f' || s[j] == '\r') {
			j++
		}
		if j > i && j < len(s) && startsUpper(s[j:]) {
			return true
		}
	}
	return false
}

func startsUpper(s string) bool {
	if c := s[0]; c < 0x80 {
		return c >= 'A' && c <= 'Z'
	}
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

// notHeadlineWords start bylines and date lines.
var notHeadlineWords = [...]string{"by", "posted", "published", "updated", "last updated", "written by"}

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

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

// codeLike reports whether s reads as a line of program code or a
// console session rather than text or furniture: a prompt at its start
// (">>>", "$ ", "...") or at least three marks that prose and menus
// rarely hold — brackets and braces around an identifier, "=" between
// names, ";" at an end, "->", "=>", "::", "==", "!=", "&&", "||", a
// dotted call "a.b(". A line of code inside an article says nothing of
// itself (it has no stop words), so the smoothing decides it by the
// prose around it.
func codeLike(s string) bool {
	for _, p := range [...]string{">>> ", "$ ", "... ", "# ", "PS> ", "C:\\>"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	marks := 0
	for i := 0; i+1 < len(s); i++ {
		c, d := s[i], s[i+1]
		switch {
		case c == '(' && d == ')', c == '{' || c == '}', c == ';' && (d == ' ' || i+2 == len(s)):
			marks++
		case c == '=' && (d == '=' || d == '>'), c == '!' && d == '=', c == '-' && d == '>',
			c == ':' && d == ':', c == '&' && d == '&', c == '|' && d == '|':
			marks++
			i++
		case c == ' ' && d == '=' && i+2 < len(s) && s[i+2] == ' ':
			marks++
		case c == '.' && i > 0 && isWordByte(s[i-1]) && isWordByte(d):
			// a.b: count it when a call or another mark follows
			j := i + 1
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '(' {
				marks++
			}
		case c == '_' && i > 0 && isWordByte(s[i-1]) && isWordByte(d):
			marks++ // snake_case
		}
	}
	return marks >= 3
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
		if socialNames[strings.Trim(w, ",.|:;·•()[]!")] {
			n++
		}
	}
	return n >= 2 || words == 1 && n == 1
}

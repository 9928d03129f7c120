package normalize

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The obvious versions of the line checks that measure asks of every
// line, as they were before they were made cheap (docs/BENCHMARKS.md,
// "Normalizer speed, rules 2.0.0"). linecheck_test.go holds the fast
// versions to these on every line of the seeds and both dev sets and on
// fuzzed cleaned lines.

func shapeMaskRef(s string) uint16 {
	var m uint16
	if s != "" && isDigit(s[0]) {
		m |= 1024
	}
	for _, mark := range []struct {
		chars string
		bit   uint16
	}{{"0123456789", 1}, {":", 2}, {"-–—", 4}, {"@", 8}, {"()", 16}, {"|", 32}, {"/", 64}, {"$", 128}, {"%", 256}, {"#", 512}} {
		if strings.ContainsAny(s, mark.chars) {
			m |= mark.bit
		}
	}
	return m
}

func countSepsRef(lower string) int {
	n := 0
	for _, w := range strings.Split(lower, " ") {
		switch w {
		case "|", "»", "›", "•", "·", "/", "-", "–", "—":
			n++
		}
	}
	return n
}

func codeLikeRef(s string) bool {
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
			j := i + 1
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			if j < len(s) && s[j] == '(' {
				marks++
			}
		case c == '_' && i > 0 && isWordByte(s[i-1]) && isWordByte(d):
			marks++
		}
	}
	return marks >= 3
}

func socialLineRef(lower string, words int) bool {
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

func stampLineRef(li *lineInfo) bool {
	if li.words > 12 || len(li.text) > 90 {
		return false
	}
	anchor, other, month, num := false, 0, false, false
	for w := range strings.FieldsSeq(li.lower) {
		w = strings.Trim(w, ",.|-–—•·()[]")
		if w == "" {
			continue
		}
		switch {
		case stampWords[w]:
			if w == "ago" {
				anchor = true
			}
			if len(w) >= 3 && monthWord(w) {
				month = true
			}
		case isNumberish(w):
			num = true
			if strings.Contains(w, ":") || len(w) == 10 && w[4] == '-' && w[7] == '-' {
				anchor = true
			}
		default:
			other++
		}
	}
	if month && num {
		anchor = true
	}
	return anchor && other <= 3
}

func commentMarkerRef(li *lineInfo) bool {
	s := strings.TrimSpace(li.lower)
	if li.words <= 6 && (strings.HasSuffix(s, " says:") || strings.HasSuffix(s, " wrote:")) {
		return true
	}
	if li.words > 4 {
		return false
	}
	switch s {
	case "reply", "like", "report", "flag", "permalink", "report abuse", "reply report", "like reply",
		"reply like", "share reply", "load more replies", "view replies", "hide replies":
		return true
	}
	f := strings.Fields(strings.TrimPrefix(s, "rating:"))
	if len(f) == 2 && isNumberish(strings.TrimLeft(f[0], "+-")) {
		switch strings.TrimRight(f[1], ":") {
		case "points", "point", "likes", "like", "votes", "vote", "replies", "reply", "upvotes", "recommends":
			return true
		}
	}
	return false
}

func furnitureHeadingRef(s string, headings headingSet) bool {
	if len(strings.Fields(s)) > 7 {
		return false
	}
	l := strings.ToLower(strings.TrimRight(s, " :»›>…."))
	if first, rest, ok := strings.Cut(l, " "); ok && digits(first) == len(first) {
		second, _, _ := strings.Cut(rest, " ")
		switch second {
		case "comments", "comment", "responses", "response", "replies", "reactions", "thoughts",
			"kommentare", "kommentar", "commentaires", "commentaire", "comentarios", "comentario",
			"commenti", "commento", "komentarzy", "komentarze", "komentarz", "comentários",
			"comentário", "reacties", "reactie", "antworten":
			return true
		}
	}
	for _, h := range headings.byFirst[headingKey(l)] {
		if strings.HasPrefix(l, h) && (len(l) == len(h) || !isWordByte(l[len(h)])) {
			return true
		}
	}
	return false
}

func authorBioRef(li *lineInfo, roles []string) bool {
	if li.words > 90 {
		return false
	}
	l := li.lower
	if !strings.HasPrefix(l, "follow ") && !strings.Contains(l, " is ") && !strings.Contains(l, " was ") &&
		!strings.Contains(l, " has been ") && !strings.Contains(l, " joined ") && !strings.Contains(l, " covers ") {
		return false
	}
	if strings.HasPrefix(l, "follow ") && li.words <= 12 && (strings.Contains(l, "twitter") || strings.Contains(l, "@")) {
		return true
	}
	f := strings.Fields(li.text)
	name := 0
	for name < len(f) && name < 5 {
		r, _ := utf8.DecodeRuneInString(f[name])
		if !unicode.IsUpper(r) {
			break
		}
		name++
	}
	if name > 0 && name < len(f) && strings.HasPrefix(f[name], "(") && strings.HasSuffix(f[name], ")") && len(f[name]) > 2 && strings.Contains(f[name][1:], "@") {
		f = slices.Delete(f, name, name+1) // a contact between the name and the verb
	}
	if name == 0 || name > 4 || name+2 >= len(f) {
		return false
	}
	verb := strings.ToLower(f[name] + " " + f[name+1])
	switch verb {
	case "is a", "is an", "is the", "was a", "was an", "has been", "joined", "covers":
	default:
		if strings.ToLower(f[name]) != "joined" && strings.ToLower(f[name]) != "covers" {
			return false
		}
	}
	for w := range strings.FieldsSeq(l) {
		w = strings.Trim(w, ",.;:()")
		for _, r := range roles {
			if w == r {
				return true
			}
		}
	}
	return false
}

func headlineShapedRef(li *lineInfo) bool {
	if li.words < 3 || li.words > 20 || utf8.RuneCountInString(li.text) > 160 {
		return false
	}
	switch lastRune(strings.TrimRight(li.text, "\"'”’»)]")) {
	case '.', '…', ',', ';', ':', '-', '–', '—', '|':
		return false
	case '?', '!':
		if li.words > 12 {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(li.text)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune("\"'‘“", first)) {
		return false
	}
	return !notHeadline(li.text)
}

func (m *metadataParams) bylineRef(s string) []string {
	if len(strings.Fields(s)) > m.BylineWords {
		return nil
	}
	rest := ""
	lower := strings.ToLower(s)
	for _, p := range m.BylinePrefixes {
		if strings.HasPrefix(lower, p) && len(s) > len(p) && (s[len(p)] == ' ' || strings.HasSuffix(p, ":")) {
			rest = strings.TrimSpace(s[len(p):])
			break
		}
	}
	if rest == "" {
		return nil
	}
	return m.names(rest)
}

func gluedTeaserRef(text string, runes int) bool {
	if runes < 60 {
		return false
	}
	for i := 1; i+1 < len(text); i++ {
		c := text[i]
		if c < 'A' || c > 'Z' {
			continue
		}
		p := text[i-1]
		switch {
		case p >= 'a' && p <= 'z' || p >= '0' && p <= '9':
			ws := strings.LastIndexByte(text[:i], ' ') + 1
			if n := text[i+1]; (n == ' ' || n >= 'a' && n <= 'z') && titleCaseRef(text[:ws+1]) {
				return true
			}
		case p == ' ' && i >= 2 && !strings.ContainsRune(".!?:", rune(text[i-2])):
			j := i
			for j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || text[j] == ' ' || text[j] == '.' || text[j] == '-') {
				j++
			}
			if j-i >= 3 && j+2 < len(text) && text[j] == ':' && text[j+1] == ' ' && text[j+2] >= 'A' && text[j+2] <= 'Z' &&
				text[j-1] != ' ' && headlineBeforeRef(strings.TrimRight(text[:i], " ")) {
				return true
			}
		}
	}
	return false
}

func headlineBeforeRef(s string) bool {
	if len(strings.Fields(s)) < 3 || strings.ContainsAny(s, ".!?") && strings.Contains(s, ". ") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '‘' && r != '\'' && r != '"' && r != '“' {
		return false
	}
	return strings.ToUpper(s) != s
}

func titleCaseRef(s string) bool {
	if !headlineBeforeRef(s) {
		return false
	}
	long := 0
	for w := range strings.FieldsSeq(s) {
		if len(w) < 4 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !unicode.IsPunct(r) && r != '$' {
			return false
		}
		long++
	}
	return long >= 3
}

func (m *metadataParams) updateWordRef(toks []string, i int) bool {
	for _, u := range m.UpdateWords {
		w := strings.Fields(u)
		if i+len(w) > len(toks) {
			continue
		}
		ok := true
		for k, x := range w {
			if strings.Trim(toks[i+k], ":.") != x {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

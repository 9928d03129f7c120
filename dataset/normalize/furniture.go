package normalize

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Page furniture written as prose, found by its shape (part of step 2
// of the classifier; docs/RULES.md): reader comments, teaser lists,
// headings of other stories, author bios. They read like article text,
// so their shape, not their words, gives them away. Each detector looks
// for a general shape, never a site's wording:
//
//   - a stamp cluster: StampRun or more meta lines (a bare date or time
//     stamp, "2 hours ago", "name says:", "Reply", "Rating: 9 Votes"),
//     each at most StampGap lines from the next. An article carries one
//     stamp near its top; lists of comments and of teasers carry one per
//     item. The cluster, with the lines each item has above its stamp,
//     is furniture: "classifier:comments" when it holds a comment
//     marker, else "classifier:teaser-list". The article's own stamp,
//     with paragraphs after it, is not an item of the list below.
//   - a furniture heading ("Related stories", "Most popular", "Leave a
//     reply", "Ähnliche Artikel", FurnitureHeadings, in the main
//     European languages): furniture itself, and a marker of the end of
//     the article (endmark.go).
//   - an author bio ("Jane Doe is a reporter at …", "Follow her on
//     Twitter"): "classifier:author-bio".

// region is a span of lines a detector marked as furniture.
type region struct {
	rule, why string
}

// stampWords are the words a bare date or time stamp is made of, besides
// numbers.
var stampWords = map[string]bool{
	"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true,
	"apr": true, "april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true,
	"aug": true, "august": true, "sep": true, "sept": true, "september": true, "oct": true,
	"october": true, "nov": true, "november": true, "dec": true, "december": true,
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true,
	"wednesday": true, "thu": true, "thurs": true, "thursday": true, "fri": true, "friday": true,
	"sat": true, "saturday": true, "sun": true, "sunday": true,
	"am": true, "pm": true, "a.m": true, "p.m": true, "at": true, "on": true, "ago": true,
	"gmt": true, "utc": true, "est": true, "edt": true, "cst": true, "cdt": true, "pst": true,
	"pdt": true, "bst": true, "cet": true, "ist": true, "et": true, "pt": true,
	"second": true, "seconds": true, "sec": true, "secs": true, "minute": true, "minutes": true,
	"min": true, "mins": true, "hour": true, "hours": true, "hr": true, "hrs": true, "day": true,
	"days": true, "week": true, "weeks": true, "month": true, "months": true, "year": true,
	"years": true, "yesterday": true, "today": true, "just": true, "now": true,
	"updated": true, "posted": true, "published": true,
}

// stampLine reports whether s is a date or time stamp with at most three
// other words (an author name): "November 19, 2019 at 6:34 am",
// "2 days ago at 07:50 am", "32M ago", "Tuesday November 19, 2019",
// "by Surur on November 19, 2019".
func stampLine(li *lineInfo) bool {
	if li.words > 12 || len(li.text) > 90 {
		return false
	}
	if !hasDigit(li.text) && !strings.Contains(li.lower, "ago") {
		return false // every anchor is a number, or "ago"
	}
	anchor, other, month, num := false, 0, false, false
	for w := range strings.FieldsSeq(li.lower) {
		w = stampTrim.trim(w)
		if w == "" {
			continue
		}
		switch {
		case stampShapes.has(w) && stampWords[w]:
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
			if other++; other > 3 {
				return false // the rest cannot make it a stamp
			}
		}
	}
	if month && num {
		anchor = true
	}
	return anchor
}

// stampShapes are the shapes of stampWords.
var stampShapes = newWordShapes(stampWords)

// stampTrim are the marks stampLine trims from a word.
var stampTrim = newCutset(",.|-–—•·()[]")

// lowerMonths are months in lower case.
var lowerMonths = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

func monthWord(w string) bool {
	for _, m := range lowerMonths {
		if strings.HasPrefix(w, m) && stampWords[w] && !strings.HasPrefix(w, "mon") {
			return true
		}
	}
	return false
}

// isNumberish is a number, a time ("9:08", "07:50"), an ISO date, an
// ordinal ("19th") or a compact age ("32m", "2h", "1d", "gmt1").
func isNumberish(w string) bool {
	d := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case isDigit(c):
			d++
		case c == ':' || c == '-' || c == '/':
		default:
			rest := w[i:]
			if d == 0 && strings.HasPrefix(w, "gmt") {
				return digits(w[3:]) > 0
			}
			return d > 0 && (rest == "st" || rest == "nd" || rest == "rd" || rest == "th" ||
				rest == "m" || rest == "h" || rest == "d" || rest == "w" || rest == "y" || rest == "s" ||
				rest == "am" || rest == "pm" || rest == "mins" || rest == "hrs")
		}
	}
	return d > 0
}

// commentMarker reports whether s is a line of a reader comment's
// furniture: "jane says:", "Reply", "Like", "Report", "12 points",
// "Rating: 9 Votes".
func commentMarker(li *lineInfo) bool {
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
	// Two words, "12 points", "rating: 9 votes": cut at the one space
	// (a cleaned line has single spaces).
	first, second, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(s, "rating:")), " ")
	if ok && first != "" && second != "" && strings.IndexByte(second, ' ') < 0 && isNumberish(strings.TrimLeft(first, "+-")) {
		switch strings.TrimRight(second, ":") {
		case "points", "point", "likes", "like", "votes", "vote", "replies", "reply", "upvotes", "recommends":
			return true
		}
	}
	return false
}

// lowerHeading reports whether a line, given in lower case
// (strings.ToLower) with its word count, is the heading of a section of
// other stories or of comments: one of headings (FurnitureHeadings) as a
// prefix, in at most 7 words.
func lowerHeading(lower string, words int, headings headingSet) bool {
	if words > 7 {
		return false
	}
	// Lower-casing changes none of the marks trimmed, and makes none.
	l := headingTrim.trimRight(lower)
	// Cleaned text has single spaces: the first two words are split at
	// the first two spaces.
	if first, rest, ok := strings.Cut(l, " "); ok && digits(first) == len(first) {
		second, _, _ := strings.Cut(rest, " ")
		switch second {
		case "comments", "comment", "responses", "response", "replies", "reactions", "thoughts",
			"kommentare", "kommentar", "commentaires", "commentaire", "comentarios", "comentario",
			"commenti", "commento", "komentarzy", "komentarze", "komentarz", "comentários",
			"comentário", "reacties", "reactie", "antworten":
			return true // "34 comments", "12 responses to …", "5 Kommentare"
		}
	}
	for _, h := range headings.byFirst[headingKey(l)] {
		if strings.HasPrefix(l, h) && (len(l) == len(h) || !isWordByte(l[len(h)])) {
			return true
		}
	}
	return false
}

// headingTrim are the marks lowerHeading trims from a line's end.
var headingTrim = newCutset(" :»›>….")

// headingSet is FurnitureHeadings indexed by their first word, so that a
// line is compared with the few headings that start like it.
type headingSet struct{ byFirst map[string][]string }

func newHeadingSet(hs []string) headingSet {
	s := headingSet{byFirst: map[string][]string{}}
	for _, h := range hs {
		k := headingKey(h)
		s.byFirst[k] = append(s.byFirst[k], h)
	}
	return s
}

// headingKey is the first word of a lower-cased line, up to the first
// ASCII byte that is not a letter, digit or underscore: a heading and a
// line it is a prefix of (with a word boundary after it) share it.
func headingKey(l string) string {
	i := 0
	for i < len(l) && (l[i] >= utf8.RuneSelf || isWordByte(l[i])) {
		i++
	}
	return l[:i]
}

// authorBio reports whether s reads as an author's bio line: a name of
// one to four capitalised words (a contact in parentheses may follow
// it), then "is a"/"is an"/"is the"/"was a", and one of roles; or an
// invitation to follow the author.
//
// The name and the verb are read from the line's first words, without
// splitting the line: nearly every line fails there. li.text is a
// cleaned line (single spaces).
func authorBio(li *lineInfo, roles []string) bool {
	if li.words > 90 {
		return false
	}
	l := li.lower
	if strings.HasPrefix(l, "follow ") && li.words <= 12 && (strings.Contains(l, "twitter") || strings.Contains(l, "@")) {
		return true
	}
	// The name: up to four capitalised words; then the verb, and the
	// word after it.
	rest, name := li.text, 0
	var verb string
	for {
		if name == min(li.words, 5) {
			return false // no verb after the name, or a name of five words
		}
		verb, rest, _ = strings.Cut(rest, " ")
		if r, _ := utf8.DecodeRuneInString(verb); !unicode.IsUpper(r) {
			break
		}
		name++
	}
	// A contact in parentheses may stand between the name and the verb:
	// "Molly Wood (@mollywood) is …", "Jeff Foust (jeff@example.com) is …".
	skip := 0
	if len(verb) > 2 && verb[0] == '(' && verb[len(verb)-1] == ')' && strings.IndexByte(verb, '@') > 0 {
		verb, rest, _ = strings.Cut(rest, " ")
		skip = 1
	}
	if name == 0 || name+skip+2 >= li.words {
		return false
	}
	next, _, _ := strings.Cut(rest, " ")
	switch {
	case lowerIs(verb, "is") && (lowerIs(next, "a") || lowerIs(next, "an") || lowerIs(next, "the")),
		lowerIs(verb, "was") && (lowerIs(next, "a") || lowerIs(next, "an")),
		lowerIs(verb, "has") && lowerIs(next, "been"),
		lowerIs(verb, "joined"), lowerIs(verb, "covers"):
	default:
		return false
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

// lowerIs reports whether strings.ToLower(w) == lower, for an ASCII
// lower without allocating when w is ASCII.
func lowerIs(w, lower string) bool {
	if len(w) != len(lower) {
		if isASCII(w) {
			return false
		}
		return strings.ToLower(w) == lower // a rune may lower to ASCII: "K" (Kelvin) is "k"
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return strings.ToLower(w) == lower
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// furniture finds stamp clusters and furniture headings. It returns
// per line the region a line belongs to (nil for none) and, per line,
// whether a furniture heading starts there: the heading line itself, or
// the line after a heading that a rule has already removed (heading[i]).
func (n *Normalizer) furniture(lines []Line, infos []*lineInfo, fs []features, heading []bool) ([]*region, []bool) {
	p := &n.rules.cls
	regions := make([]*region, len(lines))
	heads := make([]bool, len(lines))
	// Stamp clusters.
	var metas []int
	comment := make([]bool, len(lines))
	for i := range lines {
		if fs[i].comment || fs[i].stamp {
			metas = append(metas, i)
			comment[i] = fs[i].comment
		}
	}
	for a := 0; a < len(metas); {
		b := a + 1
		for b < len(metas) && metas[b]-metas[b-1] <= p.StampGap {
			b++
		}
		if b-a > p.StampRun && proseBetween(fs, metas[a], metas[a+1]) {
			a++ // the article's own stamp, above its first paragraphs, is not an item of the list below
		}
		if b-a >= p.StampRun {
			n.markCluster(lines, fs, metas[a:b], comment, regions)
		}
		a = b
	}
	markGlued(lines, fs, regions, p)
	for i := range lines {
		heads[i] = regions[i] == nil && (heading[i] || fs[i].heading || fs[i].social)
	}
	return regions, heads
}

// markCluster marks the lines of one stamp cluster, with the lines each
// item carries above its stamp (the fewest short lines found above any
// stamp of the cluster but the first, at most 2) and below the last
// stamp (the shortest item).
func (n *Normalizer) markCluster(lines []Line, fs []features, at []int, comment []bool, regions []*region) {
	p := &n.rules.cls
	above := func(s, floor int) int {
		k := 0
		for k < 2 && s-k-1 > floor && fs[s-k-1].class == cShort {
			k++
		}
		return k
	}
	pre, tail := 2, len(lines)
	for i := 1; i < len(at); i++ {
		pre = min(pre, above(at[i], at[i-1]))
	}
	for i := 1; i < len(at); i++ {
		tail = min(tail, at[i]-at[i-1]-1-pre)
	}
	tail = max(tail, 0)
	start := at[0] - above(at[0], -1)
	start = max(start, at[0]-pre)
	end := min(at[len(at)-1]+tail, len(lines)-1)
	rule, what := ruleTeasers, "teaser list"
	for _, i := range at {
		if comment[i] {
			rule, what = ruleComments, "reader comments"
			break
		}
	}
	r := &region{rule: rule, why: fmt.Sprintf("%s: %d time stamps or comment markers, each within %d lines of the next (lines %d–%d)",
		what, len(at), p.StampGap, lines[start].N, lines[end].N)}
	for k := start; k <= end; k++ {
		regions[k] = r
	}
}

// proseBetween reports whether two good lines in a row lie between lines
// a and b: an article's paragraphs, not the items of a list.
func proseBetween(fs []features, a, b int) bool {
	for k := a + 1; k+1 < b; k++ {
		if fs[k].class == cGood && fs[k+1].class == cGood {
			return true
		}
	}
	return false
}

// belowArticle reports whether line i stands where an article has ended:
// after at least EndAbove runes of running text (near-good or good of
// itself), with more of it above the line than below. A profile that
// opens an article with its subject's name and "Name is a …" is the
// article, not a bio box.
func (pg *page) belowArticle(i int) bool {
	above, below := 0, 0
	for k, f := range pg.fs {
		if f.class < cNearGood {
			continue
		}
		if k < i {
			above += f.runes
		} else if k > i {
			below += f.runes
		}
	}
	return above >= pg.p.EndAbove && above > below
}

// namedBio finds the bio box at an article's edge by its structure: a
// line that is only a name (one to four capitalised words: the box's
// heading) and, on the next line, a sentence whose subject is that name,
// whole or its first or last word, and whose verb is a bio's ("Emiliano
// Bellini" / "Emiliano joined pv magazine in 2017. He has been
// reporting …"; "Pamela Wilson" / "Pamela Wilson is an online educator
// …"; "Anna Nowak" / "Anna Nowak jest dziennikarką …"). A page that
// has two or more such pairs is a list of people (a who's who, a
// team page, a listicle of profiles), not a bio: it returns ok only for
// exactly one pair.
func namedBio(infos []*lineInfo, fs []features) (name, bio int, ok bool) {
	found := 0
	for i := 0; i+1 < len(infos); i++ {
		if !bareName(infos[i], fs[i]) || !aboutName(infos[i].text, infos[i+1], fs[i+1]) {
			continue
		}
		if found++; found > 1 {
			return 0, 0, false
		}
		name, bio = i, i+1
	}
	return name, bio, found == 1
}

// bareName reports whether a line is only a person's name: two to four
// words (a given name and a surname; one word alone is more often a
// sub-heading naming a topic: "Python", "Emden"), each starting with an
// upper-case letter and made of letters, hyphens, apostrophes and
// initials' periods, with a lower-case letter unless it is an initial
// ("J."), and no stop word of the page's language ("About Python"),
// under 50 runes.
func bareName(li *lineInfo, f features) bool {
	if li.words < 2 || li.words > 4 || f.runes >= 50 || f.stops > 0 {
		return false
	}
	for w := range strings.FieldsSeq(li.text) {
		first, lower := true, false
		for _, r := range w {
			switch {
			case first && !unicode.IsUpper(r):
				return false
			case unicode.IsLower(r):
				lower = true
			case unicode.IsLetter(r), r == '-', r == '\'', r == '’', r == '.' && !first:
			default:
				return false
			}
			first = false
		}
		if !lower && !strings.HasSuffix(w, ".") {
			return false // an acronym, or a word in capitals: a heading, not a name
		}
	}
	return true
}

// bioVerbs are the verbs that follow the subject of a bio sentence, in
// the languages of the line rules: "is", "joined", "schreibt",
// "est", "jest" …
var bioVerbs = map[string]bool{
	"is": true, "was": true, "has": true, "joined": true, "covers": true, "writes": true, "reports": true, "works": true, "lives": true,
	"ist": true, "war": true, "schreibt": true, "arbeitet": true, "lebt": true,
	"est": true, "écrit": true, "travaille": true, "vit": true,
	"es": true, "escribe": true, "trabaja": true, "vive": true,
	"è": true, "scrive": true, "lavora": true,
	"jest": true, "pisze": true, "pracuje": true,
	"é": true, "escreve": true, "trabalha": true,
	"schrijft": true, "werkt": true, "woont": true,
}

// aboutName reports whether li is a sentence of at least six words
// whose subject is name (whole, or its first or last word) and whose
// verb is one of bioVerbs.
func aboutName(name string, li *lineInfo, f features) bool {
	if li.words < 6 || !f.term {
		return false
	}
	first, _, _ := strings.Cut(name, " ")
	last := name[strings.LastIndexByte(name, ' ')+1:]
	for _, subject := range []string{name, first, last} {
		rest, ok := strings.CutPrefix(li.text, subject+" ")
		if !ok {
			continue
		}
		verb, _, _ := strings.Cut(rest, " ")
		if bioVerbs[strings.ToLower(verb)] {
			return true
		}
	}
	return false
}

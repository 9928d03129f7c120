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
	f := strings.Fields(strings.TrimPrefix(s, "rating:"))
	if len(f) == 2 && isNumberish(strings.TrimLeft(f[0], "+-")) {
		switch strings.TrimRight(f[1], ":") {
		case "points", "point", "likes", "like", "votes", "vote", "replies", "reply", "upvotes", "recommends":
			return true
		}
	}
	return false
}

// furnitureHeading reports whether s is the heading of a section of
// other stories or of comments, one of headings (FurnitureHeadings) as a
// prefix, in at most 7 words.
func furnitureHeading(s string, headings headingSet) bool {
	if countWords(s) > 7 {
		return false
	}
	l := strings.TrimRight(s, " :»›>….")
	if !isLowerASCII(l) {
		l = strings.ToLower(l)
	}
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

// isLowerASCII reports whether s is ASCII without capitals, so that
// strings.ToLower would return it unchanged.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// authorBio reports whether s reads as an author's bio line: a name of
// one to four capitalised words, then "is a"/"is an"/"is the"/"was a",
// and one of roles; or an invitation to follow the author.
func authorBio(li *lineInfo, roles []string) bool {
	if li.words > 90 {
		return false
	}
	l := li.lower
	// Every bio has one of these after the name: a cheap test first.
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

package contrib

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/dedup"
)

// htmlTag matches a tag of an element that occurs in article markup. A
// bare "<" or ">" (arithmetic, "<3") does not match: the name must be a
// known element.
var htmlTag = regexp.MustCompile(`(?i)</?(?:a|abbr|article|aside|b|blockquote|body|br|button|caption|cite|code|div|em|figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|label|li|link|meta|nav|noscript|ol|p|picture|pre|script|section|source|span|strong|style|sub|sup|svg|table|tbody|td|th|thead|title|tr|u|ul|video)(?:\s[^<>]*)?/?>`)

// htmlEntity matches a character reference that a browser would have
// decoded: the common named ones and any numeric one.
var htmlEntity = regexp.MustCompile(`&(?:amp|lt|gt|quot|apos|nbsp|ndash|mdash|lsquo|rsquo|ldquo|rdquo|sbquo|bdquo|hellip|copy|reg|trade|deg|middot|bull|laquo|raquo|shy|zwj|zwnj|eacute|egrave|aacute|agrave|uuml|ouml|auml|ccedil|ntilde|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});`)

// mojibake matches UTF-8 read as Windows-1252 or Latin-1: "â€" then the
// Windows-1252 reading of a third byte (’ “ ” – — … •), "Ã" or "Â" then
// a character from a UTF-8 continuation byte, and U+FFFD, which a
// decoder leaves where it gave up.
var mojibake = regexp.MustCompile("â€[\u2122\u0153\u009d\u201d\u201c\u02dc\u0098\u0099\u00a6\u0094\u0093\u2013\u2014\u201a\u0161\u00a2\u00b9\u00ba]|Ã[\u00a0-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]|Â[\u00a0-\u00bf]|\ufffd")

// locator gives the location of line k (1-based) of a record's text.
type locator func(k int) (report.Problem, string)

// checkContent reports suspicious content in a normalized text whose
// language is tl (see checkLanguage).
func (c *Checker) checkContent(rep *report.Report, text string, tl textLang, loc locator) {
	lines := strings.Split(text, "\n")
	for _, k := range []struct {
		code report.Code
		res  []*regexp.Regexp
		what string
		fix  string
	}{
		{report.HTMLLeftover, []*regexp.Regexp{htmlTag, htmlEntity}, "HTML", "extract the text from the HTML, not its source"},
		{report.Mojibake, []*regexp.Regexp{mojibake}, "mojibake", "the text was decoded with the wrong charset; re-extract it as UTF-8"},
	} {
		n := 0
		for i, l := range lines {
			var m string
			for _, re := range k.res {
				if m = re.FindString(l); m != "" {
					break
				}
			}
			if m == "" {
				continue
			}
			if n++; n > maxPerKind {
				continue
			}
			p, where := loc(i + 1)
			rep.Addf(p, k.code, "%s%s %q: %s", where, k.what, m, k.fix)
		}
		if n > maxPerKind {
			p, _ := loc(0)
			rep.Addf(p, k.code, "%d more lines like it not listed", n-maxPerKind)
		}
	}
	p, _ := loc(0)
	if n := CountProse(text); n < MinProseWords {
		rep.Addf(p, report.NoProse, "%d words of prose, fewer than the %d of an article (prose: lines of at least %d words that hold the end of a sentence): this is not an article — a caption, a teaser, a menu or a list?",
			n, MinProseWords, dedup.MinProseWords)
		return
	}
	if n := len(dedup.Words(text)); n < c.opts.MinWords {
		rep.Addf(p, report.TooShort, "the text has %d words, fewer than the %d of an article: is it a teaser, a caption or an index page?", n, c.opts.MinWords)
	}
	c.checkLanguage(rep, p, tl)
}

// rawLines maps the lines of a record's text back to the raw lines they
// came from. Each text line is a piece of a cleaned line, in order, so a
// forward scan finds it. k = 0 is the document as a whole.
func rawLines(cleaned []normalize.Line, text string, at report.Problem) locator {
	textLines := strings.Split(text, "\n")
	raw := make([]int, len(textLines))
	j := 0
	for i, t := range textLines {
		if t == "" {
			continue
		}
		for k := j; k < len(cleaned); k++ {
			if strings.Contains(cleaned[k].Text, t) {
				raw[i], j = cleaned[k].N, k+1
				break
			}
		}
	}
	return func(k int) (report.Problem, string) {
		p := at
		if k >= 1 && k <= len(raw) && raw[k-1] > 0 {
			p.Line = raw[k-1]
			return p, ""
		}
		if k >= 1 {
			return p, fmt.Sprintf("text line %d: ", k)
		}
		return p, ""
	}
}

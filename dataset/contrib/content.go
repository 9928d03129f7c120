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

// englishStopWords are frequent English function words. Their share of
// a text's words is about 0.4 in English news prose and near 0 in most
// other languages; see MinEnglishShare.
var englishStopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about after all also an and any are as at be been but by can could did
		do does for from had has have he her his how i if in into is it its just may more most no not of on
		one only or other our out over said says she so some than that the their them then there these they
		this to up was we were what when which who will with would you your`) {
		m[w] = true
	}
	return m
}()

const (
	// MinEnglishShare is the share of English stop words below which a
	// text is reported as not English. The lowest share on the dev set's
	// 153 English pages (normalized) is far above it; see
	// docs/CONTRIBUTING.md.
	MinEnglishShare = 0.15
	// minWordsForLanguage is the fewest words the language check judges.
	minWordsForLanguage = 30
)

// locator gives the location of line k (1-based) of a record's text.
type locator func(k int) (report.Problem, string)

// checkContent reports suspicious content in a normalized text.
func (c *Checker) checkContent(rep *report.Report, text string, loc locator) {
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
	words := dedup.ProseWords(text)
	p, _ := loc(0)
	if n := CountProse(text); n < MinProseWords {
		rep.Addf(p, report.NoProse, "%d words of prose, fewer than the %d of an article (prose: lines of at least %d words that hold the end of a sentence): this is not an article — a caption, a teaser, a menu or a list?",
			n, MinProseWords, dedup.MinProseWords)
		return
	}
	if n := len(dedup.Words(text)); n < c.opts.MinWords {
		rep.Addf(p, report.TooShort, "the text has %d words, fewer than the %d of an article: is it a teaser, a caption or an index page?", n, c.opts.MinWords)
	}
	if len(words) >= minWordsForLanguage {
		if share := EnglishShare(words); share < MinEnglishShare {
			rep.Addf(p, report.NotEnglish, "only %.0f%% of the words are common English words (want %.0f%%): the dataset is English", 100*share, 100*MinEnglishShare)
		}
	}
}

// EnglishShare is the share of words that are English stop words. The
// checker passes it the words of the prose lines (dedup.ProseWords), so
// that navigation left in a text does not dilute it.
func EnglishShare(words []string) float64 {
	if len(words) == 0 {
		return 0
	}
	n := 0
	for _, w := range words {
		if englishStopWords[w] {
			n++
		}
	}
	return float64(n) / float64(len(words))
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

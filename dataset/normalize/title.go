package normalize

import (
	"strings"
	"unicode"

	"github.com/quire-archive/quire/internal/lang"
)

// The title (docs/RULES.md, "The title"): a headline-shaped line above
// where the article's text starts, that shares words with the start of
// the text, or is followed by a byline or a date; never a sentence
// promoted. The candidates are lines the classifier would remove anyway,
// so that the record's text, normalized again, holds no line that could
// become a title: normalization stays idempotent.

// pickTitle finds the headline among the lines above the body: a
// headline-shaped line, preferring one that shares words with the start
// of the body, is followed by a byline or a date, and is not one of a
// run of headline-shaped lines (a related-stories list). It returns -1
// when no line is convincing.
func (n *Normalizer) pickTitle(lines []Line, infos []*lineInfo, fs []features, start int, set *lang.Set, cand func(int) bool) int {
	p := &n.rules.cls
	// The candidates' content words are gathered first: there are a few
	// short candidates and a lead of hundreds of words, so the lead is
	// then scanned once against the candidates' words instead of being
	// put into a set of its own.
	lo := max(0, start-p.TitleWindow)
	var words []string // content words of every candidate, in order
	ends := make([]int, start-lo)
	inLead := map[string]bool{}
	for i := lo; i < start; i++ {
		if fs[i].headline && cand(i) {
			for w := range strings.FieldsSeq(infos[i].lower) {
				w = trimAlnum(w)
				if len(w) >= 3 && !set.Has(w) {
					words = append(words, w)
					inLead[w] = false
				}
			}
		}
		ends[i-lo] = len(words)
	}
	if len(words) == 0 {
		return -1
	}
	for k, size := start, 0; k < len(lines) && size < p.TitleLeadBytes; k++ {
		for w := range strings.FieldsSeq(infos[k].lower) {
			if w = trimAlnum(w); len(w) >= 3 {
				if _, ok := inLead[w]; ok {
					inLead[w] = true
				}
			}
		}
		size += len(infos[k].text)
	}
	best, bestScore := -1, 0.0
	for i, from := lo, 0; i < start; i++ {
		cw := words[from:ends[i-lo]]
		from = ends[i-lo]
		if len(cw) < p.TitleWords {
			continue // a menu entry or a label, not a headline
		}
		shared := 0
		for _, w := range cw {
			if inLead[w] {
				shared++
			}
		}
		score := float64(shared) / float64(len(cw))
		for k := i + 1; k <= i+3 && k < start; k++ {
			if n.metaLine(lines[k].Text) || notHeadline(lines[k].Text) {
				score += 0.5 // a byline or a date follows
				break
			}
		}
		if i+1 < start && fs[i+1].headline && i > 0 && fs[i-1].headline {
			score -= 0.5 // inside a list of headlines
		}
		if score >= p.TitleMinScore && score >= bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// trimAlnum trims everything but letters and digits from both ends of w.
func trimAlnum(w string) string {
	if w != "" && isASCIIAlnum(w[0]) && isASCIIAlnum(w[len(w)-1]) {
		return w // the common case, without decoding runes
	}
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func isASCIIAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z'
}

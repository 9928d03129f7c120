package contrib

import (
	"strings"
	"unicode"

	"github.com/quire-archive/quire/internal/dedup"
	"github.com/quire-archive/quire/internal/lang"
)

// MinProseWords is what makes a document an article: at least this many
// words of prose (CountProse) in its normalized text. Fewer is an error
// (Q110), so punctuation, a flood of one character, a menu, a caption or
// a teaser is never added or released as an article.
//
// It was chosen from the dev sets (TestProseFloorOnDevsets; figures in
// docs/CONTRIBUTING.md): the shortest of the 153 news articles of
// ../shared/devset has 51 words of prose after normalization (its
// labelled article lines too), the shortest of the 67 English pages of
// ../shared/devset-web 87, and the shortest raw page of all 491 pages of
// devset-web, in any language, 25. At 25 — two or three sentences —
// every page of both sets is an article, with a margin of 2× on the
// English news the dataset holds, while a caption or a teaser sentence
// (8 to 20 words) is not. It is a constant, not a flag: it decides what
// the dataset is, like the schema.
const MinProseWords = 25

// CountProse counts the words of prose in a text: the words of its prose
// lines, lines of at least dedup.MinProseWords words that hold the end
// of a sentence (a sentence terminal such as . ! ? 。 । ؟, or …, followed
// by the end of the line or a space, after any closing quotes or
// brackets). Words are lang.Count's units, the project's one measure of
// words in any script: in scripts written with spaces, a run of letters,
// marks and digits with at least one letter; in scripts written without
// (Chinese, Japanese, Thai, Lao, Khmer, Burmese), two characters, about
// one word of those scripts.
func CountProse(text string) int {
	n := 0
	for _, l := range strings.Split(text, "\n") {
		if w, _ := lang.Count(l, nil); w >= dedup.MinProseWords && endsSentence(l) {
			n += w
		}
	}
	return n
}

// endsSentence reports whether line holds the end of a sentence.
func endsSentence(line string) bool {
	rs := []rune(line)
	for i, r := range rs {
		if r != '…' && !unicode.Is(unicode.Sentence_Terminal, r) {
			continue
		}
		j := i + 1
		for j < len(rs) && closing(rs[j]) {
			j++
		}
		// Full-width terminals (。！？) need no space after them.
		if j == len(rs) || unicode.IsSpace(rs[j]) || r >= 0x3000 {
			return true
		}
	}
	return false
}

// closing reports whether r closes a quotation or a bracket.
func closing(r rune) bool {
	return r == '"' || r == '\'' || unicode.In(r, unicode.Pe, unicode.Pf, unicode.Pi)
}

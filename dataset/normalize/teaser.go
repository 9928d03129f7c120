package normalize

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Teasers whose headline runs into their lead (rules 1.4.0): a river of
// other stories flattened into one line each, "Indian-origin man pleads
// guilty to fraud scheme in US NEW YORK: An Indian-origin man has …" or,
// with no space at all, "Customers Leave Without Paying $690 Bill At
// Troy SteakhouseA party of six left …". One such line can be a quirk
// of a name (a dateline quoted mid-sentence, "YouTube"); StampRun or
// more in a row are a list of teasers, and cost the body score like a
// stamp cluster (rule "classifier:teaser-list").

// gluedTeaser reports whether a line reads as a headline run into its
// lead: a capitalised headline of at least three words, then, with no
// sentence end between, a capitals dateline and a colon ("NEW YORK:")
// or a capital glued to the headline's last letter or digit.
func gluedTeaser(text string, runes int) bool {
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
			// Glued: "SteakhouseA party", "250,000The state".
			if n := text[i+1]; (n == ' ' || n >= 'a' && n <= 'z') && titleCase(text[:wordStart(text, i)+1]) {
				return true
			}
		case p == ' ' && i >= 2 && !strings.ContainsRune(".!?:", rune(text[i-2])):
			// A dateline: "in US NEW YORK: An …".
			j := i
			for j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || text[j] == ' ' || text[j] == '.' || text[j] == '-') {
				j++
			}
			if j-i >= 3 && j+2 < len(text) && text[j] == ':' && text[j+1] == ' ' && text[j+2] >= 'A' && text[j+2] <= 'Z' &&
				text[j-1] != ' ' && headlineBefore(strings.TrimRight(text[:i], " ")) {
				return true
			}
		}
	}
	return false
}

// wordStart is the index where the word holding text[i] starts.
func wordStart(text string, i int) int {
	return strings.LastIndexByte(text[:i], ' ') + 1
}

// headlineBefore reports whether s, the text before a teaser's lead, is
// a headline: at least three words, the first capitalised, no sentence
// end inside, and not all capitals.
func headlineBefore(s string) bool {
	if countWords(s) < 3 || strings.ContainsAny(s, ".!?") && strings.Contains(s, ". ") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '‘' && r != '\'' && r != '"' && r != '“' {
		return false
	}
	return hasLower(s)
}

// hasLower reports whether s holds a letter that upper-casing changes
// (strings.ToUpper(s) != s, without building the copy).
func hasLower(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.ToUpper(r) != r {
			return true
		}
		i += n
	}
	return false
}

// titleCase reports whether s is a headline in title case, as glued
// teasers are: at least three words of four letters or more, each
// capitalised (or a number). A sentence with a name like "MacBook" or
// "WeWork" in it has lower-case words.
func titleCase(s string) bool {
	if !headlineBefore(s) {
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

// markGlued marks runs of StampRun or more glued teasers in a row.
func markGlued(lines []Line, fs []features, regions []*region, p *classifierParams) {
	for i := 0; i < len(fs); {
		j := i
		for j < len(fs) && fs[j].glued && regions[j] == nil {
			j++
		}
		if j-i >= p.StampRun {
			r := &region{rule: ruleTeasers, why: fmt.Sprintf("teaser list: %d headlines run into their leads (lines %d–%d)", j-i, lines[i].N, lines[j-1].N)}
			for k := i; k < j; k++ {
				regions[k] = r
			}
		}
		i = max(j, i+1)
	}
}

// truncatedTitle reports whether s is a teaser's title or blurb that a
// site cut to length: "… with Realtek Bluetooth...", "… Update Ass...",
// the dots glued to the cut word. It counts as a meta line of a stamp
// cluster (furniture.go): one is a quote trailing off; three, each a
// few lines from the next, are a list of teasers.
func truncatedTitle(s string, words int) bool {
	if words < 4 || words > 20 || len(s) < 40 || strings.Contains(s, ". ") {
		return false // a headline cut to length, not a paragraph that trails off
	}
	t, ok := strings.CutSuffix(s, "...")
	if !ok {
		if t, ok = strings.CutSuffix(s, "…"); !ok {
			return false
		}
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

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
//
// text is a cleaned line (Clean: words separated by single spaces,
// trimmed). The words before each capital are read once, by a
// headlinePrefix: asking headlineBefore and titleCase of every prefix
// afresh cost time quadratic in the line, a tenth of all normalizing on
// pages with long lines full of glued capitals (docs/BENCHMARKS.md).
func gluedTeaser(text string, runes int) bool {
	if runes < 60 {
		return false
	}
	h := headlinePrefix{text: text}
	ws := 0 // start of the word holding text[i]
	for i := 1; i+1 < len(text); i++ {
		c := text[i]
		if c == ' ' {
			ws = i + 1
			continue
		}
		if c < 'A' || c > 'Z' {
			continue
		}
		p := text[i-1]
		switch {
		case p >= 'a' && p <= 'z' || p >= '0' && p <= '9':
			// Glued: "SteakhouseA party", "250,000The state".
			if n := text[i+1]; (n == ' ' || n >= 'a' && n <= 'z') && h.titleCase(ws) {
				return true
			}
		case p == ' ' && i >= 2 && !strings.ContainsRune(".!?:", rune(text[i-2])):
			// A dateline: "in US NEW YORK: An …".
			j := i
			for j < len(text) && (text[j] >= 'A' && text[j] <= 'Z' || text[j] == ' ' || text[j] == '.' || text[j] == '-') {
				j++
			}
			if j-i >= 3 && j+2 < len(text) && text[j] == ':' && text[j+1] == ' ' && text[j+2] >= 'A' && text[j+2] <= 'Z' &&
				text[j-1] != ' ' && h.headline(i) {
				return true
			}
		}
	}
	return false
}

// headlinePrefix answers, for the word starts ws of a cleaned line in
// increasing order, headlineBefore and titleCase of the words before ws,
// reading each word once. What they ask of a prefix only accumulates
// word by word: the count of words and of long words, whether a long
// word starts in small letters, whether a word ends a sentence (". "),
// whether a letter is small.
type headlinePrefix struct {
	text  string
	pos   int  // the words of text[:pos] are read; pos is 0 or a word start
	words int  // words read
	long  int  // words of four bytes or more
	bad   bool // a long word that does not start like a headline's word
	stop  bool // a word ending in "." followed by a space: ". "
	lower bool // a letter that upper-casing changes (hasLower)
}

// read reads the words before ws.
func (h *headlinePrefix) read(ws int) {
	for h.pos < ws {
		w := h.text[h.pos:]
		if k := strings.IndexByte(w, ' '); k >= 0 {
			w = w[:k]
		}
		h.pos += len(w) + 1
		h.words++
		if len(w) >= 4 {
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !unicode.IsPunct(r) && r != '$' {
				h.bad = true
			}
			h.long++
		}
		h.lower = h.lower || hasLower(w)
		h.stop = h.stop || strings.HasSuffix(w, ".") && h.pos <= len(h.text)
	}
}

// headline is headlineBefore(text[:ws-1]), the words before the word
// at ws, for a ws whose word is not preceded by ". ", "! ", "? " or ": "
// (gluedTeaser asks no other).
func (h *headlinePrefix) headline(ws int) bool {
	h.read(ws)
	return h.words >= 3 && !h.stop && headlineStart(h.text) && h.lower
}

// titleCase is titleCase(text[:ws+1]): the words before ws and the
// first byte of the word at ws.
func (h *headlinePrefix) titleCase(ws int) bool {
	h.read(ws)
	c := h.text[ws]
	return h.words+1 >= 3 && !h.stop && headlineStart(h.text) && (h.lower || c >= 'a' && c <= 'z') && !h.bad && h.long >= 3
}

// headlineStart reports whether s starts like a headline: a capital, a
// digit or an opening quote.
func headlineStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '‘' || r == '\'' || r == '"' || r == '“'
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

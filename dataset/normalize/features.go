package normalize

import (
	"strings"

	"github.com/quire-archive/quire/internal/lang"
)

// Step 1 of the page model (docs/RULES.md): what the classifier knows of
// one line on its own, and its context-free class. Features depend on a
// line's text and the document's language only, so they are computed
// once per line and kept across passes.

// lineClass is a line's class, jusText's four: what a line says of
// itself before its neighbours are asked.
type lineClass uint8

const (
	cShort    lineClass = iota // says little of itself: a heading, an item, a label
	cBad                       // long but not running text, or furniture by evidence
	cNearGood                  // running text, short or thin
	cGood                      // running text
)

var classNames = [...]string{cShort: "short", cBad: "bad", cNearGood: "near-good", cGood: "good"}

func (c lineClass) String() string { return classNames[c] }

// features are what the classifier knows of one line.
type features struct {
	runes    int
	words    int     // units in the document's language (lang.Count): words, or pairs of characters in scripts without spaces
	stops    int     // stop words among them
	rel      float32 // stop-word density as a share of the language's prose density
	seps     int     // separator tokens: | » › • · / - – —
	term     bool    // ends like a sentence
	colonEnd bool    // ends in a colon: a label, a heading or a lead-in
	headline bool    // headlineShaped
	shape    uint16  // the marks of a list item (scanLine)
	class    lineClass
	// What the furniture steps ask of the line alone.
	stamp   bool // a bare date or time stamp, or a title cut to length (furniture.go)
	comment bool // a comment's furniture: "jane says:", "Reply"
	heading bool // a heading of other stories or comments (FurnitureHeadings)
	glued   bool // a teaser's headline run into its lead (teaser.go)
	code    bool // a line of code (codeMark)
	bio     bool // authorBio
	social  bool // socialLine: part of a share bar
}

// density is the raw stop-word density, for the why of a decision.
func (f *features) density() float64 {
	if f.words == 0 {
		return 0
	}
	return float64(f.stops) / float64(f.words)
}

// measure computes the features of one line with the document's
// stop-word list, and its context-free class:
//
//	short:     fewer than LengthLow runes, or headline-shaped at any length
//	good:      at least LengthHigh runes and density ≥ StopHigh; or
//	           ending like a sentence, LengthTerm runes, density ≥ StopTerm
//	near-good: density ≥ StopLow, or a sentence or a lead-in ending in a
//	           colon with density ≥ StopTermLow;
//	           also a short sentence or lead-in of SentenceWords words
//	bad:       the rest (long, but not running text: tables, tag clouds, link rows)
//
// Densities are shares of the language's prose density
// ((*lang.Set).ProseDensity): Polish articles run at 0.34 stop words a
// word, English ones at 0.50, so one threshold would not do for both.
func (n *Normalizer) measure(li *lineInfo, set *lang.Set) features {
	p := &n.rules.cls
	text, lower := li.text, li.lower
	sc := scanLine(text)
	f := features{runes: sc.runes, seps: sc.seps, shape: sc.shape, code: sc.code}
	f.words, f.stops = lang.Count(text, set)
	if f.words > 0 {
		f.rel = float32(float64(f.stops) / float64(f.words) / set.ProseDensity())
	}
	d := float64(f.rel)
	f.term = endsSentence(text)
	f.colonEnd = strings.HasSuffix(text, ":")
	f.headline = headlineShaped(li, f.runes) && !n.metaLine(li) // a byline or a date line is no headline, in any language
	f.glued = sc.glue && gluedTeaser(text, f.runes)
	f.social = socialLine(lower, li.words)
	f.bio = authorBio(li, p.BioRoles)
	switch {
	case f.runes < p.LengthLow && f.words >= p.SentenceWords && (f.term || f.colonEnd) && d >= p.StopTermLow && !f.headline:
		f.class = cNearGood // a one-sentence paragraph, or a lead-in to a list
	case f.runes < p.LengthLow:
		f.class = cShort
	case d >= p.StopHigh && f.runes >= p.LengthHigh, f.term && d >= p.StopTerm && f.runes >= p.LengthTerm:
		f.class = cGood
	case f.headline:
		f.class = cShort // a headline or link title, however long
	case d >= p.StopLow, (f.term || f.colonEnd) && d >= p.StopTermLow:
		f.class = cNearGood // running text; a lead-in to code or a list is a sentence too
	default:
		f.class = cBad
	}
	if f.runes < p.LengthHigh {
		f.comment = commentMarker(li)
		f.stamp = !f.comment && (stampLine(li) || truncatedTitle(text, f.words))
		f.heading = f.runes < p.LengthLow && lowerHeading(lower, li.words, p.headings)
	}
	return f
}

// listRuns returns, for each line that starts a list, its length: a
// list is at least ListMin lines in a row, each under ListLength runes,
// that share a mark other than digits (features.shape). Other lines get 0;
// lines inside a list get the rest of it.
func listRuns(fs []features, p *classifierParams) []int {
	out := make([]int, len(fs))
	for i := 0; i < len(fs); {
		j, common := i, ^uint16(1) // marks shared by the run, digits aside
		for j < len(fs) && common&fs[j].shape != 0 && fs[j].runes < p.ListLength {
			common &= fs[j].shape
			j++
		}
		if j-i >= p.ListMin {
			for k := i; k < j; k++ {
				out[k] = j - k
			}
		}
		i = max(j, i+1)
	}
	return out
}

package normalize

import (
	"fmt"
	"github.com/quire-archive/quire/internal/lang"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The line classifier (stage 3b) decides the lines no rule decided, from
// general features of a line and its neighbours, in the manner of
// jusText adapted to text without HTML. See docs/RULES.md.
//
// Classes, from length (runes) and stop-word density:
//
//	short:     fewer than LengthLow runes
//	good:      at least LengthHigh runes and density ≥ StopHigh
//	near-good: density ≥ StopLow
//	bad:       the rest (long, but not running text: lists, tables, menus)
//
// The body is the contiguous run of lines with the highest score, where
// good lines count their length, near-good lines half of it and short and
// bad lines count against (a maximum-subarray search, as in BTE body-text
// extraction). Outside it, every line is furniture except a byline and the
// title. Inside it, only runs of many short lines (menus, link lists) and
// lines built of separators are removed; a short line between paragraphs
// (a subheading) stays.
// The thresholds are the "classifier" section of rules.json
// (classifierParams), so that RulesSHA256 covers every parameter that
// changes a record; docs/RULES.md explains each.

// Classifier rule ids, as recorded in removed[].rule.
const (
	ruleContext  = "classifier:context"   // short or near-good, among furniture
	ruleNotProse = "classifier:not-prose" // long, but not running text, among furniture
	ruleMenuRun  = "classifier:menu-run"
	ruleSeparate = "classifier:separators"
	ruleRepeated = "classifier:repeated"
)

type lineClass uint8

const (
	cShort lineClass = iota
	cBad
	cNearGood
	cGood
)

var classNames = [...]string{cShort: "short", cBad: "bad", cNearGood: "near-good", cGood: "good"}

func (c lineClass) String() string { return classNames[c] }

// features are what the classifier knows of one line.
type features struct {
	runes, words int
	stops        int     // stop words among words
	rel          float32 // stop-word density as a share of the language's prose density
	seps         int     // separators: | » › • ·
	term         bool    // ends like a sentence
	headline     bool    // headlineShaped
	class        lineClass
	shape        uint16 // shapeMask
	score        int    // contribution to the body score
	// What the furniture detectors ask of the line alone (furniture.go),
	// computed once with the rest.
	stamp, comment, heading bool
	colonEnd                bool // ends in a colon: a label or a heading
	glued                   bool // a teaser's headline run into its lead (teaser.go)
	code                    bool // codeLike
	social                  bool // socialLine: part of a share bar
}

func (f *features) density() float64 {
	if f.words == 0 {
		return 0
	}
	return float64(f.stops) / float64(f.words)
}

// measure computes the features of one line.
func (n *Normalizer) measure(li *lineInfo, set *lang.Set) features {
	p := &n.rules.cls
	text, lower := li.text, li.lower
	f := features{runes: utf8.RuneCountInString(text)}
	f.words, f.stops = lang.Count(text, set)
	f.seps = countSeps(lower)
	if f.words > 0 {
		f.rel = float32(float64(f.stops) / float64(f.words) / set.ProseDensity())
	}
	d := float64(f.rel)
	f.shape = shapeMask(text)
	f.term = endsSentence(text)
	f.colonEnd = strings.HasSuffix(text, ":")
	f.glued = gluedTeaser(text, f.runes)
	f.code = codeLike(text)
	f.social = socialLine(lower, li.words)
	f.headline = headlineShaped(li)
	switch {
	case f.runes < p.LengthLow && f.words >= p.SentenceWords && (f.term || f.colonEnd) && d >= p.StopTermLow:
		f.class = cNearGood // a short sentence, or a lead-in to a list
	case f.runes < p.LengthLow && exp("shortdense") && f.words >= p.SentenceWords+1 && d >= p.StopLow:
		f.class = cNearGood // a short line that reads like text
	case f.runes < p.LengthLow:
		f.class = cShort
	case d >= p.StopHigh && f.runes >= p.LengthHigh, f.term && d >= p.StopTerm && f.runes >= p.LengthTerm:
		f.class = cGood
	case f.headline:
		f.class = cShort // a headline or link title, however long
	case d >= p.StopLow, f.term && d >= p.StopTermLow:
		f.class = cNearGood
	default:
		f.class = cBad
	}
	f.score = f.bodyScore(p)
	if f.runes < p.LengthHigh {
		f.comment = commentMarker(li)
		f.stamp = !f.comment && (stampLine(li) || truncatedTitle(text, f.words))
		f.heading = f.runes < p.LengthLow && furnitureHeading(text, p.FurnitureHeadings)
	}
	return f
}

// bodyScore is a line's contribution to the body score.
func (f *features) bodyScore(p *classifierParams) int {
	switch f.class {
	case cGood:
		return f.runes
	case cNearGood:
		return f.runes / 2
	case cShort:
		if f.term && f.words >= 3 && float64(f.rel) >= p.StopTermLow {
			return 0 // a short sentence: neither prose nor furniture
		}
	}
	return -f.runes - p.ShortCost
}

// bodyRange returns the first and last index of the body: the span of
// the highest-scoring run of lines (a maximum subarray) and of every
// other run, found the same way in what is left on either side, whose
// score is at least a share of the best (SegmentShare) and above
// MinSegment, and not further away than GapRatio times that score. An article cut in two by a table or a gallery stays whole.
// ok is false when no line scores above zero. Ties go to the longest
// run, so that removing lines outside the body, or negative lines inside
// it, leaves the same body: this keeps the classifier stable across
// passes.
func bodyRange(fs []features, p *classifierParams) (start, end int, ok bool) {
	s, e, best := maxRun(fs, 0, len(fs))
	if best <= 0 {
		return 0, 0, false
	}
	limit := max(p.MinSegment, int(float64(best)*p.SegmentShare+1e-9))
	start, end = s, e
	for lo := s; lo > 0; {
		s2, e2, sc := maxRun(fs, 0, lo)
		if sc < limit || float64(-runScore(fs, e2+1, lo)) > p.GapRatio*float64(sc) {
			break
		}
		start, lo = s2, s2
	}
	for hi := e + 1; hi < len(fs); {
		s2, e2, sc := maxRun(fs, hi, len(fs))
		if sc < limit || float64(-runScore(fs, hi, s2)) > p.GapRatio*float64(sc) {
			break
		}
		end, hi = e2, e2+1
	}
	return start, end, true
}

// shapeMask records which marks of a list item a line holds: digits,
// colon, dash, "@", brackets, "|", "/", "$", "%", "#". Lines of one
// list share their mask; menus of plain words have none.
func shapeMask(s string) uint16 {
	var m uint16
	if s != "" && isDigit(s[0]) {
		m |= 1024 // a quantity or a number leads: "1 tsp cinnamon", "2. Never urged …"
	}
	for i := 0; i < len(s); i++ {
		m |= shapeBits[s[i]]
	}
	if m&shapeDashLead != 0 {
		m &^= shapeDashLead
		if strings.Contains(s, "–") || strings.Contains(s, "—") {
			m |= 4
		}
	}
	return m
}

// shapeDashLead marks a lead byte of "–" or "—" in shapeBits; shapeMask
// then looks for the dashes themselves.
const shapeDashLead = 1 << 15

// shapeBits are the marks of shapeMask by byte.
var shapeBits = [256]uint16{
	'0': 1, '1': 1, '2': 1, '3': 1, '4': 1, '5': 1, '6': 1, '7': 1, '8': 1, '9': 1,
	':': 2, '-': 4, '@': 8, '(': 16, ')': 16, '|': 32, '/': 64, '$': 128, '%': 256, '#': 512,
	0xE2: shapeDashLead,
}

// listRuns returns, for each line that starts a list, its length: a
// list is at least ListMin lines in a row, each under ListLength runes,
// that share a mark other than digits (shapeMask). Other lines get 0; lines inside a
// list get the rest of it.
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

// runScore is the body score of fs[lo:hi].
func runScore(fs []features, lo, hi int) int {
	t := 0
	for _, f := range fs[lo:hi] {
		t += f.score
	}
	return t
}

// maxRun is the highest-scoring run of fs[lo:hi], longest on ties.
func maxRun(fs []features, lo, hi int) (start, end, best int) {
	minP, minAt, p := 0, lo, 0
	start, end = lo, lo
	for j := lo; j < hi; j++ {
		p += fs[j].score
		if p-minP > best || (p-minP == best && best > 0) {
			best, start, end = p-minP, minAt, j
		}
		if p < minP {
			minP, minAt = p, j+1
		}
	}
	return start, end, best
}

// classify runs the classifier over the current body lines: the page
// model's steps in order (docs/RULES.md). It returns decisions for lines
// it removes and, when findTitle is set, the index of the title line
// (-1 if none).
//
// infos and fs are the lines' prefilter data and features, which the
// caller keeps across passes (they depend on a line's text only).
//
// heading[i] reports that line i directly follows a heading of a
// section of other stories or comments that a rule removed.
func (n *Normalizer) classify(lines []Line, infos []*lineInfo, fs []features, heading []bool, findTitle bool, set *lang.Set, meta *passMeta) ([]decision, int) {
	p := &n.rules.cls
	out := make([]decision, len(lines))
	if n.repeats(lines, fs, out) {
		return out, -1 // the next pass sees the page without them
	}
	regions, heads := n.furniture(lines, infos, fs, heading)
	pg := newPage(lines, infos, fs, regions, p)
	if debugHook != nil {
		debugCalls++
		debugHook(debugCalls, pg, lines)
	}
	if pg.first < 0 {
		return out, -1 // no prose at all: keep everything
	}
	// pg.rivers(regions)
	// pg.islands(regions)
	if exp("small") {
		pg.smallIslands(regions)
	}
	pg.endMarker(regions, heads)
	title := -1
	if findTitle {
		title = n.pickTitle(lines, infos, fs, pg.lead(), set, func(i int) bool { return pg.final[i] == cBad })
	}
	keep := -1
	if title < 0 && pg.first > 0 && fs[pg.first-1].headline {
		keep = pg.first - 1 // with no convincing title, the headline-shaped line right above the prose
	}
	if title >= 0 && exp("beforetitle") {
		r := &region{rule: ruleBeforeTitle, why: fmt.Sprintf("above the headline (line %d)", lines[title].N)}
		for i := 0; i < title; i++ {
			if regions[i] == nil {
				regions[i] = r
			}
		}
	}
	remove := func(i int, rule, why string) {
		out[i] = decision{{kind: pRemoved, text: lines[i].Text, rule: rule, why: why}}
	}
	for i := range lines {
		if i == title || i == keep {
			continue
		}
		if i < pg.first+p.HeaderAfter && (i < pg.first || fs[i].class == cShort) && regions[i] == nil {
			if rule, why, ok := n.metadataLine(lines[i].Text, meta); ok {
				remove(i, rule, why)
				continue
			}
		}
		if r := regions[i]; r != nil {
			remove(i, r.rule, r.why)
			continue
		}
		if pg.final[i] != cBad && pg.evidence[i] == nil {
			continue
		}
		remove(i, pg.rule(i), pg.why(i))
	}
	return out, title
}

// repeats removes lines that recur across the corpus (Options.Repeats)
// and are not good prose. It reports whether it removed any.
func (n *Normalizer) repeats(lines []Line, fs []features, out []decision) bool {
	r := n.opts.Repeats
	if r == nil || r.Docs() < MinRepeatCorpus {
		return false
	}
	removed := false
	for i := range lines {
		if fs[i].class == cGood {
			continue
		}
		if c := r.Count(lines[i].Text); c >= n.opts.RepeatDocs {
			out[i] = decision{{kind: pRemoved, text: lines[i].Text, rule: ruleRepeated,
				why: fmt.Sprintf("%s line found in %d of %d documents of the corpus", fs[i].class, c, r.Docs())}}
			removed = true
		}
	}
	return removed
}

// zoneWhy is the why of a header- or footer-zone line: fmt.Sprintf("%s
// line %s the body (line %d), %d words, stop-word density %.2f"),
// written without fmt, since most removed lines get one.
func zoneWhy(f features, where string, bodyLine, words int) string {
	b := make([]byte, 0, 80)
	b = append(b, f.class.String()...)
	b = append(b, " line "...)
	b = append(b, where...)
	b = append(b, " the body (line "...)
	b = strconv.AppendInt(b, int64(bodyLine), 10)
	b = append(b, "), "...)
	b = strconv.AppendInt(b, int64(words), 10)
	b = append(b, " words, stop-word density "...)
	b = strconv.AppendFloat(b, f.density(), 'f', 2, 64)
	return string(b)
}

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
		if len(cw) == 0 {
			continue
		}
		shared := 0
		for _, w := range cw {
			if inLead[w] {
				shared++
			}
		}
		score := float64(shared) / float64(len(cw))
		for k := i + 1; k <= i+3 && k < start; k++ {
			if isByline(lines[k].Text) || notHeadline(lines[k].Text) {
				score += 0.5
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

// stampBetween reports whether a stamp cluster (comments or teasers)
// marks one of rs.
func stampBetween(rs []*region) bool {
	for _, r := range rs {
		if r != nil && (r.rule == ruleComments || r.rule == ruleTeasers) {
			return true
		}
	}
	return false
}

// trimWord drops what is neither a letter nor an apostrophe from both
// ends of w (strings.TrimFunc, with a fast path for ASCII).
func trimWord(w string) string {
	keep := func(r rune) bool { return unicode.IsLetter(r) || r == '\'' || r == '’' }
	for w != "" {
		if c := w[0]; c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' {
				break
			}
			w = w[1:]
			continue
		}
		r, n := utf8.DecodeRuneInString(w)
		if keep(r) {
			break
		}
		w = w[n:]
	}
	for w != "" {
		if c := w[len(w)-1]; c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '\'' {
				break
			}
			w = w[:len(w)-1]
			continue
		}
		r, n := utf8.DecodeLastRuneInString(w)
		if keep(r) {
			break
		}
		w = w[:len(w)-n]
	}
	return w
}

// debugHook is a scratch hook for TestDebugPage. TODO remove.
var debugHook func(int, *page, []Line)
var debugCalls int

// countSeps counts the separator tokens of a lower-cased line: "|", "»",
// "›", "•", "·", "/", "-", "–" and "—" standing alone between spaces.
func countSeps(lower string) int {
	n := 0
	for rest := lower; rest != ""; {
		w := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if len(w) == 0 || len(w) > 3 {
			continue
		}
		switch w {
		case "|", "»", "›", "•", "·", "/", "-", "–", "—":
			n++
		}
	}
	return n
}

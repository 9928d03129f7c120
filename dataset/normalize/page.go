package normalize

import (
	"fmt"
	"slices"
	"strconv"
)

// page is the classifier's model of one page: the lines still in the
// body and what each step learned of them. Steps (docs/RULES.md):
//
//  1. features of each line on its own (measure, features.go);
//  2. context-free classes from them (short, bad, near-good, good);
//  3. context smoothing (smooth.go): what a line says little of itself
//     is decided by its neighbours;
//  4. furniture runs and shapes (furniture.go, teaser.go): comments,
//     teaser lists, menus, link rows — positive evidence only;
//  5. the end of the article (endMarker): below an explicit end marker,
//     what does not read as article goes;
//  6. repetition across the corpus (Normalizer.repeats).
type page struct {
	p     *classifierParams
	lines []Line
	fs    []features
	cf    []lineClass // step 2
	final []lineClass // step 3
	// evidence is, per line, the furniture evidence that made it bad
	// before smoothing (nil: none): its rule and why.
	evidence []*region
	// first and last are the first and last line the smoothing calls
	// good, -1 when there is none: the page has no prose.
	first, last int
}

func newPage(lines []Line, infos []*lineInfo, fs []features, regions []*region, p *classifierParams) *page {
	pg := &page{p: p, lines: lines, fs: fs, cf: make([]lineClass, len(fs)), evidence: make([]*region, len(fs)), first: -1, last: -1}
	heading := make([]bool, len(fs))
	runes := make([]int, len(fs))
	lists := listRuns(fs, p)
	for i := range fs {
		pg.cf[i] = fs[i].class
		if pg.cf[i] == cBad && (lists[i] > 0 || fs[i].code) {
			pg.cf[i] = cShort // an item of a list, a line of code: they say nothing of themselves
		}
		heading[i] = fs[i].headline || fs[i].colonEnd && fs[i].class == cShort
		runes[i] = fs[i].runes
	}
	for i, r := range regions {
		if r != nil && !exp("noregbad") {
			pg.mark(i, r) // furniture found by its shape (furniture.go) anchors the smoothing
		}
	}
	bio := &region{rule: ruleBio, why: "an author's bio: a name, then \"is a\" and a job"}
	for i, li := range infos {
		if !exp("nobio") && authorBio(li, p.BioRoles) {
			pg.mark(i, bio)
			regions[i] = bio
		}
	}
	if exp("hl") {
		pg.headlineLists()
	}
	pg.pageRepeats(infos)
	if !exp("noheadbad") {
		for i := range fs {
			if fs[i].heading || fs[i].social {
				pg.mark(i, &region{rule: ruleHeading, why: "a heading of other stories, comments or sharing"})
			}
		}
	}
	pg.menuRuns(lists)
	pg.final = smooth(pg.anchors(), heading, runes, p.HeadingDistance)
	if !exp("nolists") {
		pg.listsWithProse(lists)
	}
	for i, c := range pg.final {
		if c == cGood {
			if pg.first < 0 {
				pg.first = i
			}
			pg.last = i
		}
	}
	return pg
}

// endMarker is step 5: the first furniture heading after the start of
// the article ("Related stories", "More from …", "34 comments",
// FurnitureHeadings; or the line after such a heading that a rule
// removed) below which the page does not read as an article any more
// (relatedCut) ends the article: it and every line after it are marked.
// An inline "Related" box inside an article is followed by more of the
// article, and stays.
func (pg *page) endMarker(regions []*region, heads []bool) {
	if pg.first < 0 {
		return
	}
	h := -1
	if exp("oldcut") {
		h = relatedCut(pg.fs, heads, pg.first, len(pg.fs)-1, pg.p)
	} else {
		h = pg.endCut(heads)
	}
	if h < 0 {
		return
	}
	r := &region{rule: ruleEnd, why: fmt.Sprintf("below a heading of other stories or comments (line %d), the page holds no more article", pg.lines[h].N)}
	for i := h; i < len(pg.fs); i++ {
		if regions[i] == nil {
			regions[i] = r
		}
	}
}

// endCut returns the first end marker (heads) after the article's first
// prose line below which the page does not go on like an article: no
// EndRun prose lines in a row, and less prose than above the marker. -1
// for none.
func (pg *page) endCut(heads []bool) int {
	above := 0
	for h := pg.first; h < len(pg.fs); h++ {
		prose := func(k int) bool { return pg.cf[k] >= cNearGood && pg.evidence[k] == nil }
		if heads[h] && h > pg.first {
			below, run, resumes := 0, 0, false
			for k := h + 1; k < len(pg.fs) && !resumes; k++ {
				if prose(k) {
					below += pg.fs[k].runes
					run++
					resumes = run >= pg.p.EndRun
				} else {
					run = 0
				}
			}
			if !resumes && below < above {
				return h
			}
		}
		if prose(h) {
			above += pg.fs[h].runes
		}
	}
	return -1
}

// Rule ids of the page-level steps.
const (
	ruleHeadlines   = "classifier:headline-list"
	ruleHeading     = "classifier:furniture-heading"
	ruleBeforeTitle = "classifier:before-title"
	ruleInPage      = "classifier:repeated-in-page"
	ruleIsland      = "classifier:island" // prose apart from the article, across furniture
	ruleEnd         = "classifier:after-end"
)

// segment is a run of lines the smoothing calls good.
type segment struct {
	lo, hi int // first and last line
	prose  int // runes of its lines that are good or near-good of themselves
}

// segments returns the runs of good lines of the page.
func (pg *page) segments() []segment {
	var out []segment
	for i := 0; i < len(pg.final); {
		if pg.final[i] != cGood {
			i++
			continue
		}
		s := segment{lo: i}
		for i < len(pg.final) && pg.final[i] == cGood {
			if pg.cf[i] >= cNearGood {
				s.prose += pg.fs[i].runes
			}
			i++
		}
		s.hi = i - 1
		out = append(out, s)
	}
	return out
}

// islands is the page's article extent: the segment with the most prose,
// joined with the segments on either side that are either close (at most
// ThinGap lines of furniture between) or substantial (IslandShare of the
// article's prose). The other segments are prose islands apart from the
// article, across furniture: a promo blurb, a teaser's lead, a bio, a
// site's description. It marks them in regions.
func (pg *page) islands(regions []*region) {
	segs := pg.segments()
	if len(segs) < 2 {
		return
	}
	best := 0
	for k, s := range segs {
		if s.prose > segs[best].prose {
			best = k
		}
	}
	joined := make([]bool, len(segs))
	joined[best] = true
	total := segs[best].prose
	ok := func(k, gap int) bool {
		return gap <= pg.p.ThinGap || float64(segs[k].prose) >= pg.p.IslandShare*float64(total)
	}
	for k := best - 1; k >= 0 && ok(k, segs[k+1].lo-segs[k].hi-1); k-- {
		joined[k] = true
		total += segs[k].prose
	}
	for k := best + 1; k < len(segs) && ok(k, segs[k].lo-segs[k-1].hi-1); k++ {
		joined[k] = true
		total += segs[k].prose
	}
	for k, s := range segs {
		if joined[k] {
			continue
		}
		r := &region{rule: ruleIsland, why: fmt.Sprintf("prose apart from the article (lines %d–%d), across furniture",
			pg.lines[segs[best].lo].N, pg.lines[segs[best].hi].N)}
		for i := s.lo; i <= s.hi; i++ {
			if regions[i] == nil {
				regions[i] = r
			}
		}
	}
}

// menuRuns is the first furniture evidence, taken before smoothing: a
// run of MenuRun or more short lines that are neither items of a list
// (listRuns) nor code is a menu, a link list or a block of labels, and
// counts as bad, so that prose on its far side is not joined to the
// article through it.
func (pg *page) menuRuns(lists []int) {
	for i := 0; i < len(pg.cf); {
		j := i
		for j < len(pg.cf) && pg.cf[j] == cShort && lists[j] == 0 && !pg.fs[j].code {
			j++
		}
		if j-i >= pg.p.MenuRun && pg.menuShaped(i, j) {
			r := &region{rule: ruleMenuRun, why: fmt.Sprintf("run of %d short lines: a menu or a block of labels", j-i)}
			for k := i; k < j; k++ {
				pg.mark(k, r)
			}
		}
		i = max(j, i+1)
	}
}

// menuShaped reports whether the short lines [i, j) read as labels
// rather than as verse or the items of a list written in sentences: at
// most MenuWords words a line and a stop-word density below StopLow, on
// average.
func (pg *page) menuShaped(i, j int) bool {
	words, rel := 0, 0.0
	for k := i; k < j; k++ {
		words += pg.fs[k].words
		rel += float64(pg.fs[k].rel) * float64(pg.fs[k].words)
	}
	return float64(words) <= pg.p.MenuWords*float64(j-i) || rel < pg.p.StopLow*float64(words)
}

// pageRepeats is furniture evidence taken before smoothing: a line
// whose text (case folded) occurs more than once on the page, and which
// is not good prose of itself, is furniture — a category label on every
// teaser, a headline given again in a list of other stories, a "share"
// bar above and below the article. Articles do not repeat their lines
// (on the line-labelled dev set, 123 of 9 212 such lines are article
// text, mostly a headline given twice, which the title step still
// finds). It counts as bad, like a menu.
func (pg *page) pageRepeats(infos []*lineInfo) {
	seen := make(map[string]int, len(infos))
	for _, li := range infos {
		seen[li.lower]++
	}
	for i, li := range infos {
		if c := seen[li.lower]; c > 1 && pg.cf[i] < cGood {
			pg.mark(i, &region{rule: ruleInPage, why: fmt.Sprintf("%s line found %d times on the page", pg.fs[i].class, c)})
		}
	}
}

// headlineLists is furniture evidence taken before smoothing: HeadlineRun
// or more headline-shaped lines in a row are a list of other stories
// without leads ("More great stories", "Most read"); an article's
// subheading is followed by its section.
func (pg *page) headlineLists() {
	for i := 0; i < len(pg.fs); {
		j := i
		for j < len(pg.fs) && pg.fs[j].headline && pg.cf[j] == cShort {
			j++
		}
		if j-i >= pg.p.HeadlineRun {
			r := &region{rule: ruleHeadlines, why: fmt.Sprintf("%d headline-shaped lines in a row: a list of stories", j-i)}
			for k := i; k < j; k++ {
				pg.mark(k, r)
			}
		}
		i = max(j, i+1)
	}
}

// listsWithProse is part of smoothing: a list (listRuns) right after or
// right before prose — at most one short line, such as a lead-in, between
// — is the article's: tour dates, results, ingredients, steps. Smoothing
// alone would call a list that ends an article bad, since furniture
// follows it.
func (pg *page) listsWithProse(lists []int) {
	for i := 0; i < len(lists); {
		if lists[i] == 0 {
			i++
			continue
		}
		end := i + lists[i] // exclusive
		prose := func(k int) bool { return k >= 0 && k < len(pg.cf) && pg.final[k] == cGood && pg.cf[k] >= cNearGood }
		if prose(i-1) || prose(i-2) && pg.cf[i-1] == cShort || prose(end) || prose(end+1) && pg.cf[end] == cShort {
			for k := i; k < end; k++ {
				if pg.evidence[k] == nil {
					pg.final[k] = cGood
				}
			}
		}
		i = end
	}
}

// mark records furniture evidence for line i: it counts as bad in the
// smoothing, and is removed for reason r unless a later step says more.
func (pg *page) mark(i int, r *region) {
	pg.cf[i] = cBad
	if pg.evidence[i] == nil {
		pg.evidence[i] = r
	}
}

// rule is the rule id for line i, which the smoothing calls bad.
func (pg *page) rule(i int) string {
	if r := pg.evidence[i]; r != nil {
		return r.rule
	}
	if pg.cf[i] == cBad {
		return ruleNotProse
	}
	return ruleContext
}

// why says why line i went: its own class and, when the smoothing
// decided, what surrounds it.
func (pg *page) why(i int) string {
	if r := pg.evidence[i]; r != nil {
		return r.why
	}
	f := pg.fs[i]
	b := make([]byte, 0, 96)
	b = append(b, f.class.String()...)
	b = append(b, " line, "...)
	b = strconv.AppendInt(b, int64(f.words), 10)
	b = append(b, " words, stop-word density "...)
	b = strconv.AppendFloat(b, f.density(), 'f', 2, 64)
	if pg.cf[i] != cBad {
		b = append(b, ", between "...)
		b = append(b, pg.side(i, -1)...)
		b = append(b, " and "...)
		b = append(b, pg.side(i, 1)...)
	}
	return string(b)
}

// side names what the smoothing saw on one side of line i.
func (pg *page) side(i, dir int) string {
	for j := i + dir; j >= 0 && j < len(pg.cf); j += dir {
		if c := pg.cf[j]; c == cGood || c == cBad {
			return fmt.Sprintf("%s line %d", c, pg.lines[j].N)
		}
	}
	if dir < 0 {
		return "the top of the page"
	}
	return "the end of the page"
}

// smallIslands marks runs of good lines with little prose of their own
// (at most IslandRunes runes of good or near-good lines) that stand
// apart, with at least IslandGap bad lines on either side: a promo
// sentence, a teaser's lead, a sign-up prompt among furniture. An
// article's paragraph between two ads is not apart: its gaps are thin.
func (pg *page) smallIslands(regions []*region) {
	segs := pg.segments()
	if len(segs) < 2 {
		return
	}
	best := 0
	for k, s := range segs {
		if s.prose > segs[best].prose {
			best = k
		}
	}
	for k, s := range segs {
		if k == best || s.prose > pg.p.IslandRunes {
			continue
		}
		before, after := s.lo, len(pg.fs)-1-s.hi
		if k > 0 {
			before = s.lo - segs[k-1].hi - 1
		}
		if k+1 < len(segs) {
			after = segs[k+1].lo - s.hi - 1
		}
		if before < pg.p.IslandGap || after < pg.p.IslandGap {
			continue
		}
		r := &region{rule: ruleIsland, why: fmt.Sprintf("%d runes of prose apart from the rest, among furniture", s.prose)}
		for i := s.lo; i <= s.hi; i++ {
			if regions[i] == nil {
				regions[i] = r
			}
		}
	}
}

// anchors returns the classes the smoothing decides from: the classes
// with furniture evidence, except that a line of furniture standing
// right between two lines of prose (a caption given again, a share bar
// inside an article) is short for the smoothing. It is removed all the same,
// but it says nothing of its neighbours: a run of furniture does.
func (pg *page) anchors() []lineClass {
	if exp("noanchors") {
		return pg.cf
	}
	out := pg.cf
	copied := false
	for i := range pg.cf {
		if pg.evidence[i] == nil {
			continue
		}
		alone := i > 0 && i+1 < len(pg.cf) && pg.cf[i-1] >= cNearGood && pg.cf[i+1] >= cNearGood
		if !alone {
			continue
		}
		if !copied {
			out = slices.Clone(pg.cf)
			copied = true
		}
		out[i] = cShort
	}
	return out
}

// lead returns the first line of the run of good lines with the most
// prose: where the article's text starts, for the title step. A promo
// paragraph above the headline is a run of its own.
func (pg *page) lead() int {
	best := segment{lo: pg.first}
	for _, s := range pg.segments() {
		if s.prose > best.prose {
			best = s
		}
	}
	return best.lo
}

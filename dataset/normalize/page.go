package normalize

import (
	"fmt"
	"strconv"
)

// page is the classifier's model of one page (classify.go): the lines
// still in the body and what each step learned of them.
type page struct {
	p     *classifierParams
	lines []Line
	fs    []features
	// cf is each line's class before smoothing: its context-free class,
	// or bad where furniture evidence marks it (evidence.go).
	cf []lineClass
	// evidence is, per line, the furniture evidence that marks it (nil:
	// none): its rule and why. Such a line is removed whatever the
	// smoothing says.
	evidence []*region
	// final is each line's class after smoothing (smooth.go): good lines
	// stay, bad lines go.
	final []lineClass
	// first is the first line the smoothing calls good, -1 when there is
	// none: the page has no prose.
	first int
}

// newPage runs steps 2 and 3 of the classifier: furniture evidence,
// then smoothing. regions are the furniture found by shape (stamp
// clusters, glued teasers); author bios found here are added to them.
func newPage(lines []Line, infos []*lineInfo, fs []features, regions []*region, p *classifierParams) *page {
	pg := &page{p: p, lines: lines, fs: fs, cf: make([]lineClass, len(fs)), evidence: make([]*region, len(fs)), first: -1}
	for i := range fs {
		pg.cf[i] = fs[i].class
	}
	lists := listRuns(fs, p)
	pg.neutral(lists)
	pg.evidenceSteps(infos, regions, lists)
	pg.final = smooth(pg.anchors())
	pg.listsWithProse(lists)
	for i, c := range pg.final {
		if c == cGood {
			pg.first = i
			break
		}
	}
	return pg
}

// neutral makes lines that say nothing of themselves short before
// smoothing, whatever their length: the items of a list (listRuns) and
// lines of code (codeLike). Inside an article they are its lists,
// tables and code samples; among furniture, its menus.
func (pg *page) neutral(lists []int) {
	for i := range pg.cf {
		if pg.cf[i] == cBad && (lists[i] > 0 || pg.fs[i].code) {
			pg.cf[i] = cShort
		}
	}
}

// mark records furniture evidence for line i: it counts as bad in the
// smoothing, and is removed for reason r. The first evidence found
// names the reason.
func (pg *page) mark(i int, r *region) {
	pg.cf[i] = cBad
	if pg.evidence[i] == nil {
		pg.evidence[i] = r
	}
}

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

// rule is the rule id for a removed line i.
func (pg *page) rule(i int) string {
	if r := pg.evidence[i]; r != nil {
		return r.rule
	}
	if pg.cf[i] == cBad {
		return ruleNotProse
	}
	return ruleContext
}

// why says why line i went: its evidence, or its own class and, when
// the smoothing decided, what surrounds it.
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

package normalize

import "fmt"

// Step 4 of the classifier: the end of the article. Below the first end
// marker after the article's first prose line — a heading of related
// stories or comments ("More from …", "Ähnliche Artikel", "34
// comments", FurnitureHeadings), a share bar (socialLine), or the line
// after such a line that a rule removed — the page holds no more
// article, unless prose goes on there: EndRun prose lines in a row, or as
// much prose below the marker as above it. An inline "Related" box
// inside an article is followed by more of the article and stays.

// endMarker marks every line from the end of the article on.
func (pg *page) endMarker(regions []*region, heads []bool) {
	h := pg.endCut(heads, regions)
	if h < 0 {
		return
	}
	r := &region{rule: ruleEnd, why: fmt.Sprintf("below the end of the article: a heading of other stories, comments or sharing (line %d), and no more article after it", pg.lines[h].N)}
	for i := h; i < len(pg.fs); i++ {
		if regions[i] == nil {
			regions[i] = r
		}
	}
}

// endCut returns the index of the end marker, -1 for none: the first
// marker after at least EndAbove runes of the article's prose that is
// not followed, within EndWindow lines and before any furniture found
// by shape, by EndRun prose lines in a row, and with less prose below
// it than above (proseBelow). Comments and teasers may hold more prose
// than the article, but not right below the marker.
func (pg *page) endCut(heads []bool, regions []*region) int {
	prose := func(k int) bool { return pg.cf[k] >= cNearGood && pg.evidence[k] == nil }
	// above is the prose above the line that reads as an article:
	// prose lines with another one right before or after them (a
	// description in a menu stands alone).
	above := 0
	paragraph := func(k int) bool {
		return prose(k) && (k > 0 && prose(k-1) || k+1 < len(pg.fs) && prose(k+1))
	}
	for h := pg.first; h < len(pg.fs); h++ {
		if h > pg.first && paragraph(h-1) {
			above += pg.fs[h-1].runes
		}
		if !heads[h] || above < pg.p.EndAbove {
			continue // a share bar between the headline and the text does not end it
		}
		// The marker may be the line after a heading a rule removed:
		// when that line is prose, it is the first of the article going on.
		start := h + 1
		if prose(h) {
			start = h
		}
		run, resumes := 0, false
		for k := start; k < len(pg.fs) && k <= h+pg.p.EndWindow && regions[k] == nil && !resumes; k++ {
			if prose(k) {
				run++
				resumes = run >= pg.p.EndRun
			} else {
				run = 0
			}
		}
		if !resumes && pg.proseBelow(h, regions, prose) < above {
			return h
		}
	}
	return -1
}

// proseBelow is the prose after line h that reads as an article: runs
// of EndRun or more prose lines in a row, outside furniture found by
// shape. An article that goes on further down, after a box of other
// stories, has more of it than the part above the box; teasers and
// comments alternate short lines with their prose.
func (pg *page) proseBelow(h int, regions []*region, prose func(int) bool) int {
	n, run, runes := 0, 0, 0
	for k := h + 1; k <= len(pg.fs); k++ {
		if k < len(pg.fs) && regions[k] == nil && prose(k) {
			run++
			runes += pg.fs[k].runes
			continue
		}
		if run >= pg.p.EndRun {
			n += runes
		}
		run, runes = 0, 0
	}
	return n
}

package normalize

import (
	"slices"
	"strings"
)

// Step 3 of the classifier: context smoothing, after jusText's
// context-sensitive classification. A line whose own features say little
// (a short line: a sub-heading, a list item, a line of code, a menu
// entry; a near-good line: a short paragraph, a lead dense with names)
// takes the class of the nearest lines that say more:
//
//   - A short line between good lines on both sides is good; between bad
//     lines, or the page's ends, on both sides it is bad. Between a good
//     and a bad side it is good only when the line next to it on the bad
//     side is near-good: the edge of an article is where prose thins out,
//     not where it stops.
//   - A near-good line is bad only between bad lines on both sides.
//   - The page's ends count as bad: what is at the very top or bottom of
//     a page and says nothing of itself is furniture.
//
// Neighbours are looked up in the classes from before this step, so the
// result does not depend on the order lines are visited. Good and bad
// lines keep their class.

// smooth returns the smoothed classes of cf.
func smooth(cf []lineClass) []lineClass {
	out := slices.Clone(cf)
	for i, c := range cf {
		switch c {
		case cShort:
			prev, next := neighbour(cf, i, -1, true), neighbour(cf, i, 1, true)
			switch {
			case prev == cGood && next == cGood:
				out[i] = cGood
			case prev == cBad && next == cBad:
				out[i] = cBad
			case prev == cBad && neighbour(cf, i, -1, false) == cNearGood,
				next == cBad && neighbour(cf, i, 1, false) == cNearGood:
				out[i] = cGood
			default:
				out[i] = cBad
			}
		case cNearGood:
			if neighbour(cf, i, -1, true) == cBad && neighbour(cf, i, 1, true) == cBad {
				out[i] = cBad
			} else {
				out[i] = cGood
			}
		}
	}
	return out
}

// neighbour returns the class of the nearest line from i in direction
// dir (-1 or 1) that is not short (and, with skipNear, not near-good
// either); the page's ends are bad.
func neighbour(cf []lineClass, i, dir int, skipNear bool) lineClass {
	for j := i + dir; j >= 0 && j < len(cf); j += dir {
		switch cf[j] {
		case cShort:
			continue
		case cNearGood:
			if skipNear {
				continue
			}
		}
		return cf[j]
	}
	return cBad
}

// anchors returns the classes the smoothing decides from: cf, except
// that a line of furniture standing right between two lines of prose (a
// caption given again, a share bar inside an article) is short for the
// smoothing. It is removed all the same, but it says nothing of its
// neighbours; a run of furniture does.
//
// A line the page repeats (pageRepeats) is short for the smoothing also
// when only short lines stand between it and prose on either side: a
// label the page shows again elsewhere (a difficulty or a category
// repeated in the tags) between an article's list and its next
// paragraph would otherwise make the list the edge of the article and
// drop it. A repeated line next to other furniture, or with the page's
// end on one side, still anchors.
func (pg *page) anchors() []lineClass {
	var out []lineClass // a copy of cf once a line changes
	for i := 1; i+1 < len(pg.cf); i++ {
		if pg.evidence[i] == nil {
			continue
		}
		if pg.cf[i-1] < cNearGood || pg.cf[i+1] < cNearGood {
			if pg.evidence[i].rule != ruleInPage || neighbour(pg.cf, i, -1, false) < cNearGood || neighbour(pg.cf, i, 1, false) < cNearGood || !pg.repeatedInFurniture(i) {
				continue
			}
		}
		if out == nil {
			out = slices.Clone(pg.cf)
		}
		out[i] = cShort
	}
	if out == nil {
		return pg.cf
	}
	return out
}

// listsWithProse completes the smoothing for lists (listRuns): a list
// right after or right before prose — at most one short line, such as a
// lead-in or a heading, between — is the article's: tour dates, results,
// ingredients, steps. Smoothing alone would call a list that ends an
// article bad, since furniture follows it. Lines with furniture
// evidence stay bad.
func (pg *page) listsWithProse(lists []int) {
	prose := func(k int) bool { return k >= 0 && k < len(pg.cf) && pg.final[k] == cGood && pg.cf[k] >= cNearGood }
	for i := 0; i < len(lists); {
		if lists[i] == 0 {
			i++
			continue
		}
		end := i + lists[i] // exclusive
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

// repeatedInFurniture reports whether every other occurrence of line i's
// text (case folded) is below it, with no prose next to it: the label
// shown again in a tag block under the article.
func (pg *page) repeatedInFurniture(i int) bool {
	found := false
	for j := range pg.lines {
		if j == i || !strings.EqualFold(pg.lines[j].Text, pg.lines[i].Text) {
			continue
		}
		if j < i || j > 0 && pg.cf[j-1] >= cNearGood || j+1 < len(pg.cf) && pg.cf[j+1] >= cNearGood {
			return false
		}
		found = true
	}
	return found
}

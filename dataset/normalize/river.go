package normalize

import "fmt"

// Teaser rivers by their shape (step 4 of the page model): lists of
// other stories repeat one form per story — a headline, around it a few
// short lines (a kicker, a category, a source, a count of comments) and
// at most one short paragraph of lead. An article does not: its
// sections hold several paragraphs, or paragraphs longer than a lead.
// RiverItems or more such items in a row are a river.
//
//   - An item starts at a headline-shaped line and runs to the next one.
//     It holds at most RiverItemLines lines, at most one prose line, and
//     that of at most BlurbRunes runes.
//   - The short lines before the first headline (at most two: a section
//     heading, a kicker) go with the river.

const ruleRiver = "classifier:teaser-river"

// rivers marks teaser rivers in regions.
func (pg *page) rivers(regions []*region) {
	p := pg.p
	n := len(pg.fs)
	// itemEnd returns the end (exclusive) of the item that starts at
	// the headline i, or -1 if the lines from i are not one.
	leads := 0 // items with a lead in the current run
	itemEnd := func(i int) int {
		prose := 0
		j := i + 1
		for ; j < n && !pg.fs[j].headline; j++ {
			if pg.cf[j] >= cNearGood {
				if pg.fs[j].runes > p.BlurbRunes {
					return -1
				}
				prose++
			}
		}
		if prose > 1 || j-i > p.RiverItemLines || regions[i] != nil {
			return -1
		}
		if prose == 1 {
			leads++
		}
		return j
	}
	for i := 0; i < n; {
		if !pg.fs[i].headline {
			i++
			continue
		}
		start, items, j := i, 0, i
		leads = 0
		for j < n && pg.fs[j].headline {
			e := itemEnd(j)
			if e < 0 {
				break
			}
			items++
			j = e
		}
		if leads < p.RiverItems {
			i++
			continue
		}
		for k := 0; k < 2 && start > 0 && pg.cf[start-1] == cShort && !pg.fs[start-1].headline; k++ {
			start--
		}
		r := &region{rule: ruleRiver, why: fmt.Sprintf("teaser list: %d headlines, %d with a short lead (lines %d–%d)",
			items, leads, pg.lines[start].N, pg.lines[j-1].N)}
		for k := start; k < j; k++ {
			if regions[k] == nil {
				regions[k] = r
			}
		}
		i = j
	}
}

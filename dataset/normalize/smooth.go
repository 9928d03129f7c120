package normalize

// Context smoothing (step 3 of the page model, docs/RULES.md), after
// jusText's context-sensitive classification: a line whose own features
// say little (short lines: subheadings, list items, captions, menu
// entries; near-good lines: short paragraphs, leads dense with names)
// takes the class of the nearest lines that do say something.
//
//   - A short line between good lines on both sides is good (a
//     subheading, a list item, a line of code inside an article); between
//     bad lines or the page's ends on both sides it is bad (a menu item,
//     a label). Between a good and a bad side, it is good only when the
//     line next to it on the bad side is near-good: the edge of the
//     article is where prose starts to thin out, not where it stops.
//   - A near-good line is bad only between bad lines on both sides.
//   - The page's ends count as bad: what is at the very top or bottom of
//     a page and says nothing of itself is furniture.
//   - A heading (a short line that is headline-shaped or ends in a
//     colon) followed within HeadingDistance runes by a good line is
//     near-good first, so that a subheading right before an article's
//     section stays with it.
//
// Neighbours are looked up in the classes from before this step, so
// the result does not depend on the order lines are visited.

// smooth returns the revised classes of cf (the context-free classes).
// heading[i] marks lines that may be headings, runes[i] their length.
func smooth(cf []lineClass, heading []bool, runes []int, headingDistance int) []lineClass {
	// cf = promoteHeadings(cf, heading, runes, headingDistance)
	out := make([]lineClass, len(cf))
	copy(out, cf)
	for i, c := range cf {
		switch c {
		case cShort:
			prev, next := neighbour(cf, i, -1, true), neighbour(cf, i, 1, true)
			switch {
			case prev == cGood && next == cGood && bridgeMax > 0 && shortRun(cf, i) > bridgeMax:
				out[i] = cBad // a long run of short lines between prose: a block of furniture
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

// promoteHeadings returns cf with every short heading that a good line
// follows within distance runes made near-good.
func promoteHeadings(cf []lineClass, heading []bool, runes []int, distance int) []lineClass {
	var out []lineClass
	for i, c := range cf {
		if c != cShort || !heading[i] {
			continue
		}
		d := 0
		for j := i + 1; j < len(cf) && d <= distance; j++ {
			if cf[j] == cGood {
				if out == nil {
					out = make([]lineClass, len(cf))
					copy(out, cf)
				}
				out[i] = cNearGood
				break
			}
			d += runes[j]
		}
	}
	if out == nil {
		return cf
	}
	return out
}

// bridgeMax: SCRATCH experiment knob.
var bridgeMax = 0

// shortRun returns the length of the run of short lines around i.
func shortRun(cf []lineClass, i int) int {
	a, b := i, i
	for a > 0 && cf[a-1] == cShort {
		a--
	}
	for b+1 < len(cf) && cf[b+1] == cShort {
		b++
	}
	return b - a + 1
}

package normalize

// A table of contents inside an article: a run of short lines whose
// texts come back later on the page, in the same order, as the
// article's sub-headings, each opening a section of content. Both the
// entries and the headings are the article's (issue 11: tables of
// contents and sub-headings are article content), but each is a short
// line the page repeats, which pageRepeats would take for furniture (a
// category label on every teaser, a share bar above and below) and
// which menuRuns would take for a menu. tocLines finds them first, so
// that those steps leave them to the smoothing.
//
// What sets a table of contents apart from furniture the page repeats
// is its structure, not its words: every entry occurs exactly twice,
// the entries stand together, their second occurrences follow in the
// same order, and most of those open a section that holds running text
// before the next heading. A menu given twice (header and footer) has
// no running text between its second entries; a category label on
// every teaser occurs more than twice.

// tocMinEntries is the fewest entries a table of contents has: one
// line that comes back is a coincidence, two in order a structure.
const tocMinEntries = 2

// tocSectionReach is how many lines below a heading its section's
// running text must start.
const tocSectionReach = 4

// tocMaxOthers is how many other short lines may stand right beside the
// entries (above them, or below them before the first heading): a
// "Contents" heading, a title. A list of fifty headlines of which two
// come back in a box of other stories is not a table of contents.
const tocMaxOthers = 2

// tocLines returns, per line, whether it is an entry of a table of
// contents or the heading an entry names. of gives each line's text as
// an id, counts the occurrences of each id on the page.
func (pg *page) tocLines(of, counts []int32) []bool {
	var toc []bool
	// second[i] is the line where the text of line i occurs again, for a
	// short line whose text occurs exactly twice and this is the first;
	// else -1.
	second := make([]int, len(of))
	// last[id] is the line below i where id occurs next, or -1; ids are
	// dense (0 to len(counts)-1), so a slice serves where a map would
	// grow with the page.
	last := make([]int, len(counts))
	for id := range last {
		last[id] = -1
	}
	for i := len(of) - 1; i >= 0; i-- {
		second[i] = -1
		if counts[of[i]] == 2 && pg.fs[i].class == cShort {
			second[i] = last[of[i]]
		}
		last[of[i]] = i
	}
	for i := 0; i < len(of); {
		if second[i] < 0 {
			i++
			continue
		}
		// The run of entries: consecutive lines, each naming a later
		// line, in increasing order, all below the run.
		j := i + 1
		for j < len(of) && second[j] > second[j-1] {
			j++
		}
		if pg.isTOC(i, j, second) {
			if toc == nil {
				toc = make([]bool, len(of))
			}
			for k := i; k < j; k++ {
				toc[k], toc[second[k]] = true, true
			}
		}
		i = j
	}
	return toc
}

// isTOC reports whether entries [i, j) name headings that open sections
// of running text: the entries stand together above their headings with
// at most tocMaxOthers other short lines beside them, no heading is
// followed at once by the next, and at least half the headings have a
// line of running text (near-good or good of itself) within
// tocSectionReach lines below, before the next heading.
func (pg *page) isTOC(i, j int, second []int) bool {
	n := j - i
	if n < tocMinEntries || second[i] < j {
		return false
	}
	others := 0
	for l := i - 1; l >= 0 && pg.fs[l].class == cShort && others <= tocMaxOthers; l-- {
		others++
	}
	for l := j; l < second[i] && pg.fs[l].class == cShort && others <= tocMaxOthers; l++ {
		others++
	}
	if others > tocMaxOthers {
		return false
	}
	open := 0
	for k := i; k < j; k++ {
		h, end := second[k], len(pg.fs)
		if k+1 < j {
			end = second[k+1]
			if end == h+1 {
				return false // an empty section: headlines listed twice
			}
		}
		for l := h + 1; l < end && l <= h+tocSectionReach; l++ {
			if pg.fs[l].class >= cNearGood {
				open++
				break
			}
		}
	}
	return 2*open >= n
}

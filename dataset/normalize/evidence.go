package normalize

import (
	"fmt"
	"slices"
)

// Step 2 of the classifier: furniture evidence. Each of these marks a
// line as page furniture on its own shape or place on the page, whatever
// its class, before smoothing, so that the smoothing sees it as bad and
// the short lines around it join it rather than the article:
//
//   - furniture found by shape (furniture.go, teaser.go): stamp clusters
//     of comments and teasers, glued teasers;
//   - an author bio ("Jane Doe is a reporter at …"), or a name alone on
//     a line with a sentence about that name below it, once on the page
//     (namedBio);
//   - a heading of other stories, comments or sharing ("Related",
//     "Ähnliche Artikel", "34 comments") and share bars (socialLine);
//   - a line the page repeats (pageRepeats), unless it is an entry of a
//     table of contents or the sub-heading it names (toc.go);
//   - a run of labels (menuRuns), the same exception made.

// evidenceSteps runs the evidence steps in order; regions gains the
// bios it finds.
func (pg *page) evidenceSteps(infos []*lineInfo, regions []*region, lists []int) {
	for i, r := range regions {
		if r != nil {
			pg.mark(i, r)
		}
	}
	bio := &region{rule: ruleBio, why: `an author's bio: a name, then "is a" and a job`}
	if a, b, ok := namedBio(infos, pg.fs); ok && pg.belowArticle(a) {
		r := &region{rule: ruleBio, why: fmt.Sprintf("an author's bio: a name alone on line %d, then a sentence about that name (line %d), once on the page", pg.lines[a].N, pg.lines[b].N)}
		for _, i := range []int{a, b} {
			pg.mark(i, r)
			regions[i] = r
		}
	}
	head := &region{rule: ruleHeading, why: "a heading of other stories or comments, or a share bar"}
	for i := range infos {
		switch {
		case pg.fs[i].bio:
			pg.mark(i, bio)
			regions[i] = bio
		case pg.fs[i].heading || pg.fs[i].social:
			pg.mark(i, head)
		}
	}
	toc := pg.pageRepeats(infos)
	pg.menuRuns(lists, toc)
}

// pageRepeats marks a line whose text (case folded) occurs more than
// once on the page and which is not good prose of itself: a category
// label on every teaser, a headline given again in a list of other
// stories, a share bar above and below the article. Articles rarely
// repeat a line: on the line-labelled dev set 123 of 9,212 such lines are
// article text, mostly a headline given twice, which the title step
// still finds. It returns the lines of a table of contents and their
// headings (tocLines), which it leaves alone; nil when there are none.
func (pg *page) pageRepeats(infos []*lineInfo) []bool {
	// Each distinct text gets a counter; lines keep theirs, so that each
	// text is hashed once.
	ids := make(map[string]int32, len(infos))
	counts := make([]int32, 0, len(infos))
	of := make([]int32, len(infos))
	for i, li := range infos {
		id, ok := ids[li.lower]
		if !ok {
			id = int32(len(counts))
			ids[li.lower] = id
			counts = append(counts, 0)
		}
		counts[id]++
		of[i] = id
	}
	// One region for each class and count: the reason is the same.
	type reason struct {
		class lineClass
		count int32
	}
	// A page has a few reasons: a list searched in order costs less than
	// a map.
	var reasons []reason
	var regions []*region
	toc := pg.tocLines(of, counts)
	for i := range infos {
		c := counts[of[i]]
		if c < 2 || pg.fs[i].class >= cGood || toc != nil && toc[i] {
			continue
		}
		k := reason{pg.fs[i].class, c}
		at := slices.Index(reasons, k)
		if at < 0 {
			at = len(reasons)
			reasons = append(reasons, k)
			regions = append(regions, &region{rule: ruleInPage, why: fmt.Sprintf("%s line found %d times on the page", k.class, c)})
		}
		pg.mark(i, regions[at])
	}
	return toc
}

// menuRuns marks a run of MenuRun or more short lines that are neither
// items of a list (listRuns) nor code, when they read as labels rather
// than as verse or items written in sentences (menuShaped): a menu, a
// link list, a block of labels. Without it, prose on the far side of a
// sidebar would join the article through it. The entries of a table of
// contents (toc, nil for none) are not labels of a menu.
func (pg *page) menuRuns(lists []int, toc []bool) {
	for i := 0; i < len(pg.cf); {
		j := i
		for j < len(pg.cf) && pg.cf[j] == cShort && lists[j] == 0 && !pg.fs[j].code && (toc == nil || !toc[j]) {
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

// menuShaped reports whether the short lines [i, j) read as labels: at
// most MenuWords words a line on average (MenuWordsInside when running
// text stands both above and below the run), or a stop-word density
// below StopLow.
func (pg *page) menuShaped(i, j int) bool {
	words, rel := 0, 0.0
	for k := i; k < j; k++ {
		words += pg.fs[k].words
		rel += float64(pg.fs[k].rel) * float64(pg.fs[k].words)
	}
	limit := pg.p.MenuWords
	if pg.goodBefore(i) && pg.goodFrom(j) {
		limit = pg.p.MenuWordsInside
	}
	return float64(words) <= limit*float64(j-i) || rel < pg.p.StopLow*float64(words)
}

// goodBefore reports whether a line above line i is running text of
// itself (good, before any context); goodFrom, whether line j or one
// below it is.
func (pg *page) goodBefore(i int) bool {
	for k := i - 1; k >= 0; k-- {
		if pg.fs[k].class == cGood {
			return true
		}
	}
	return false
}

func (pg *page) goodFrom(j int) bool {
	for k := j; k < len(pg.fs); k++ {
		if pg.fs[k].class == cGood {
			return true
		}
	}
	return false
}

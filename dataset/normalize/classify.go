package normalize

import (
	"fmt"

	"github.com/quire-archive/quire/internal/lang"
)

// The line classifier (stage 3b of the package doc; docs/RULES.md)
// decides the lines no line rule decided. It models the page, in steps
// that each have one job and their own tests:
//
//  1. features and context-free classes of each line (features.go);
//  2. furniture evidence: shapes that mark a line as page furniture
//     whatever its class — stamp clusters of comments and teasers
//     (furniture.go, teaser.go), author bios, headings of other stories,
//     share bars, lines repeated on the page, runs of labels (evidence.go);
//  3. context smoothing after jusText (smooth.go): a line that says
//     little of itself takes the class of the lines around it, so lists,
//     code, sub-headings and short paragraphs inside an article stay, and
//     labels among furniture go;
//  4. the end of the article (endmark.go): below an explicit marker
//     (a heading of related stories or comments, a share bar) the page
//     holds no more article unless prose goes on there;
//  5. metadata lines above the text (meta.go) and the title (title.go);
//  6. with corpus statistics, lines repeated across documents (repeats).
//
// A line leaves the text only on positive evidence: a rule, a furniture
// shape, a position below an end marker, repetition, or smoothing that
// finds it among furniture. There is no "body" cut out of the page: what
// lies between two stretches of prose is judged line by line. With no
// prose on the page at all, the classifier removes nothing.
//
// Every threshold and most word lists are in the "classifier" and
// "metadata" sections of rules.json, so RulesSHA256 covers them. The
// word lists still written in the code (stampWords, bioVerbs, dayNames,
// socialNames, the words of commentMarker and timeToken) change with the
// code's version, EngineVersion.

// Rule ids of the classifier, as recorded in removed[].rule.
const (
	ruleContext  = "classifier:context"          // a short or thin line among furniture
	ruleNotProse = "classifier:not-prose"        // long, but not running text, among furniture
	ruleMenuRun  = "classifier:menu-run"         // a run of labels
	ruleInPage   = "classifier:repeated-in-page" // a line the page repeats
	ruleHeading  = "classifier:furniture-heading"
	ruleEnd      = "classifier:after-end" // below the end of the article
	ruleRepeated = "classifier:repeated"  // repeated across the corpus
	ruleComments = "classifier:comments"
	ruleTeasers  = "classifier:teaser-list"
	ruleBio      = "classifier:author-bio"
)

// classify runs the classifier's steps over the current body lines. It
// returns decisions for the lines it removes and, when findTitle is set,
// the index of the title line (-1 if none). Bylines and date lines it
// removes fill meta.
//
// infos and fs are the lines' prefilter data and features, which the
// caller keeps across passes (they depend on a line's text only);
// heading[i] reports that line i directly follows a line a rule removed
// that is a furniture heading or a share bar; set is the document's
// stop-word list.
func (n *Normalizer) classify(lines []Line, infos []*lineInfo, fs []features, heading []bool, findTitle bool, set *lang.Set, meta *passMeta) ([]decision, int) {
	p := &n.rules.cls
	out := make([]decision, len(lines))
	if n.repeats(lines, fs, out) {
		return out, -1 // the next pass sees the page without them
	}
	regions, heads := n.furniture(lines, infos, fs, heading)
	pg := newPage(lines, infos, fs, regions, p)
	if pg.first < 0 {
		return out, -1 // no prose at all: keep everything
	}
	pg.endMarker(regions, heads)
	title := -1
	if findTitle {
		title = n.pickTitle(lines, infos, fs, pg.lead(), set, func(i int) bool {
			// A headline may be given twice, or close a run of labels;
			// it is never a comment, a teaser, a bio or a heading.
			e := pg.evidence[i]
			return pg.final[i] == cBad && (e == nil || e.rule == ruleInPage || e.rule == ruleMenuRun)
		})
	}
	if findTitle && title < 0 && pg.first > 0 && fs[pg.first-1].headline && pg.evidence[pg.first-1] == nil {
		// With no line convincing by its words, the headline-shaped line
		// right above the prose is the headline. Keeping it in the text
		// instead would let it become the title when the text is
		// normalized again.
		title = pg.first - 1
	}
	var slab pieceSlab
	remove := func(i int, rule, why string) {
		out[i] = slab.one(piece{kind: pRemoved, text: lines[i].Text, rule: rule, why: why})
	}
	for i := range lines {
		if i == title {
			continue
		}
		if i < pg.first+p.HeaderAfter && (i < pg.first || fs[i].class == cShort) && regions[i] == nil {
			if rule, why, ok := n.metadataLine(infos[i], meta); ok {
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

// repeats is step 6: with corpus statistics (Options.Repeats), lines
// found in at least RepeatDocs documents that are not good prose are
// removed. It reports whether it removed any; the next pass then sees
// the page without them.
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

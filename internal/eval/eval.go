// Package eval measures how well a normalizer removes page furniture
// without losing article text, on two development sets.
//
//   - The line-labelled set (LoadDevset) is a directory of raw page dumps
//     and one label per non-blank line: content, boilerplate or unsure.
//     The snippet set (LoadSnippetSet) labels each page with a few text
//     snippets a correct extraction must contain and a few it must not.
//     Pages are read one at a time, so memory does not grow with a set.
//   - Score compares one page's labels with the record a normalizer made
//     of it. What a line lost is read from the record's audit trail
//     (Removed spans and Captions, by raw line number); the rest of the
//     line must be found in the record's title or text. A record whose
//     audit trail and output disagree is reported as a consistency error,
//     and the disagreement is always scored against the normalizer, so a
//     normalizer bug can only lower the figures. A byline moved into the
//     record's authors counts as kept (CreditsByline).
//   - Characters are runes of the line after trimming white space at both
//     ends (the measure of the dev set's manifest). Within a line, the
//     white space between a removed span and its neighbours goes with the
//     span, so a line's removed and surviving characters add up to the
//     line's characters exactly, and so do the per-rule figures.
//   - unsure lines are scored nowhere but must still be consistent.
//   - The snippet metric is the one score_snippets.py (the set's own
//     scorer, Python) defines: MatchForm is its ws(), SnippetPresence
//     its substring test, SnippetCounts.PRF its micro figures. Tests run
//     the script on the same outputs and compare every figure. Spans and
//     output are compared in match form on both sets, because the
//     normalizer's input hygiene drops what match form drops.
//   - Summary and SnippetSummary aggregate page scores: micro and macro
//     figures, worst pages, per-rule tables; for the snippet set also
//     traces of every lost or kept snippet to its raw lines and the
//     rules (and reasons) that removed them, and groups by language, URL
//     kind and TLD, to find families of failing pages.
//   - RuleLines asks each line rule alone (normalize's MatchLine) about
//     every line of both sets and books the lines it matches by label or
//     snippet, per half of the pages (PageHalf): a rule that matches
//     article text is wrong whatever the classifier does with the line.
//   - Output is deterministic: pages in name order, rules sorted by id,
//     whatever the number of cores Evaluate runs on.
//
// Import arrows: eval → normalize (for Input), record, pipeline. Nothing
// imports eval except cmd/quire-eval.
package eval

import "fmt"

// Label is the label of one raw line of a dev-set page.
type Label uint8

// The labels. Blank lines carry NoLabel.
const (
	NoLabel Label = iota
	Content
	Boilerplate
	Unsure
)

var labelNames = [...]string{NoLabel: "", Content: "content", Boilerplate: "boilerplate", Unsure: "unsure"}

func (l Label) String() string {
	if int(l) < len(labelNames) {
		return labelNames[l]
	}
	return fmt.Sprintf("Label(%d)", uint8(l))
}

// parseLabel returns the label named s, or NoLabel.
func parseLabel(s string) Label {
	for i, n := range labelNames {
		if n != "" && n == s {
			return Label(i)
		}
	}
	return NoLabel
}

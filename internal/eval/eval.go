// Package eval measures how well a normalizer removes page furniture
// without losing article text, on a labelled development set.
//
//   - The dev set (see LoadDevset) is a directory of raw page dumps and one
//     label per non-blank line: content, boilerplate or unsure. Pages are
//     read one at a time, so memory does not grow with the dev set.
//   - Score compares one page's labels with the record a normalizer made of
//     it. What a line lost is read from the record's audit trail (Removed
//     spans and Captions, by raw line number); the rest of the line must be
//     found in the record's title or text. A record whose audit trail and
//     output disagree is reported as a consistency error, and the
//     disagreement is always scored against the normalizer, so a
//     normalizer bug can only lower the figures.
//   - Characters are runes of the line after trimming white space at both
//     ends (the measure of the dev set's manifest). Within a line, the
//     white space between a removed span and its neighbours goes with the
//     span, so a line's removed and surviving characters add up to the
//     line's characters exactly, and so do the per-rule figures.
//   - unsure lines are scored nowhere but must still be consistent.
//   - Summary aggregates page scores: micro (characters pooled over all
//     pages) and macro (mean of page figures, pages without content or
//     without boilerplate left out of that mean), worst pages, a per-rule
//     table and the content lines that were lost.
//   - Output is deterministic: pages in name order, rules sorted by id.
//
// Import arrows: eval → normalize (for Input), record. Nothing imports
// eval except cmd/quire-eval.
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

package normalize

import (
	"strings"
	"time"
)

// RuleMatch names a line rule that matches a line on its own.
type RuleMatch struct {
	Rule   string // rule id, as in removed[].rule
	Family string // the rule's family
	Where  string // where on a page the rule applies: anywhere, doc-start, outside-body, body-start
}

// MatchLine returns every line rule of the rules file whose keywords,
// word limit and patterns accept the line s (a Line.Text of Clean), in
// the order of the rules file, wherever the line stands on a page.
//
// It exists to measure each rule apart from the rest of the normalizer:
// when a page is normalized only the first rule that matches decides a
// line, zones and passes decide where rules run, and the classifier
// decides what no rule did, so a rule's share of a record's removed
// lines says little about what the rule itself accepts. A rule that
// matches article text anywhere on a dev set is wrong even when the
// normalizer happens to keep that line. The kinds measured are those
// that decide one line alone (prefix, label, line, caption, expander);
// context rules (masthead, caption-fragment) need their neighbours and
// are not reported.
func (n *Normalizer) MatchLine(s string) []RuleMatch {
	li := newLineInfo(s)
	var out []RuleMatch
	for _, r := range n.rules.all {
		if r.matchesAlone(li) {
			out = append(out, RuleMatch{Rule: r.ID, Family: r.Family, Where: r.Where})
		}
	}
	return out
}

// matchesAlone reports whether r would decide the line li when the
// normalizer tried it, by the same tests as lineRules and caption.
func (r *rule) matchesAlone(li *lineInfo) bool {
	s := li.text
	switch r.Kind {
	case kindLabel:
		return len(s) <= 80 && r.labels[strings.TrimRight(li.lower, labelTrim)]
	case kindPrefix, kindLine, kindExpander:
		if !r.prefilter(li) {
			return false
		}
		m := r.match(s)
		if m != nil && r.Sets == "published" {
			d, _, _, _ := r.group(s, m, "published")
			_, err := time.Parse(time.DateOnly, d)
			return err == nil
		}
		return m != nil
	case kindCaption:
		if !r.prefilter(li) {
			return false
		}
		m := r.match(s)
		if m == nil {
			return false
		}
		text, _, _, _ := r.group(s, m, "text")
		credit, _, _, _ := r.group(s, m, "credit")
		return strings.TrimSpace(credit) != "" && countWords(strings.TrimSpace(text)) <= r.MaxWords
	}
	return false
}

// LineRules returns the rules MatchLine can report, in the order of the
// rules file, so a measurement can list the rules that matched nothing.
func (n *Normalizer) LineRules() []RuleMatch {
	var out []RuleMatch
	for _, r := range n.rules.all {
		switch r.Kind {
		case kindLabel, kindPrefix, kindLine, kindExpander, kindCaption:
			out = append(out, RuleMatch{Rule: r.ID, Family: r.Family, Where: r.Where})
		}
	}
	return out
}

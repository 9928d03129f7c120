package normalize

import "strings"

// RuleFamily returns the family of the rule or decision id found in a
// record's removed list: the rules file's family for one of its rules,
// "classifier" for the line classifier's decisions ("classifier:…"), and
// the id itself for the built-in context decisions (masthead,
// caption-fragment, …), which are families of one. A dataset card
// counts removals by family with it.
func (n *Normalizer) RuleFamily(id string) string {
	for _, r := range n.rules.all {
		if r.ID == id {
			return r.Family
		}
	}
	if fam, _, ok := strings.Cut(id, ":"); ok {
		return fam
	}
	return id
}

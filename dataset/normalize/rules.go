package normalize

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"iter"
	"math/bits"
	"regexp"
	"slices"
	"strings"
)

//go:embed rules.json
var rulesJSON []byte

// RulesBytes returns a copy of the embedded rules file, so a bundle can
// record it and its sha256.
func RulesBytes() []byte { return bytes.Clone(rulesJSON) }

// Rule kinds. Line kinds decide one line on its own; context kinds look
// at neighbouring lines.
const (
	kindLine     = "line"     // remove the whole line
	kindLabel    = "label"    // remove a line that is exactly one of Labels
	kindPrefix   = "prefix"   // remove the span matched by group "span", keep the rest
	kindCaption  = "caption"  // split into caption text (group "text") and credit (group "credit")
	kindExpander = "expander" // remove a span (group "span") at the end of a caption line
	kindDateline = "dateline" // keep the line; take the outlet from group "outlet"
	kindMasthead = "masthead" // context: a run of staff/role lines with its header
	kindFragment = "caption-fragment"
)

// Where a rule applies, within the lines of one pass.
const (
	whereAnywhere    = "anywhere"
	whereDocStart    = "doc-start"    // the first line
	whereOutsideBody = "outside-body" // before the first or after the last prose line
	whereBodyStart   = "body-start"   // the first body line
)

// place is a rule's Where as a number, which the passes compare on every
// line.
type place uint8

const (
	placeAnywhere place = iota
	placeDocStart
	placeOutsideBody
	placeBodyStart
)

var ruleIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

type rulesFile struct {
	Version    string            `json:"version"`
	Classifier *classifierParams `json:"classifier"`
	Metadata   *metadataParams   `json:"metadata"`
	Rules      []ruleSpec        `json:"rules"`
}

// classifierParams are the line classifier's thresholds (classify.go,
// docs/RULES.md). They live in the rules file so that its version and
// sha256 change whenever they do.
type classifierParams struct {
	// Classes (features.go). Densities are shares of the document
	// language's prose density ((*lang.Set).ProseDensity).
	LengthLow  int     `json:"length_low"`  // runes: below, a line is short
	LengthHigh int     `json:"length_high"` // runes: from here, dense lines are good
	StopLow    float64 `json:"stop_low"`    // stop-word density of near-good lines
	StopHigh   float64 `json:"stop_high"`   // stop-word density of good lines
	// A line that ends like a sentence is good from LengthTerm runes and
	// density StopTerm, near-good from density StopTermLow.
	LengthTerm  int     `json:"length_term"`
	StopTerm    float64 `json:"stop_term"`
	StopTermLow float64 `json:"stop_term_low"`
	// A short line of at least SentenceWords words that ends like a
	// sentence (or in a colon), with a density of at least StopTermLow,
	// and is not headline-shaped is near-good: one-sentence paragraphs
	// and lead-ins to lists are common in text dumps.
	SentenceWords int `json:"sentence_words"`
	// ListMin lines in a row, each under ListLength runes, sharing a
	// mark (shapeMask) are a list.
	ListMin    int `json:"list_min"`
	ListLength int `json:"list_length"`
	// Evidence (evidence.go): MenuRun short lines in a row that hold at
	// most MenuWords words a line on average, or a density below
	// StopLow, are a menu. Between the article's prose (running text
	// above and below the run) the average must be at most
	// MenuWordsInside: there a run of short lines is more often the
	// article's own list (release notes, features, steps) than a menu.
	MenuRun         int     `json:"menu_run"`
	MenuWords       float64 `json:"menu_words"`
	MenuWordsInside float64 `json:"menu_words_inside"`
	// StampRun or more meta lines (time stamps, comment markers), each
	// at most StampGap lines from the next, are a list of comments or
	// teasers (furniture.go).
	StampRun int `json:"stamp_run"`
	StampGap int `json:"stamp_gap"`
	// FurnitureHeadings start the heading of a section of other stories
	// or of comments (lower case, matched as a prefix of whole words).
	FurnitureHeadings []string `json:"furniture_headings"`
	// BioRoles are the job words of an author bio ("is a reporter").
	BioRoles []string `json:"bio_roles"`
	// End of the article (endmark.go): EndRun prose lines in a row within
	// EndWindow lines below an end marker are more of the article.
	// A marker ends the article only after EndAbove runes of its prose.
	EndRun    int `json:"end_run"`
	EndWindow int `json:"end_window"`
	EndAbove  int `json:"end_above"`
	// Metadata lines (bylines, date lines; meta.go) are read above the
	// first prose line and in the HeaderAfter lines after it.
	HeaderAfter int `json:"header_after"`
	// The title (title.go) is looked for in TitleWindow lines above the
	// start of the text, scored against its first TitleLeadBytes, and
	// needs TitleMinScore.
	TitleWindow    int     `json:"title_window"`
	TitleLeadBytes int     `json:"title_lead_bytes"`
	TitleMinScore  float64 `json:"title_min_score"`
	// A title has at least TitleWords content words (not stop words, at
	// least three letters).
	TitleWords int `json:"title_words"`

	headings headingSet // FurnitureHeadings by first word
}

// check rejects missing (zero) or out-of-range parameters.
func (p *classifierParams) check() error {
	ints := []struct {
		name string
		v    int
	}{{"length_low", p.LengthLow}, {"length_high", p.LengthHigh}, {"length_term", p.LengthTerm},
		{"sentence_words", p.SentenceWords}, {"list_min", p.ListMin}, {"list_length", p.ListLength},
		{"menu_run", p.MenuRun}, {"stamp_run", p.StampRun}, {"stamp_gap", p.StampGap},
		{"end_run", p.EndRun}, {"end_window", p.EndWindow}, {"end_above", p.EndAbove}, {"header_after", p.HeaderAfter},
		{"title_window", p.TitleWindow}, {"title_words", p.TitleWords}, {"title_lead_bytes", p.TitleLeadBytes}}
	for _, f := range ints {
		if f.v <= 0 {
			return fmt.Errorf("classifier: %s must be a positive integer, got %d", f.name, f.v)
		}
	}
	fracs := []struct {
		name string
		v    float64
	}{{"stop_low", p.StopLow}, {"stop_high", p.StopHigh}, {"stop_term", p.StopTerm}, {"stop_term_low", p.StopTermLow}}
	for _, f := range fracs {
		if !(f.v > 0 && f.v <= 1) {
			return fmt.Errorf("classifier: %s must be in (0, 1], got %v", f.name, f.v)
		}
	}
	for _, l := range []struct {
		name string
		v    []string
	}{{"furniture_headings", p.FurnitureHeadings}, {"bio_roles", p.BioRoles}} {
		if len(l.v) == 0 {
			return fmt.Errorf("classifier: %s must not be empty", l.name)
		}
		for _, w := range l.v {
			if w == "" || w != strings.ToLower(w) || strings.TrimSpace(w) != w {
				return fmt.Errorf("classifier: %s: %q must be trimmed, non-empty lower case", l.name, w)
			}
		}
	}
	if !(p.MenuWords > 0) || !(p.TitleMinScore > 0) {
		return fmt.Errorf("classifier: menu_words and title_min_score must be positive")
	}
	if !(p.MenuWordsInside > 0 && p.MenuWordsInside <= p.MenuWords) {
		return fmt.Errorf("classifier: menu_words_inside must be positive and at most menu_words, got %v", p.MenuWordsInside)
	}
	p.headings = newHeadingSet(p.FurnitureHeadings)
	return nil
}

type ruleSpec struct {
	ID       string   `json:"id"`
	Family   string   `json:"family"`
	Kind     string   `json:"kind"`
	Where    string   `json:"where"`
	Doc      string   `json:"doc"`
	Keywords []string `json:"keywords,omitempty"` // lower-case; at least one must occur
	Patterns []string `json:"patterns,omitempty"` // all must match
	Labels   []string `json:"labels,omitempty"`
	MaxWords int      `json:"max_words,omitempty"` // 0: no limit
	Sets     string   `json:"sets,omitempty"`      // "published" or "outlet", from the group of that name
	Why      string   `json:"why,omitempty"`
	Examples struct {
		Positive []string `json:"positive"`
		Negative []string `json:"negative"`
	} `json:"examples"`
}

// rule is a compiled ruleSpec.
type rule struct {
	ruleSpec
	place place // Where
	res   []*regexp.Regexp
	// splits are the patterns' first-rune splits (firstsplit.go), nil
	// for a pattern that has none: where only whether a pattern matches
	// is asked, it is asked of the split.
	splits []*firstSplit
	ends   []endSet // per pattern; nil when the last rune tells nothing
	tails  []int    // per pattern: longest match at the end of the text, -1 if unbounded or not anchored
	// lits are the patterns' literal checks (literals.go), per pattern
	// (nil: none); checked is set when one is not nil. deviant are the
	// runes that make the checks unusable on a line: those of all rules
	// of the rule set, so that a line is looked at for them once
	// (lineInfo.deviant).
	lits    []*litCheck
	checked bool
	deviant []rune
	labels  map[string]bool
	kw      []int       // indexes into ruleSet.keywords
	set     *keywordSet // of the rule set, shared by its rules
	pos     int         // index in ruleSet.all, its bit in lineInfo.cand
	// groups is set when a caller reads the first pattern's groups;
	// otherwise only whether it matches is asked, which the matcher
	// answers without tracking submatches.
	groups bool
}

// maxKeywords bounds the distinct prefilter keywords of a rules file
// (their indexes are uint16). The rules of eight languages name about
// 600 (rules 1.5.0).
const maxKeywords = 1 << 12

// maxRules bounds the rules of a rules file, so that the rules a line's
// keywords admit fit in a fixed bit set (lineInfo.cand).
const maxRules = 256

type ruleSet struct {
	version  string
	all      []*rule
	kinds    kindRules
	index    map[string]*kindIndex // for admitted, by kind
	keywords keywordSet            // distinct keywords of all rules
	cls      classifierParams
	meta     metadataParams
}

var semverPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

// compileRules parses and checks a rules file.
func compileRules(data []byte) (*ruleSet, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f rulesFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if !semverPattern.MatchString(f.Version) {
		return nil, fmt.Errorf("rules: version %q is not semver", f.Version)
	}
	if f.Classifier == nil {
		return nil, fmt.Errorf("rules: no classifier section")
	}
	if err := f.Classifier.check(); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if f.Metadata == nil {
		return nil, fmt.Errorf("rules: no metadata section")
	}
	if err := f.Metadata.check(); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	rs := &ruleSet{version: f.Version, cls: *f.Classifier, meta: *f.Metadata, index: map[string]*kindIndex{}}
	byKind := map[string][]*rule{}
	seen := map[string]bool{}
	for i, s := range f.Rules {
		r, err := compileRule(s)
		if err != nil {
			return nil, fmt.Errorf("rules: rule %d (%q): %w", i, s.ID, err)
		}
		if seen[s.ID] {
			return nil, fmt.Errorf("rules: duplicate rule id %q", s.ID)
		}
		seen[s.ID] = true
		if len(rs.all) >= maxRules {
			return nil, fmt.Errorf("rules: more than %d rules", maxRules)
		}
		r.pos = len(rs.all)
		for _, k := range s.Keywords {
			i := rs.keywords.add(k)
			if i >= maxKeywords {
				return nil, fmt.Errorf("rules: more than %d distinct keywords", maxKeywords)
			}
			r.kw = append(r.kw, i)
			rs.keywords.rules[i][r.pos/64] |= 1 << (r.pos % 64)
		}
		r.set = &rs.keywords
		rs.all = append(rs.all, r)
		byKind[s.Kind] = append(byKind[s.Kind], r)
		rs.index[s.Kind] = rs.index[s.Kind].add(r)
	}
	var deviant []rune
	for _, r := range rs.all {
		for _, d := range r.deviant {
			if !slices.Contains(deviant, d) {
				deviant = append(deviant, d)
			}
		}
	}
	for _, r := range rs.all {
		r.deviant = deviant
	}
	rs.kinds = kindRules{prefix: byKind[kindPrefix], label: byKind[kindLabel], line: byKind[kindLine],
		caption: byKind[kindCaption], expander: byKind[kindExpander], dateline: byKind[kindDateline],
		masthead: byKind[kindMasthead], fragment: byKind[kindFragment]}
	return rs, nil
}

// kindRules are the rules of each kind, in the order of the rules file:
// fields rather than a map, since the passes ask for them on every line.
type kindRules struct {
	prefix, label, line, caption, expander, dateline, masthead, fragment []*rule
}

func compileRule(s ruleSpec) (*rule, error) {
	if !ruleIDPattern.MatchString(s.ID) {
		return nil, fmt.Errorf("id does not match %s", ruleIDPattern)
	}
	if s.Family == "" || s.Doc == "" {
		return nil, fmt.Errorf("family and doc are required")
	}
	if len(s.Examples.Positive) == 0 || len(s.Examples.Negative) == 0 {
		return nil, fmt.Errorf("needs at least one positive and one negative example")
	}
	r := &rule{ruleSpec: s, groups: s.Sets != "" || s.Kind != kindLine}
	switch s.Where {
	case whereAnywhere:
		r.place = placeAnywhere
	case whereDocStart:
		r.place = placeDocStart
	case whereOutsideBody:
		r.place = placeOutsideBody
	case whereBodyStart:
		r.place = placeBodyStart
	default:
		return nil, fmt.Errorf("unknown where %q", s.Where)
	}
	for _, k := range s.Keywords {
		if k == "" || k != strings.ToLower(k) {
			return nil, fmt.Errorf("keyword %q must be non-empty lower case", k)
		}
	}
	for _, p := range s.Patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		r.res = append(r.res, re)
		r.splits = append(r.splits, newFirstSplit(p, re))
		e, err := patternEndSet(p)
		if err != nil {
			return nil, err
		}
		r.ends = append(r.ends, e)
		tail, err := patternTail(p)
		if err != nil {
			return nil, err
		}
		r.tails = append(r.tails, tail)
		lc, dev, err := patternCheck(p, tail >= 0)
		if err != nil {
			return nil, err
		}
		r.lits = append(r.lits, lc)
		r.checked = r.checked || lc != nil
		r.deviant = append(r.deviant, dev...)
	}
	need := map[string]string{kindPrefix: "span", kindCaption: "credit", kindExpander: "span", kindDateline: "outlet"}
	switch s.Kind {
	case kindLabel:
		r.labels = map[string]bool{}
		for _, l := range s.Labels {
			r.labels[labelKey(l)] = true
		}
		if len(r.labels) == 0 {
			return nil, fmt.Errorf("label rule without labels")
		}
	case kindLine, kindPrefix, kindCaption, kindExpander, kindDateline:
		if len(r.res) == 0 {
			return nil, fmt.Errorf("%s rule without patterns", s.Kind)
		}
		if g := need[s.Kind]; g != "" && r.res[0].SubexpIndex(g) < 0 {
			return nil, fmt.Errorf("first pattern lacks group %q", g)
		}
	case kindMasthead, kindFragment:
	default:
		return nil, fmt.Errorf("unknown kind %q", s.Kind)
	}
	if s.Sets != "" && (len(r.res) == 0 || r.res[0].SubexpIndex(s.Sets) < 0) {
		return nil, fmt.Errorf("sets %q but the first pattern has no such group", s.Sets)
	}
	return r, nil
}

// labelKey is the form labels are compared in: lower case, without
// trailing punctuation such as ":" or "»".
func labelKey(s string) string {
	return strings.ToLower(strings.TrimRight(s, labelTrim))
}

// labelTrim are the marks labelKey trims.
const labelTrim = " :»›|>•·-–—"

// prefilter reports whether the cheap checks allow the rule to run:
// the word limit, the keywords and the patterns' literals (on the
// lower-cased line). The one scan of a line for all keywords also
// collects the rules they admit, so asking for one rule is a single bit
// test however many rules there are.
func (r *rule) prefilter(li *lineInfo) bool {
	if r.MaxWords > 0 && li.words > r.MaxWords {
		return false
	}
	if len(r.kw) != 0 {
		if !li.scanned {
			r.set.scan(li)
		}
		if li.cand[r.pos/64]&(1<<(r.pos%64)) == 0 {
			return false
		}
	}
	return r.literals(li)
}

// literals reports whether li passes the literal checks of every
// pattern: when it does not, no pattern can match (literals.go).
func (r *rule) literals(li *lineInfo) bool {
	if !r.checked {
		return true
	}
	if li.deviant == 0 {
		li.deviant = -1
		for _, d := range r.deviant {
			if strings.ContainsRune(li.lower, d) {
				li.deviant = 1
				break
			}
		}
	}
	if li.deviant > 0 {
		return true
	}
	for _, c := range r.lits {
		if c != nil && !c.allows(li.lower) {
			return false
		}
	}
	return true
}

// match runs the patterns; the first pattern's submatches are returned.
func (r *rule) match(s string) []int {
	for _, e := range r.ends {
		if !e.allows(s) {
			return nil
		}
	}
	var m []int
	for i, re := range r.res {
		cut := 0
		if r.tails[i] >= 0 {
			cut = tailStart(s, r.tails[i])
		}
		if i == 0 && !r.groups {
			if !r.matchString(i, s[cut:]) {
				return nil
			}
			m = []int{0, len(s)} // the line; no caller reads more
		} else if i == 0 {
			m = re.FindStringSubmatchIndex(s[cut:])
			if m == nil {
				return nil
			}
			for k := range m {
				if m[k] >= 0 {
					m[k] += cut
				}
			}
		} else if !r.matchString(i, s[cut:]) {
			return nil
		}
	}
	return m
}

// matchString reports whether pattern i matches s, through its split
// when it has one.
func (r *rule) matchString(i int, s string) bool {
	if sp := r.splits[i]; sp != nil {
		return sp.MatchString(s)
	}
	return r.res[i].MatchString(s)
}

// matches reports whether match would find a match. Go's regexp finds
// a match faster when it need not say where the groups are.
func (r *rule) matches(s string) bool {
	for _, e := range r.ends {
		if !e.allows(s) {
			return false
		}
	}
	for i := range r.res {
		cut := 0
		if r.tails[i] >= 0 {
			cut = tailStart(s, r.tails[i])
		}
		if !r.matchString(i, s[cut:]) {
			return false
		}
	}
	return true
}

// group returns the text of the named group of the first pattern.
func (r *rule) group(s string, m []int, name string) (string, int, int, bool) {
	i := r.res[0].SubexpIndex(name)
	if i < 0 || m[2*i] < 0 {
		return "", 0, 0, false
	}
	return s[m[2*i]:m[2*i+1]], m[2*i], m[2*i+1], true
}

// keywordSet finds all prefilter keywords of a line in one scan of its
// lower-cased text. Most bytes of prose start no keyword, so each byte
// is first tested against small tables that fit in L1 cache: the
// one-byte keywords, the first two bytes of the two-byte ones, and a
// hashed filter of the first three bytes of the longer ones. Only where
// the filter passes are the few keywords of that hash's bucket compared,
// four bytes at once before the rest. The filter can pass falsely (hash
// collisions) but never fails falsely, so the answer is exact.
type keywordSet struct {
	words   []string
	single  [256]bool   // the one-byte keywords
	singleK [256]uint16 // and their indexes
	// two lists the two-byte keywords by first byte; pair has bit a<<8|b
	// set for each.
	two  [256][]uint16
	pair [1 << 16 / 64]uint64
	// tri has bit triHash(a, b, c) set when a keyword of three bytes or
	// more starts with a, b, c; bucket holds those keywords by the hash.
	tri    [triBits / 64]uint64
	bucket [triBuckets][]kwHead
	// rules has, per keyword, the rules that name it (bits by rule.pos).
	rules [][maxRules / 64]uint64
}

// kwHead is a keyword of three bytes or more: its first four bytes (or
// three) as a little-endian word and the mask of those bytes.
type kwHead struct {
	head, mask uint32
	k          uint16
	long       bool // more than four bytes: compare the rest too
}

// triBits is the size of the trigram filter: 64 Kibit is 8 KiB, and
// with a few hundred keywords it passes about 1 byte position in 100.
// triBuckets is the number of buckets the filter's hits are looked up in.
const (
	triBits    = 1 << 16
	triBuckets = 1 << 10
)

func triHash(a, b, c byte) uint32 {
	return (uint32(a)*0x9E3779B1 ^ uint32(b)*0x85EBCA77 ^ uint32(c)*0xC2B2AE3D) >> 16
}

// load4 returns up to four bytes of s from i as a little-endian word,
// zero past the end (no keyword holds a zero byte).
func load4(s string, i int) uint32 {
	if i+4 <= len(s) {
		return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
	}
	var v uint32
	for j := 0; i+j < len(s); j++ {
		v |= uint32(s[i+j]) << (8 * j)
	}
	return v
}

// add returns the index of keyword k, adding it if new.
func (ks *keywordSet) add(k string) int {
	if i := slices.Index(ks.words, k); i >= 0 {
		return i
	}
	ks.words = append(ks.words, k)
	ks.rules = append(ks.rules, [maxRules / 64]uint64{})
	i := len(ks.words) - 1
	if i >= maxKeywords {
		return i // rejected by the caller
	}
	switch len(k) {
	case 1:
		ks.single[k[0]], ks.singleK[k[0]] = true, uint16(i)
	case 2:
		p := uint32(k[0])<<8 | uint32(k[1])
		ks.pair[p/64] |= 1 << (p % 64)
		ks.two[k[0]] = append(ks.two[k[0]], uint16(i))
	default:
		h := triHash(k[0], k[1], k[2])
		ks.tri[h/64] |= 1 << (h % 64)
		n := min(len(k), 4)
		e := kwHead{head: load4(k[:n], 0), mask: 1<<(8*n) - 1, k: uint16(i), long: len(k) > 4}
		if n == 4 {
			e.mask = 0xFFFFFFFF
		}
		ks.bucket[h%triBuckets] = append(ks.bucket[h%triBuckets], e)
	}
	return i
}

// scan records in li.cand the rules that name a keyword that occurs in
// li.lower.
func (ks *keywordSet) scan(li *lineInfo) {
	li.scanned = true
	ks.find(li.lower, func(k uint16) { li.admit(&ks.rules[k]) })
}

// find calls hit with the index of every keyword that occurs in s (a
// lower-cased line), once per occurrence.
func (ks *keywordSet) find(s string, hit func(k uint16)) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ks.single[c] {
			hit(ks.singleK[c])
		}
		if i+1 >= len(s) {
			continue
		}
		if p := uint32(c)<<8 | uint32(s[i+1]); ks.pair[p/64]&(1<<(p%64)) != 0 {
			for _, k := range ks.two[c] {
				if ks.words[k][1] == s[i+1] {
					hit(k)
				}
			}
		}
		if i+2 >= len(s) {
			continue
		}
		h := triHash(c, s[i+1], s[i+2])
		if ks.tri[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		v := load4(s, i)
		for _, e := range ks.bucket[h%triBuckets] {
			if v&e.mask == e.head && (!e.long || strings.HasPrefix(s[i:], ks.words[e.k])) {
				hit(e.k)
			}
		}
	}
}

// admit adds rules to the line's candidate rules.
func (li *lineInfo) admit(rules *[maxRules / 64]uint64) {
	for i, w := range rules {
		li.cand[i] |= w
	}
}

// kindIndex is what admitted needs to know of the rules of one kind.
type kindIndex struct {
	rules    [maxRules / 64]uint64 // the kind's rules, by rule.pos
	noKw     [maxRules / 64]uint64 // those without keywords
	maxWords int                   // the largest MaxWords; -1 if one has none
}

func (ki *kindIndex) add(r *rule) *kindIndex {
	if ki == nil {
		ki = &kindIndex{}
	}
	ki.rules[r.pos/64] |= 1 << (r.pos % 64)
	if len(r.kw) == 0 {
		ki.noKw[r.pos/64] |= 1 << (r.pos % 64)
	}
	if r.MaxWords == 0 {
		ki.maxWords = -1
	} else if ki.maxWords >= 0 {
		ki.maxWords = max(ki.maxWords, r.MaxWords)
	}
	return ki
}

// admitted yields, in the order of the rules file, the rules of kind
// whose prefilter admits li: a walk over the bits of the rules the
// line's keywords name, so a line costs the few rules it may match, not
// a test of every rule. A line too long for all of them is not scanned.
func (rs *ruleSet) admitted(li *lineInfo, kind string) iter.Seq[*rule] {
	return func(yield func(*rule) bool) {
		ki := rs.index[kind]
		if ki == nil || ki.maxWords >= 0 && li.words > ki.maxWords {
			return
		}
		if !li.scanned {
			rs.keywords.scan(li)
		}
		for w := range ki.rules {
			for b := ki.rules[w] & (ki.noKw[w] | li.cand[w]); b != 0; b &= b - 1 {
				r := rs.all[w*64+bits.TrailingZeros64(b)]
				if r.MaxWords > 0 && li.words > r.MaxWords {
					continue
				}
				if !yield(r) {
					return
				}
			}
		}
	}
}

package normalize

import (
	"encoding/binary"
	"fmt"
	"github.com/quire-archive/quire/internal/lang"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

type pieceKind int

const (
	pBody pieceKind = iota
	pTitle
	pCaption
	pRemoved
)

// piece is the whole or a span of one line, with what became of it.
type piece struct {
	kind   pieceKind
	text   string
	credit string // captions only; "" means no credit
	rule   string // rule id (removed pieces, captions)
	why    string
}

// decision replaces the body piece of one line; nil keeps it.
type decision []piece

// pieceSlab hands out decisions of one piece cut from shared chunks, so
// that a step that removes many lines allocates once in a while rather
// than once a line. Each decision's capacity is its length: appending to
// one never writes into the next.
type pieceSlab struct{ free []piece }

// slabChunk is the pieces a slab allocates at a time.
const slabChunk = 64

func (s *pieceSlab) one(p piece) decision {
	if len(s.free) == 0 {
		s.free = make([]piece, slabChunk)
	}
	s.free[0] = p
	d := s.free[:1:1]
	s.free = s.free[1:]
	return d
}

// lineInfo caches what the prefilter needs: the lower-cased text, the
// word count and, once a rule asks, which keywords occur and so which
// rules may match (one scan for all keywords; see keywordSet).
type lineInfo struct {
	text    string
	lower   string
	words   int
	scanned bool
	deviant int8                  // the line holds a rune rule.deviant names: 1 yes, -1 no, 0 not known
	cand    [maxRules / 64]uint64 // rules whose keywords occur (rule.pos)
}

func newLineInfo(s string) *lineInfo {
	return &lineInfo{text: s, lower: strings.ToLower(s), words: countWords(s)}
}

// lowerAll returns strings.ToLower of every line, cut from one string
// (one allocation per document instead of one per line), built in the
// scratch buffer of sc.
func lowerAll(lines []Line, sc *docScratch) []string {
	buf := sc.lower[:0]
	ends := make([]int, len(lines))
	for i, l := range lines {
		buf = appendLower(buf, l.Text)
		ends[i] = len(buf)
	}
	sc.lower = buf
	all := string(buf)
	out := make([]string, len(lines))
	start := 0
	for i, e := range ends {
		out[i], start = all[start:e], e
	}
	return out
}

// appendLower appends strings.ToLower(s) to b: ASCII eight bytes at a
// time, other runes through unicode.ToLower, as strings.ToLower does.
func appendLower(b []byte, s string) []byte {
	const (
		high = 0x8080808080808080
		geA  = 0x3f3f3f3f3f3f3f3f // + byte: bit 7 set from 'A' on (0x80 - 'A')
		gtZ  = 0x2525252525252525 // + byte: bit 7 set after 'Z' (0x80 - 'Z' - 1)
	)
	for i := 0; i < len(s); {
		if i+8 <= len(s) {
			w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if w&high == 0 {
				// Bytes below 0x80 carry into no neighbour; a capital
				// gets 0x20, bit 7 shifted right twice.
				upper := (w + geA) &^ (w + gtZ) & high
				b = binary.LittleEndian.AppendUint64(b, w|upper>>2)
				i += 8
				continue
			}
		}
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, unicode.ToLower(r))
		i += n
	}
	return b
}

// countWords counts the space-separated words of s.
func countWords(s string) int {
	if s == "" {
		return 0
	}
	// Cleaned lines are trimmed with single spaces: then the count is
	// the spaces plus one, which strings.Count finds with SIMD.
	if s[0] != ' ' && s[len(s)-1] != ' ' && !hasDoubleSpace(s) {
		return strings.Count(s, " ") + 1
	}
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// cleanWords is countWords of a line as Clean returns it: trimmed, with
// single spaces between words (FuzzClean checks), so the count is the
// spaces plus one, without looking for double spaces first.
func cleanWords(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, " ") + 1
}

// memoKey is what the line rules' decision on a line depends on.
type memoKey struct {
	text           string
	start, outside bool
	ok             bool
}

// passMeta is what a pass learns besides decisions.
type passMeta struct {
	published string
	dated     bool     // a date line was read (the first one decides)
	authors   []string // from bylines, in order
	lang      lang.Lang
	outlet    string // from a promo line; the dateline is read later
}

// pass runs the line rules and then the context rules once over the
// current body lines. Decisions of one pass see the lines as they were
// at its start; the caller repeats passes until nothing changes.
//
// infos are the lines' prefilter data, which the caller keeps across
// passes. memo holds, per line, the text and zone under which the line rules
// last kept it; they are not run again on an unchanged line, since they
// look at nothing else. memo may be nil. The decisions are returned in
// buf, cleared and grown to the number of lines: the caller reads them
// before the next pass.
func (n *Normalizer) pass(lines []Line, infos []*lineInfo, memo []memoKey, meta *passMeta, buf []decision) []decision {
	out := resize(buf, len(lines))
	clear(out)
	firstProse, lastProse := -1, -1
	for i := range lines {
		if isProse(infos[i]) {
			if firstProse < 0 {
				firstProse = i
			}
			lastProse = i
		}
	}
	for i := range lines {
		z := zone{start: i == 0, outside: firstProse >= 0 && (i < firstProse || i > lastProse)}
		key := memoKey{text: lines[i].Text, start: z.start, outside: z.outside, ok: true}
		if memo != nil && memo[i] == key {
			continue
		}
		out[i] = n.lineRules(infos[i], z, meta)
		if memo != nil && out[i] == nil {
			memo[i] = key
		}
	}
	n.mastheads(lines, infos, out)
	n.captionFragments(lines, infos, out)
	return out
}

// zone is where a line stands in a pass, as a rule's Where asks.
type zone struct {
	start   bool // the first line
	outside bool // before the first or after the last prose line
}

// has reports whether a rule that applies at p applies in the zone.
func (z zone) has(p place) bool {
	switch p {
	case placeDocStart:
		return z.start
	case placeOutsideBody:
		return z.outside
	case placeBodyStart:
		return false // metadata only; see dateline
	}
	return true
}

// lineRules decides one line on its own: prefixes, labels, whole-line
// rules, then captions.
func (n *Normalizer) lineRules(li *lineInfo, at zone, meta *passMeta) decision {
	s := li.text
	for _, r := range n.rules.kinds.prefix {
		if !at.has(r.place) || !r.prefilter(li) {
			continue
		}
		m := r.match(s)
		if m == nil {
			continue
		}
		span, _, end, _ := r.group(s, m, "span")
		if r.Sets == "published" {
			d, _, _, _ := r.group(s, m, "published")
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				continue
			}
			if meta.published == "" {
				meta.published = d
			}
		}
		d := decision{{kind: pRemoved, text: strings.TrimSpace(span), rule: r.ID, why: r.Why}}
		if rest := strings.TrimSpace(s[end:]); rest != "" {
			d = append(d, piece{kind: pBody, text: rest})
		}
		return d
	}
	if len(s) <= 80 {
		// labelKey(s), from the lower-cased text: lowering neither makes
		// nor changes the trimmed marks.
		key := strings.TrimRight(li.lower, labelTrim)
		for _, r := range n.rules.kinds.label {
			if at.has(r.place) && r.labels[key] {
				return removeAll(s, r)
			}
		}
	}
	for r := range n.rules.admitted(li, kindLine) {
		if !at.has(r.place) || !r.literals(li) {
			continue
		}
		m := r.match(s)
		if m == nil {
			continue
		}
		if r.Sets == "outlet" {
			if o, _, _, ok := r.group(s, m, "outlet"); ok && meta.outlet == "" {
				meta.outlet = strings.TrimSpace(o)
			}
		}
		return removeAll(s, r)
	}
	return n.caption(li, at)
}

func removeAll(s string, r *rule) decision {
	return decision{{kind: pRemoved, text: s, rule: r.ID, why: r.Why}}
}

// caption splits a caption line into an optional truncated copy, the
// caption text, its credit and an optional expander ("MORE LESS").
func (n *Normalizer) caption(li *lineInfo, at zone) decision {
	s := li.text
	var tail *piece
	for _, r := range n.rules.kinds.expander {
		if !at.has(r.place) || !r.prefilter(li) {
			continue
		}
		if m := r.match(s); m != nil {
			span, start, _, _ := r.group(s, m, "span")
			tail = &piece{kind: pRemoved, text: strings.TrimSpace(span), rule: r.ID, why: r.Why}
			s = strings.TrimSpace(s[:start])
			break
		}
	}
	if s != li.text {
		li = newLineInfo(s)
	}
	for _, r := range n.rules.kinds.caption {
		if !at.has(r.place) || !r.prefilter(li) {
			continue
		}
		m := r.match(s)
		if m == nil {
			continue
		}
		text, _, _, _ := r.group(s, m, "text")
		credit, _, _, _ := r.group(s, m, "credit")
		text, credit = strings.TrimSpace(text), strings.TrimSpace(credit)
		if credit == "" || countWords(text) > r.MaxWords {
			continue
		}
		var d decision
		if frag, rest, ok := truncatedCopy(text); ok && len(n.rules.kinds.fragment) > 0 {
			f := n.rules.kinds.fragment[0]
			d = append(d, piece{kind: pRemoved, text: frag, rule: f.ID, why: "truncated copy of the caption that follows it"})
			text = rest
		}
		d = append(d, piece{kind: pCaption, text: text, credit: credit, rule: r.ID})
		if tail != nil {
			d = append(d, *tail)
		}
		return d
	}
	return nil
}

// truncatedCopy finds captions given twice, first cut short with an
// ellipsis ("A man at the stadium in Madis... A man at the stadium in
// Madison, Alabama."), as pages that carry a short and a long caption do.
func truncatedCopy(s string) (frag, rest string, ok bool) {
	for _, ell := range []string{"... ", "… "} {
		i := strings.Index(s, ell)
		if i < 20 {
			continue
		}
		head := strings.TrimRight(s[:i], " ,;")
		tail := strings.TrimSpace(s[i+len(ell):])
		if strings.HasPrefix(tail, head) && len(tail) > len(head) {
			return strings.TrimSpace(s[:i+len(ell)]), tail, true
		}
	}
	return "", "", false
}

// mastheads removes runs of staff/role lines ("Executive Editor:") with
// the short header and label lines around them.
func (n *Normalizer) mastheads(lines []Line, infos []*lineInfo, out []decision) {
	for _, r := range n.rules.kinds.masthead {
		role := func(i int) bool { return out[i] == nil && r.prefilter(infos[i]) && r.matches(infos[i].text) }
		// A short label line, or a line another rule removes whole
		// (such as "Comments"), may sit inside or next to the run.
		short := func(i int) bool {
			if out[i] != nil {
				return len(out[i]) == 1 && out[i][0].kind == pRemoved
			}
			return infos[i].words <= 5 && !endsSentence(infos[i].text)
		}
		for i := 0; i < len(lines); {
			if !role(i) {
				i++
				continue
			}
			j, roles := i, 0
			for j < len(lines) && (role(j) || short(j)) {
				if role(j) {
					roles++
				}
				j++
			}
			start := i
			for k := 0; k < 3 && start > 0 && short(start-1); k++ {
				start--
			}
			if roles >= 3 && 2*roles >= j-start {
				for k := start; k < j; k++ {
					if out[k] != nil {
						continue
					}
					why := "label next to a masthead"
					if role(k) {
						why = "staff role line"
					}
					out[k] = decision{{kind: pRemoved, text: lines[k].Text, rule: r.ID, why: why}}
				}
			}
			i = j
		}
	}
}

// captionFragments removes a line whose whole text reappears inside a
// caption on a neighbouring line: a cut-off copy of the caption.
func (n *Normalizer) captionFragments(lines []Line, infos []*lineInfo, out []decision) {
	if len(n.rules.kinds.fragment) == 0 {
		return
	}
	r := n.rules.kinds.fragment[0]
	for i := range lines {
		if out[i] != nil || infos[i].words < 3 {
			continue
		}
		for _, j := range []int{i + 1, i - 1} {
			if j < 0 || j >= len(lines) || lines[j].N-lines[i].N > 2 || lines[i].N-lines[j].N > 2 {
				continue
			}
			c := captionOf(out[j])
			if c != nil && len(lines[i].Text) < len(c.text) && strings.Contains(c.text, lines[i].Text) {
				out[i] = decision{{kind: pRemoved, text: lines[i].Text, rule: r.ID,
					why: fmt.Sprintf("repeats part of the caption on line %d", lines[j].N)}}
				break
			}
		}
	}
}

func captionOf(d decision) *piece {
	for i := range d {
		if d[i].kind == pCaption {
			return &d[i]
		}
	}
	return nil
}

// trimClosers drops closing quotes and brackets from the end of s.
func trimClosers(s string) string { return closers.trimRight(s) }

// closers are the marks trimClosers drops.
var closers = newCutset("\"'”’»)]")

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func endsSentence(s string) bool {
	switch lastRune(trimClosers(s)) {
	case '.', '!', '?', '…':
		return true
	}
	return false
}

// isProse is true for a line that reads as running text. Its definition
// and headlineShaped's exclude each other, so that a title is never
// followed by another title candidate.
func isProse(li *lineInfo) bool {
	switch lastRune(trimClosers(li.text)) {
	case '.', '…':
		return li.words >= 8
	case '?', '!':
		return li.words >= 13
	}
	return li.words >= 25
}

// headlineShaped is true for a short line that can be a headline: no
// terminal period, 3 to 20 words, starting like a headline. runes is
// the line's length in runes.
func headlineShaped(li *lineInfo, runes int) bool {
	if li.words < 3 || li.words > 20 || runes > 160 {
		return false
	}
	switch lastRune(trimClosers(li.text)) {
	case '.', '…', ',', ';', ':', '-', '–', '—', '|':
		return false
	case '?', '!':
		if li.words > 12 {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(li.text)
	if !(unicode.IsUpper(first) || unicode.IsDigit(first) || strings.ContainsRune("\"'‘“", first)) {
		return false
	}
	return !notHeadline(li.text)
}

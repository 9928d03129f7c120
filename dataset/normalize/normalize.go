package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/lang"
)

// MaxDocumentBytes is the largest raw document quire accepts.
const MaxDocumentBytes = 8 << 20

// maxPasses bounds the rule passes over one document. Passes repeat
// until nothing changes, which takes two or three on real pages; the
// bound only matters for adversarial input.
const maxPasses = 32

// EngineVersion is the version of the normalizer's Go code: the parts of
// its behaviour that rules.json cannot describe (how lines are split,
// scored, smoothed and assembled). It is bumped whenever a change of the
// code changes any record for the same rules file, and is recorded
// beside the rules version and sha256 in a release's manifest, so the
// two together name the normalizer that made a record. A test compares
// the records of the seeds and the dev sets with a stamp kept in golden/
// and fails when they change while neither version does.
//
// 5: a line the page repeats does not anchor the smoothing when only
// short lines stand between it and prose on both sides and its other
// occurrences are below it, away from prose (smooth.go): a label shown
// again in a tag block no longer drops an article's list; 4: an author bio is also found by structure (furniture.go): a
// contact in parentheses may stand between the name and the verb, and a
// name alone on a line with a sentence about that person below it, once
// on the page, is a bio box; 3: a table of contents and the sub-headings it names are kept
// (toc.go), and a long lead-in ending in a colon is running text like a
// sentence (features.go); 2: the page model replaced the zone cut.
const EngineVersion = "5"

// Input is one raw document.
type Input struct {
	ID   string // record id (the file stem)
	Name string // source file name, recorded in the record
	Data []byte // raw bytes
}

// InputError is a raw document quire refuses, with where and why.
type InputError struct {
	Code   report.Code
	Offset int64 // byte offset, -1 if none
	Line   int   // 1-based line, 0 if none
	Msg    string
}

func (e *InputError) Error() string {
	switch {
	case e.Line > 0 && e.Offset >= 0:
		return fmt.Sprintf("line %d (byte %d): %s", e.Line, e.Offset, e.Msg)
	case e.Offset >= 0:
		return fmt.Sprintf("byte %d: %s", e.Offset, e.Msg)
	}
	return e.Msg
}

// Options configures a Normalizer.
type Options struct {
	// Repeats, if set, holds the line statistics of the corpus being
	// built (see LineStats). Lines found in at least RepeatDocs documents
	// are removed, unless they are good prose; with fewer than
	// MinRepeatCorpus documents in Repeats, nothing is.
	Repeats *LineStats
	// RepeatDocs is K; 0 means DefaultRepeatDocs.
	RepeatDocs int
}

// Normalizer holds compiled rules. It is immutable and safe for
// concurrent use.
type Normalizer struct {
	rules *ruleSet
	sum   string
	opts  Options
	// scratch holds *docScratch: per-document working memory, reused by
	// the calls that follow instead of allocated (and collected) for
	// every document. Each call takes its own, so concurrent calls share
	// nothing.
	scratch *sync.Pool
}

// New compiles the embedded rules.
func New(opts Options) (*Normalizer, error) {
	if opts.RepeatDocs == 0 {
		opts.RepeatDocs = DefaultRepeatDocs
	}
	if opts.RepeatDocs < 2 {
		return nil, fmt.Errorf("normalize: RepeatDocs %d: a line must recur in at least 2 documents", opts.RepeatDocs)
	}
	rs, err := compileRules(rulesJSON)
	if err != nil {
		return nil, err
	}
	return &Normalizer{rules: rs, sum: rulesSum(rulesJSON, lang.DataSHA256()), opts: opts,
		scratch: &sync.Pool{New: func() any { return new(docScratch) }}}, nil
}

// rulesSum is the digest of every data file that decides a record: the
// sha256 of the rules file's bytes, a NUL, "stopwords ", and the hex
// digest of the stop-word lists (lang.DataSHA256). Changing a threshold,
// a word list or a rule changes it.
func rulesSum(rules []byte, stopwords string) string {
	h := sha256.New()
	h.Write(rules)
	h.Write([]byte("\x00stopwords "))
	h.Write([]byte(stopwords))
	return hex.EncodeToString(h.Sum(nil))
}

// RulesVersion is the version of the rules file, recorded in records.
func (n *Normalizer) RulesVersion() string { return n.rules.version }

// RulesSHA256 is the digest of the normalizer's data: the rules file and
// the stop-word lists (rulesSum).
func (n *Normalizer) RulesSHA256() string { return n.sum }

// EngineVersion returns the version of the normalizer's code
// (EngineVersion), so callers that hold a Normalizer need not import the
// constant separately.
func (n *Normalizer) EngineVersion() string { return EngineVersion }

// Normalize turns one raw document into a record.
func (n *Normalizer) Normalize(in Input) (*record.Record, error) {
	c, err := Clean(in.Data)
	if err != nil {
		return nil, err
	}
	sc := n.scratch.Get().(*docScratch)
	defer n.scratch.Put(sc)
	states, meta := n.decide(c.Lines, sc)
	sum := sha256.Sum256(in.Data)
	rec := &record.Record{
		ID:           in.ID,
		Source:       record.Source{Name: in.Name, Bytes: int64(len(in.Data)), SHA256: hex.EncodeToString(sum[:])},
		RulesVersion: n.RulesVersion(),
		Captions:     []record.Caption{},
		Removed:      []record.Removed{},
	}
	// Sizes first, so that the text and the lists grow once.
	size, removed := 0, 0
	for _, st := range states {
		for _, p := range st.pieces {
			switch p.kind {
			case pBody:
				size += len(p.text) + 2 // and at most "\n\n" before it
			case pRemoved:
				removed++
			}
		}
	}
	rec.Removed = make([]record.Removed, 0, removed)
	var text strings.Builder
	text.Grow(size)
	block := -1
	for _, st := range states {
		for _, p := range st.pieces {
			switch p.kind {
			case pBody:
				if block >= 0 {
					if st.Block != block {
						text.WriteString("\n\n")
					} else {
						text.WriteString("\n")
					}
				}
				block = st.Block
				text.WriteString(p.text)
			case pTitle:
				rec.Title = ptr(p.text)
			case pCaption:
				c := record.Caption{Line: st.N, Text: p.text}
				if p.credit != "" {
					c.Credit = ptr(p.credit)
				}
				rec.Captions = append(rec.Captions, c)
			case pRemoved:
				rec.Removed = append(rec.Removed, record.Removed{Line: st.N, Text: p.text, Rule: p.rule, Why: p.why})
			}
		}
	}
	if text.Len() == 0 {
		return nil, &InputError{Code: report.NoText, Offset: -1, Msg: "every line was removed or is a title or caption: no article text is left"}
	}
	rec.Text = text.String()
	if meta.published != "" {
		rec.Published = ptr(meta.published)
	}
	if meta.outlet != "" {
		rec.Outlet = ptr(meta.outlet)
	}
	if meta.lang != lang.Unsure {
		rec.Language = ptr(string(meta.lang))
	}
	rec.Authors = meta.authors
	return rec, nil
}

func ptr(s string) *string { return &s }

// lineState is one cleaned line and the pieces it has been cut into.
// At most one piece is body text.
type lineState struct {
	Line
	pieces []piece
}

func (s *lineState) body() (int, bool) {
	for i, p := range s.pieces {
		if p.kind == pBody {
			return i, true
		}
	}
	return 0, false
}

// replaceBody puts the pieces of d in place of the body piece.
func (s *lineState) replaceBody(d decision) {
	b, _ := s.body()
	if len(s.pieces) == 1 {
		s.pieces = d // the body was all of it: d is the line's own
		return
	}
	s.pieces = append(s.pieces[:b:b], append(d, s.pieces[b+1:]...)...)
}

// decide runs the stages after hygiene: rule passes to a fixed point,
// the title, then the dateline.
//
// The slices it works in come from sc, and states lives there: it is
// valid until sc is used again. Nothing of sc goes into a record: the
// texts of pieces are cut from the cleaned lines.
func (n *Normalizer) decide(lines []Line, sc *docScratch) ([]lineState, passMeta) {
	sc.reset(len(lines))
	states := sc.states
	first := sc.first // the body piece each line starts as
	for i, l := range lines {
		first[i] = piece{kind: pBody, text: l.Text}
		states[i] = lineState{Line: l, pieces: first[i : i+1 : i+1]}
	}
	var meta passMeta
	haveTitle := false
	var sample lang.Sampler
	for _, l := range lines {
		sample.Add(l.Text)
	}
	meta.lang = sample.Lang()
	stops := meta.lang.Stopwords()
	memo := sc.memo   // by state index
	feats := sc.feats // by state index
	firstInfo := sc.firstInfo
	lower := lowerAll(lines, sc) // by state index, of the line's first text
	// line returns the cached data of the line at state index j, whose
	// body text is text: it depends on the text only, so it is kept
	// across passes while the text is unchanged.
	line := func(j int, text string) *cachedLine {
		c := &feats[j]
		if c.info != nil && c.info.text == text {
			return c
		}
		if text == lines[j].Text {
			firstInfo[j] = lineInfo{text: text, lower: lower[j], words: cleanWords(text)}
			*c = cachedLine{info: &firstInfo[j]}
		} else {
			*c = cachedLine{info: newLineInfo(text)}
		}
		return c
	}
	// marker reports whether the line at state index j is a furniture
	// heading or a share bar, by its first text; known once asked.
	markers := sc.markers // 0 not asked, 1 yes, -1 no
	marker := func(j int) bool {
		if markers[j] == 0 {
			words := cleanWords(lines[j].Text)
			markers[j] = -1
			if lowerHeading(lower[j], words, n.rules.cls.headings) || socialLine(lower[j], words) {
				markers[j] = 1
			}
		}
		return markers[j] > 0
	}
	// Per-pass slices, allocated once: a pass sees at most every line.
	var (
		curBuf  = sc.cur[:0]
		idxBuf  = sc.idx[:0]
		mBuf    = sc.m
		infoBuf = sc.infos
		fsBuf   = sc.fs
		headBuf = sc.heading
	)
	for range maxPasses {
		cur, idx := appendBodyLines(states, curBuf[:0], idxBuf[:0])
		if len(cur) == 0 {
			break
		}
		m := mBuf[:len(cur)]
		infos := infoBuf[:len(cur)]
		for i, j := range idx {
			m[i] = memo[j]
			infos[i] = line(j, cur[i].Text).info
		}
		changed := false
		ds := n.pass(cur, infos, m, &meta, sc.out)
		sc.out = ds
		for i, j := range idx {
			memo[j] = m[i]
		}
		for i, d := range ds {
			if d != nil {
				states[idx[i]].replaceBody(d)
				changed = true
			}
		}
		if changed {
			continue
		}
		fs := fsBuf[:len(cur)]
		for i, j := range idx {
			c := &feats[j]
			if !c.measured {
				c.f, c.measured = n.measure(c.info, stops), true
			}
			fs[i] = c.f
		}
		heading := headBuf[:len(cur)]
		for i, j := range idx {
			heading[i] = false
			if j > 0 {
				if _, ok := states[j-1].body(); !ok && marker(j-1) {
					heading[i] = true
				}
			}
		}
		cd, t := n.classify(cur, infos, fs, heading, !haveTitle, stops, &meta)
		if t >= 0 {
			st := &states[idx[t]]
			b, _ := st.body()
			st.pieces[b].kind = pTitle
			haveTitle = true
			changed = true
		}
		for i, d := range cd {
			if d != nil {
				states[idx[i]].replaceBody(d)
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	if first, ok := firstBody(states); ok {
		li := newLineInfo(first)
		for _, r := range n.rules.kinds.dateline {
			if !r.prefilter(li) {
				continue
			}
			if m := r.match(li.text); m != nil {
				o, _, _, _ := r.group(li.text, m, "outlet")
				meta.outlet = strings.TrimSpace(o)
				break
			}
		}
	}
	return states, meta
}

// cachedLine is a line's classifier input, kept across passes while
// its text is unchanged.
type cachedLine struct {
	info     *lineInfo
	f        features
	measured bool
}

// firstBody returns the body text of the first line that still has
// one.
func firstBody(states []lineState) (string, bool) {
	for i := range states {
		if b, ok := states[i].body(); ok {
			return states[i].pieces[b].text, true
		}
	}
	return "", false
}

// appendBodyLines appends to cur the lines that still have body text,
// as lines, and to idx their indexes in states.
func appendBodyLines(states []lineState, cur []Line, idx []int) ([]Line, []int) {
	for i := range states {
		if b, ok := states[i].body(); ok {
			l := states[i].Line
			l.Text = states[i].pieces[b].text
			cur = append(cur, l)
			idx = append(idx, i)
		}
	}
	return cur, idx
}

// docScratch is the working memory of decide for one document, kept by
// the Normalizer between calls (Normalizer.scratch).
type docScratch struct {
	states    []lineState
	first     []piece
	memo      []memoKey
	feats     []cachedLine
	firstInfo []lineInfo
	markers   []int8
	lower     []byte // lowerAll's buffer
	// per pass
	cur     []Line
	idx     []int
	m       []memoKey
	infos   []*lineInfo
	fs      []features
	heading []bool
	out     []decision // pass's decisions
}

// reset sizes every slice for n lines. Those that decide reads before it
// writes are cleared; the others it overwrites.
func (sc *docScratch) reset(n int) {
	sc.states = resize(sc.states, n)
	sc.first = resize(sc.first, n)
	sc.memo = resize(sc.memo, n)
	clear(sc.memo)
	sc.feats = resize(sc.feats, n)
	clear(sc.feats)
	sc.firstInfo = resize(sc.firstInfo, n)
	sc.markers = resize(sc.markers, n)
	clear(sc.markers)
	sc.cur = resize(sc.cur, n)
	sc.idx = resize(sc.idx, n)
	sc.m = resize(sc.m, n)
	sc.infos = resize(sc.infos, n)
	sc.fs = resize(sc.fs, n)
	sc.heading = resize(sc.heading, n)
}

// resize returns s with length n, reallocated when its capacity is
// short.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

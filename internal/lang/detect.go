package lang

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// Detection looks at a bounded sample of a document: its SampleLines
// longest lines of at least MinLineBytes, each cut at SampleLineBytes.
// The longest lines of a page dump are its prose; menus, buttons and
// link lists are short, so an English menu on a German page does not
// reach the sample, and the cost of detection does not grow with the
// document (see doc.go for the figures).
const (
	SampleLines     = 6
	SampleLineBytes = 200
	MinLineBytes    = 40
)

// A language is reported only when the detector is confident and the
// sample reads as running text in that language: at least MinUnits
// units, of which at least MinStopDensity are stop words of that
// language. Text that is no prose (code, tables, lists of names), or a
// language without a list, or two languages mixed, gives Unsure rather
// than a guess.
const (
	MinUnits       = 12
	MinStopDensity = 0.12
	// CloseShare: languages with at least this share of the leading
	// language's votes are close, and whatlanggo decides between them,
	// with at least MinConfidence.
	CloseShare    = 0.8
	MinConfidence = 0.5
)

// Sampler gathers the detection sample of one document, line by line, in
// bounded memory: it keeps references to at most SampleLines lines. The
// zero value is ready to use; it is not safe for concurrent use.
type Sampler struct {
	lines [SampleLines]sampled
	n     int
	next  int // index of the next line added
}

type sampled struct {
	text  string
	index int
}

// Add offers the next line of the document (after input hygiene: white
// space collapsed, NFC).
func (s *Sampler) Add(line string) {
	i := s.next
	s.next++
	if len(line) < MinLineBytes {
		return
	}
	if s.n < len(s.lines) {
		s.lines[s.n] = sampled{line, i}
		s.n++
		return
	}
	// Replace the shortest line kept, if this one is longer; on a tie
	// the earlier line stays.
	short := 0
	for k := 1; k < s.n; k++ {
		if len(s.lines[k].text) < len(s.lines[short].text) {
			short = k
		}
	}
	if len(line) > len(s.lines[short].text) {
		s.lines[short] = sampled{line, i}
	}
}

// Sample is the text detection looks at: the lines kept, in document
// order, each cut to SampleLineBytes at a character boundary.
func (s *Sampler) Sample() []string {
	kept := slices.Clone(s.lines[:s.n])
	slices.SortFunc(kept, func(a, b sampled) int { return a.index - b.index })
	out := make([]string, len(kept))
	for i, l := range kept {
		out[i] = cut(l.text, SampleLineBytes)
	}
	return out
}

// cut shortens s to at most n bytes, at a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Lang detects the language of the lines added so far.
func (s *Sampler) Lang() Lang {
	sample := s.Sample()
	if len(sample) == 0 {
		return Unsure
	}
	if l, ok := census(sample).denseLang(); ok {
		if l == Unsure || !reads(sample, l) {
			return Unsure
		}
		return l
	}
	t := mustTable()
	var v votes
	units := 0
	for _, line := range sample {
		u, _ := count(line, t.vote, &v)
		units += u
	}
	_, best := v.best()
	if units < MinUnits || float64(best) < MinStopDensity*float64(units) {
		return Unsure // not running text in any language with a list
	}
	var close []Lang
	for i, n := range v.n[:len(t.langs)] {
		if float64(n) >= CloseShare*float64(best) {
			close = append(close, t.langs[i])
		}
	}
	if len(close) == 1 {
		return close[0]
	}
	return loadDetector().decide(sample, close)
}

// reads reports whether the sample reads as running text in l: at least
// MinUnits units, MinStopDensity of them stop words of l.
func reads(sample []string, l Lang) bool {
	set := l.Stopwords()
	units, stops := 0, 0
	for _, line := range sample {
		u, st := Count(line, set)
		units, stops = units+u, stops+st
	}
	return units >= MinUnits && float64(stops) >= MinStopDensity*float64(units)
}

// Detect is the language of a document given as its lines, or Unsure.
func Detect(lines []string) Lang {
	var s Sampler
	for _, l := range lines {
		s.Add(l)
	}
	return s.Lang()
}

// detector decides between languages that the vote left close, with
// whatlanggo's trigram model restricted to them: cheap, as whatlanggo's
// cost is 300 look-ups per language compared, and those are few.
type detector struct {
	wl    map[Lang][]whatlanggo.Lang // the whatlanggo languages of each code
	codes map[whatlanggo.Lang]Lang
}

var loadDetector = sync.OnceValue(func() *detector {
	d := &detector{wl: map[Lang][]whatlanggo.Lang{}, codes: map[whatlanggo.Lang]Lang{}}
	for wl := range whatlanggo.Langs {
		if l := Lang(wl.Iso6391()); l.valid() && l.HasStopwords() {
			d.wl[l] = append(d.wl[l], wl)
			d.codes[wl] = l
		}
	}
	return d
})

// decide picks one of the close languages, or Unsure when whatlanggo
// knows none of them, is not confident, or picks another.
func (d *detector) decide(sample []string, close []Lang) Lang {
	opts := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{}}
	for _, l := range close {
		for _, wl := range d.wl[l] {
			opts.Whitelist[wl] = true
		}
	}
	if len(opts.Whitelist) == 0 {
		return Unsure
	}
	// A tie between two languages gives confidence 0, so the order in
	// which whatlanggo visits its map cannot change the answer.
	info := whatlanggo.DetectWithOptions(strings.Join(sample, "\n"), opts)
	if info.Lang < 0 || info.Confidence < MinConfidence {
		return Unsure
	}
	l, ok := d.codes[info.Lang]
	if !ok || !slices.Contains(close, l) {
		return Unsure
	}
	return l
}

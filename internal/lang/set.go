package lang

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The stop-word lists, one file per language (stopwords/LANG.txt) and the
// fallback list (stopwords/fallback.txt): one lower-case NFC word per
// line. Their origin, version, licence and the rule that trimmed them are
// in stopwords/SOURCE.md; stopwords/make.py made them.
//
//go:embed stopwords/*.txt stopwords/*.tsv
var files embed.FS

const (
	// fallbackFile is the list used when the language is unsure.
	fallbackFile = "fallback.txt"
	// densityFile holds each list's ProseDensity: "LANG<TAB>0.123" lines,
	// "fallback" for the fallback list.
	densityFile = "prose-density.tsv"
)

// Set is a stop-word list, ready for Count. A Set is immutable and safe
// for concurrent use.
type Set struct {
	lang Lang
	// words holds the words of scripts written with spaces, looked up
	// whole; dense holds those of scripts written without spaces (see
	// isDense), looked up as substrings of a run.
	words wordTable
	dense wordTable
	// maxDense is the longest dense word, in runes: the longest
	// substring of a run worth looking up.
	maxDense int
	maxBytes int // the longest word of words, in bytes: longer ones are not looked up
	n        int
	spaced   []string // the words of words, for the voting set
	density  float64
}

// ProseDensity is the share of running text that the list's words
// cover, from word frequencies of the language (stopwords/SOURCE.md):
// about 0.55 for English, German, French or Spanish, 0.44 for Polish,
// 0.24 for the fallback list in any of them. Stop-word densities of
// lines are comparable across languages only relative to it: a
// classifier's density threshold is best a share of it.
func (s *Set) ProseDensity() float64 { return s.density }

// Lang is the language of the list, Unsure for the fallback list.
func (s *Set) Lang() Lang { return s.lang }

// Len is the number of words in the list.
func (s *Set) Len() int { return s.n }

// Has reports whether w, already lower case, is in the list.
func (s *Set) Has(w string) bool {
	h := wordHash(w)
	return hasWord(&s.words, h, w) || hasWord(&s.dense, h, w)
}

// maxWordBytes is the longest word, in bytes, that Count looks up; a
// longer word is a unit but never a stop word. The longest stop word of
// any list is shorter (TestListsAreWords checks).
const maxWordBytes = 64

// parseSet reads one list. Every line must be one word as Count splits
// words, lower case: a list that Count could never match is a broken
// list, and the error says which word.
func parseSet(name string, data []byte, l Lang) (*Set, error) {
	s := &Set{lang: l}
	seen := map[string]bool{}
	var words, dense []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		w := sc.Text()
		if err := checkWord(w); err != nil {
			return nil, fmt.Errorf("%s: line %d: %q: %v", name, n, w, err)
		}
		if seen[w] {
			return nil, fmt.Errorf("%s: line %d: %q: duplicate", name, n, w)
		}
		seen[w] = true
		if r, _ := utf8.DecodeRuneInString(w); isDense(r) {
			dense = append(dense, w)
			s.maxDense = max(s.maxDense, utf8.RuneCountInString(w))
		} else {
			words = append(words, w)
			s.maxBytes = max(s.maxBytes, len(w))
		}
		s.n++
	}
	s.words, s.dense, s.spaced = newWordTable(words), newWordTable(dense), words
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if s.n == 0 {
		return nil, fmt.Errorf("%s: empty list", name)
	}
	return s, nil
}

// checkWord says why w is not a word Count could match whole.
func checkWord(w string) error {
	if !utf8.ValidString(w) {
		return fmt.Errorf("not UTF-8")
	}
	if len(w) > maxWordBytes {
		return fmt.Errorf("longer than %d bytes", maxWordBytes)
	}
	if strings.ToLower(w) != w {
		return fmt.Errorf("not lower case")
	}
	r, _ := utf8.DecodeRuneInString(w)
	if isDense(r) {
		for _, r := range w {
			if !isDense(r) && classify(r) != cWord {
				return fmt.Errorf("mixes a script without spaces with other characters")
			}
		}
		return nil
	}
	u, st := Count(w, nil)
	if u != 1 || st != 0 {
		return fmt.Errorf("not one word (%d units)", u)
	}
	// One word, and all of it: Count must not have trimmed anything.
	if first, _ := utf8.DecodeRuneInString(w); classify(first) != cWord {
		return fmt.Errorf("does not start with a letter or digit")
	}
	if last, _ := utf8.DecodeLastRuneInString(w); classify(last) != cWord {
		return fmt.Errorf("does not end with a letter or digit")
	}
	for _, r := range w {
		if c := classify(r); c != cWord && c != cJoin || isDense(r) {
			return fmt.Errorf("has a character that splits words: %q", r)
		}
	}
	return nil
}

// table is every list, parsed once on first use and never changed.
type table struct {
	sets     map[Lang]*Set
	fallback *Set
	langs    []Lang // the languages with a list, sorted: index of a vote
	vote     *Set   // every list's words, each to its languages (vote.go)
	digest   string
	err      error
}

var loadTable = sync.OnceValue(func() *table {
	t, err := parseTable(files)
	if err != nil {
		return &table{err: err}
	}
	return t
})

func parseTable(fsys fs.FS) (*table, error) {
	t := &table{sets: map[Lang]*Set{}}
	names, err := fs.Glob(fsys, "stopwords/*.txt")
	if err != nil {
		return nil, err
	}
	tsv, err := fs.Glob(fsys, "stopwords/*.tsv")
	if err != nil {
		return nil, err
	}
	names = append(names, tsv...)
	slices.Sort(names)
	var densities []byte
	sum := sha256.New()
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		base := path.Base(name)
		fileSum := sha256.Sum256(data)
		fmt.Fprintf(sum, "%x  %s\n", fileSum, base)
		if base == densityFile {
			densities = data
			continue
		}
		if path.Ext(base) != ".txt" {
			return nil, fmt.Errorf("%s: unknown file", base)
		}
		if base == fallbackFile {
			if t.fallback, err = parseSet(base, data, Unsure); err != nil {
				return nil, err
			}
			continue
		}
		l := Lang(strings.TrimSuffix(base, ".txt"))
		if !l.valid() {
			return nil, fmt.Errorf("%s: not an ISO 639-1 code", base)
		}
		if t.sets[l], err = parseSet(base, data, l); err != nil {
			return nil, err
		}
	}
	if t.fallback == nil {
		return nil, fmt.Errorf("no %s", fallbackFile)
	}
	for l := range t.sets {
		t.langs = append(t.langs, l)
	}
	slices.Sort(t.langs)
	if len(t.langs) > maxLangs {
		return nil, fmt.Errorf("%d lists, at most %d can vote", len(t.langs), maxLangs)
	}
	t.vote = newVoteSet(t.langs, t.sets)
	if err := t.readDensities(densities); err != nil {
		return nil, err
	}
	t.digest = hex.EncodeToString(sum.Sum(nil))
	return t, nil
}

// readDensities sets each list's ProseDensity from densityFile: one line
// per list, none for a language without a list.
func (t *table) readDensities(data []byte) error {
	if data == nil {
		return fmt.Errorf("no %s", densityFile)
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		name, val, ok := strings.Cut(sc.Text(), "\t")
		d, err := strconv.ParseFloat(val, 64)
		if !ok || err != nil || !(d > 0 && d <= 1) {
			return fmt.Errorf("%s: line %d: %q: want LANG, a tab and a share in (0, 1]", densityFile, n, sc.Text())
		}
		set := t.fallback
		if name != "fallback" {
			set = t.sets[Lang(name)]
		}
		if set == nil || seen[name] {
			return fmt.Errorf("%s: line %d: %q: no such list, or listed twice", densityFile, n, name)
		}
		seen[name] = true
		set.density = d
	}
	if len(seen) != len(t.sets)+1 {
		return fmt.Errorf("%s: %d lists, want one line for each of %d", densityFile, len(seen), len(t.sets)+1)
	}
	return sc.Err()
}

// mustTable is the parsed lists. The lists are embedded and checked by
// the tests, so a failure here is a broken build, not bad input.
func mustTable() *table {
	t := loadTable()
	if t.err != nil {
		panic("lang: embedded stop-word lists: " + t.err.Error())
	}
	return t
}

// Stopwords is the stop-word list of l; for Unsure, or a language
// without a list, the fallback list (a few of the commonest words of
// many languages; see stopwords/SOURCE.md).
func (l Lang) Stopwords() *Set {
	t := mustTable()
	if s, ok := t.sets[l]; ok {
		return s
	}
	return t.fallback
}

// HasStopwords reports whether l has a list of its own.
func (l Lang) HasStopwords() bool {
	_, ok := mustTable().sets[l]
	return ok
}

// Fallback is the list for text of unknown language.
func Fallback() *Set { return mustTable().fallback }

// Languages lists the languages that have a stop-word list, sorted.
func Languages() []Lang { return slices.Clone(mustTable().langs) }

// DataSHA256 is the digest of the embedded data: the hex sha256 of the
// lines "SHA256  NAME\n" of every list file and of prose-density.tsv, in
// name order — what
//
//	cd internal/lang/stopwords && LC_ALL=C sha256sum $(LC_ALL=C ls *.tsv *.txt) | sha256sum
//
// prints. A normalizer that decides with these lists hashes it into its
// rules digest, so that a change of list changes the recorded version.
func DataSHA256() string { return mustTable().digest }

// Files are the embedded data files (stopwords/NAME.txt and
// stopwords/prose-density.tsv), for a caller that records or ships them.
func Files() fs.FS { return files }

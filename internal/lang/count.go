package lang

import (
	"unicode"
	"unicode/utf8"
)

// Units. In a script written with spaces, a unit is a word: a maximal run
// of letters, marks and digits, with ' ’ or - inside it ("don't",
// "e-mail", "COVID-19"), that has at least one letter (a number alone is
// not a word). In a script written without spaces (isDense: Chinese,
// Japanese kana, Thai, Lao, Khmer, Burmese) a unit is two characters,
// about one word of these scripts, so that "words per line" keeps its
// meaning. A stop unit is a word in the list, or two characters covered
// by list words found in the run (longest match first, left to right).
// Counting is done in half units and rounded up, so that one character
// is one unit and stops never exceed units.

// charClass is what a character does to the word being read.
type charClass uint8

const (
	cSep   charClass = iota // ends a word
	cWord                   // part of a word
	cJoin                   // part of a word only between word characters
	cUpper                  // an ASCII capital: part of a word, lower-cased
	cLower                  // an ASCII small letter
)

func classify(r rune) charClass {
	switch {
	case r < utf8.RuneSelf:
		switch c := asciiClass[r]; c {
		case cUpper, cLower:
			return cWord
		default:
			return c
		}
	case r == '’' || r == '‐' || r == '‑':
		return cJoin
	case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r):
		return cWord
	}
	return cSep
}

var asciiClass = func() (t [utf8.RuneSelf]charClass) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z':
			t[c] = cLower
		case 'A' <= c && c <= 'Z':
			t[c] = cUpper
		case '0' <= c && c <= '9':
			t[c] = cWord
		case c == '\'' || c == '-':
			t[c] = cJoin
		}
	}
	return t
}()

// isDense reports whether r belongs to a script written without spaces
// between words.
func isDense(r rune) bool {
	if r < 0x0e00 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		r == 'ー' || unicode.Is(unicode.Thai, r) || unicode.Is(unicode.Lao, r) ||
		unicode.Is(unicode.Khmer, r) || unicode.Is(unicode.Myanmar, r)
}

// Count returns the units of line and how many of them are stop units of
// set (0 with a nil set), in one pass over its bytes without allocating.
// line need not be lower case (letters are lower-cased by Unicode's
// default mapping, without language rules: Turkish "BAZI" is "bazi", not
// "bazı") or valid UTF-8 (an invalid byte separates words).
// stops ≤ units always.
func Count[T ~string | ~[]byte](line T, set *Set) (units, stops int) {
	return count(line, set, nil)
}

// count is Count; with votes, it also adds one vote for each language of
// every word found in set (the voting set: see vote.go).
func count[T ~string | ~[]byte](line T, set *Set, votes *votes) (units, stops int) {
	w := wordReader{votes: votes}
	half, stop := 0, 0
	dense := -1 // start of the current run of a script without spaces
	for i := 0; i < len(line); {
		if c := line[i]; c < utf8.RuneSelf {
			// ASCII, nearly every byte of most pages.
			if dense >= 0 {
				h, s := countDense(line[dense:i], set)
				half, stop, dense = half+h, stop+s, -1
			}
			switch asciiClass[c] {
			case cLower, cUpper, cWord:
				// A run of ASCII word characters, read in one loop.
				w.start()
				j, n, h, alpha := i, w.n, w.hash, w.hasAlpha
				for ; j < len(line); j++ {
					c := line[j]
					if c >= utf8.RuneSelf {
						break
					}
					switch asciiClass[c] {
					case cLower:
						alpha = true
					case cUpper:
						c += 'a' - 'A'
						alpha = true
					case cWord:
					default:
						goto done
					}
					if n < len(w.buf) {
						w.buf[n] = c
						n++
					} else {
						w.long = true
					}
					h = (h ^ uint64(c)) * hashPrime
				}
			done:
				w.n, w.hash, w.hasAlpha = n, h, alpha
				i = j
				continue
			case cJoin:
				if !w.joiner(c) {
					h, s := w.end(set)
					half, stop = half+h, stop+s
				}
			default:
				h, s := w.end(set)
				half, stop = half+h, stop+s
			}
			i++
			continue
		}
		r, size := decodeRune(line, i)
		if isDense(r) {
			h, s := w.end(set)
			half, stop = half+h, stop+s
			if dense < 0 {
				dense = i
			}
			i += size
			continue
		}
		if dense >= 0 {
			h, s := countDense(line[dense:i], set)
			half, stop, dense = half+h, stop+s, -1
		}
		switch {
		case size == 1: // not UTF-8: a separator
			h, s := w.end(set)
			half, stop = half+h, stop+s
		case r == '’' || r == '‐' || r == '‑':
			j := byte('-')
			if r == '’' {
				j = '\''
			}
			if !w.joiner(j) {
				h, s := w.end(set)
				half, stop = half+h, stop+s
			}
		case unicode.IsLetter(r):
			w.rune(unicode.ToLower(r), true)
		case unicode.IsMark(r) || unicode.IsDigit(r):
			w.rune(r, false)
		default:
			h, s := w.end(set)
			half, stop = half+h, stop+s
		}
		i += size
	}
	h, s := w.end(set)
	half, stop = half+h, stop+s
	if dense >= 0 {
		h, s := countDense(line[dense:], set)
		half, stop = half+h, stop+s
	}
	return (half + 1) / 2, (stop + 1) / 2
}

// wordReader collects one word, lower case, and its hash as it goes.
type wordReader struct {
	buf      [maxWordBytes]byte
	n        int    // bytes in buf
	hash     uint64 // wordHash of buf[:n]
	in       bool   // a word is being read
	hasAlpha bool   // it has a letter
	long     bool   // it did not fit in buf: no list word
	join     byte   // a joiner after the word, part of it if a word character follows
	votes    *votes // where a found word's languages get their vote, if not nil
}

func (w *wordReader) put(c byte) {
	if w.n == len(w.buf) {
		w.long = true
		return
	}
	w.buf[w.n] = c
	w.n++
	w.hash = (w.hash ^ uint64(c)) * hashPrime
}

func (w *wordReader) start() {
	if !w.in {
		w.in, w.hash = true, hashOffset
	} else if w.join != 0 {
		w.put(w.join)
		w.join = 0
	}
}

// rune adds a letter (lower case), mark or digit beyond ASCII.
func (w *wordReader) rune(r rune, alpha bool) {
	w.start()
	w.hasAlpha = w.hasAlpha || alpha
	var b [utf8.UTFMax]byte
	for _, c := range b[:utf8.EncodeRune(b[:], r)] {
		w.put(c)
	}
}

// joiner reads ' or -; false means it ends the word (no word, or a
// joiner already pending).
func (w *wordReader) joiner(c byte) bool {
	if !w.in || w.join != 0 {
		return false
	}
	w.join = c
	return true
}

// end finishes the word, if any, and returns its half units and stop
// half units.
func (w *wordReader) end(set *Set) (half, stop int) {
	if w.in && w.hasAlpha {
		half = 2
		if set != nil && !w.long && w.n <= set.maxBytes {
			if s := lookup(&set.words, w.hash, w.buf[:w.n]); s != nil {
				stop = 2
				if w.votes != nil {
					w.votes.add(s.val)
				}
			}
		}
	}
	w.in, w.hasAlpha, w.long, w.n, w.join = false, false, false, 0, 0
	return half, stop
}

// countDense counts a run of characters of scripts written without
// spaces, in half units: one per character (marks, such as Thai vowel
// signs, count with their letter), and one per character covered by a
// list word, matched longest first from left to right.
func countDense[T ~string | ~[]byte](run T, set *Set) (half, stop int) {
	for i := 0; i < len(run); {
		if set != nil && set.maxDense > 0 {
			// The longest list word starting here.
			end, chars, match, matchChars := i, 0, 0, 0
			h := uint64(hashOffset)
			for k := 0; k < set.maxDense && end < len(run); k++ {
				r, size := decodeRune(run, end)
				for j := end; j < end+size; j++ {
					h = (h ^ uint64(run[j])) * hashPrime
				}
				end += size
				if !unicode.IsMark(r) {
					chars++
				}
				if hasWord(&set.dense, h, run[i:end]) {
					match, matchChars = end, chars
				}
			}
			if match > 0 {
				half += matchChars
				stop += matchChars
				i = match
				continue
			}
		}
		r, size := decodeRune(run, i)
		if !unicode.IsMark(r) {
			half++
		}
		i += size
	}
	return half, stop
}

package lang

import (
	"math/bits"
	"unicode"
)

// The first look at a sample is a vote of the stop-word lists: every
// word of the sample found in a list gives that list's language one vote
// (a word of several lists, one vote to each). Running text is 30–60 %
// stop words of its own language and few of any other, so one language
// usually leads by far; this costs one table look-up per word. Only when
// languages that share many words come close (es/pt/gl/ca, da/no/sv,
// cs/sk, id/ms, hr/sl …) does whatlanggo's trigram model decide between
// them (detect.go).

// maxLangs bounds the languages with a list: a word's languages are a
// uint64 bit set.
const maxLangs = 64

// votes counts, per language index (table.langs), the stop words found.
type votes struct {
	n [maxLangs]uint16
}

func (v *votes) add(langs uint64) {
	for m := langs; m != 0; m &= m - 1 {
		if i := bits.TrailingZeros64(m); v.n[i] < ^uint16(0) {
			v.n[i]++
		}
	}
}

// best is the index and votes of the leading language (the first in
// index order on a tie).
func (v *votes) best() (idx, n int) {
	for i, c := range v.n {
		if int(c) > n {
			idx, n = i, int(c)
		}
	}
	return idx, n
}

// newVoteSet is the union of the lists of languages written with spaces,
// each word mapped to the set of languages whose list has it.
func newVoteSet(langs []Lang, sets map[Lang]*Set) *Set {
	idx := map[string]int{}
	var words []string
	var vals []uint64
	longest := 0
	for i, l := range langs {
		for _, w := range sets[l].spaced {
			k, ok := idx[w]
			if !ok {
				k = len(words)
				idx[w] = k
				words = append(words, w)
				vals = append(vals, 0)
				longest = max(longest, len(w))
			}
			vals[k] |= 1 << i
		}
	}
	return &Set{lang: Unsure, words: newValueTable(words, vals), maxBytes: longest, n: len(words)}
}

// scripts counts the letters of a sample by the scripts that decide a
// language without a vote: those written without spaces.
type scripts struct {
	letters, han, kana, thai, otherDense int
}

func census(sample []string) scripts {
	var s scripts
	for _, line := range sample {
		for _, r := range line {
			switch {
			case r < 0x80:
				if 'a' <= r|0x20 && r|0x20 <= 'z' {
					s.letters++
				}
			case isDense(r):
				if unicode.IsMark(r) {
					continue
				}
				s.letters++
				switch {
				case unicode.Is(unicode.Han, r):
					s.han++
				case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 'ー':
					s.kana++
				case unicode.Is(unicode.Thai, r):
					s.thai++
				default:
					s.otherDense++
				}
			case unicode.IsLetter(r):
				s.letters++
			}
		}
	}
	return s
}

// denseLang is the language of a sample mostly in a script written
// without spaces, Unsure for one without a list (Lao, Khmer, Burmese),
// and ok false for a sample mostly in other scripts.
func (s scripts) denseLang() (l Lang, ok bool) {
	dense := s.han + s.kana + s.thai + s.otherDense
	if dense == 0 || 2*dense < s.letters {
		return Unsure, false
	}
	switch {
	case 10*s.kana >= dense: // Japanese mixes kana with kanji; Chinese has none
		return "ja", true
	case s.han >= s.thai && s.han >= s.otherDense:
		return "zh", true
	case s.thai >= s.otherDense:
		return "th", true
	}
	return Unsure, true
}

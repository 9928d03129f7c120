// Package dedup finds exact and near-duplicate texts.
//
//   - Near-duplicates are measured by the Jaccard similarity of the sets
//     of word shingles (ShingleWords consecutive words, case-folded,
//     punctuation dropped) of the prose lines of two texts, estimated with a MinHash
//     signature of K 32-bit minima. The estimate's standard error is
//     sqrt(J(1-J)/K), at most 0.044 for K = 128.
//   - A signature has a fixed size whatever the length of the text, so an
//     Index's memory grows with the number of records, not their length.
//   - Everything is deterministic: the hash functions are fixed, so the
//     same text has the same signature on every machine and every run.
//
// It works on normalized text; which text to compare is the caller's
// choice. Imports: nothing of quire.
package dedup

import (
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// K is the number of hash functions, and of minima in a Signature.
	K = 128
	// ShingleWords is the number of consecutive words in a shingle.
	ShingleWords = 5
)

// Signature is the MinHash signature of a text's shingle set.
type Signature [K]uint32

// seeds are the K hash functions' keys, from a fixed splitmix64 stream.
// They are computed once and never written again.
var seeds = func() (s [K]uint64) {
	x := uint64(0x5155495245) // "QUIRE"
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return s
}()

// mix is the splitmix64 finalizer: a fast bijective bit mixer.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Words splits text into case-folded words: runs of letters and digits.
// Apostrophes inside a word are dropped, so "don't" and "don’t" agree.
func Words(text string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '\'' || r == '’') && b.Len() > 0:
			// inside a word: skip
		default:
			flush()
		}
	}
	flush()
	return words
}

// MinProseWords is the fewest words of a prose line.
const MinProseWords = 8

// ProseWords returns the words of the text's prose lines: lines of at
// least MinProseWords words that end like a sentence (. ! ? … : or a
// closing quote or bracket). Headline lists, navigation and other
// furniture that pages of one site share are not prose, and would
// otherwise make different articles look alike. A text with no prose
// line is taken whole.
func ProseWords(text string) []string {
	var words []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		r, _ := utf8.DecodeLastRuneInString(l)
		if !strings.ContainsRune(".!?…:\"”’')]", r) {
			continue
		}
		if w := Words(l); len(w) >= MinProseWords {
			words = append(words, w...)
		}
	}
	if words == nil {
		return Words(text)
	}
	return words
}

// Sign returns the signature of the shingles of text's prose words
// (ProseWords). ok is false when the text has no words, and such a text
// resembles nothing. A text of fewer than ShingleWords words is one
// shingle.
func Sign(text string) (sig Signature, ok bool) {
	words := ProseWords(text)
	if len(words) == 0 {
		return sig, false
	}
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	n := len(words) - ShingleWords + 1
	if n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		h := fnv.New64a()
		for j := i; j < i+ShingleWords && j < len(words); j++ {
			h.Write([]byte(words[j]))
			h.Write([]byte{0})
		}
		base := h.Sum64()
		for k := range sig {
			if v := uint32(mix(base^seeds[k]) >> 32); v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig, true
}

// Similarity estimates the Jaccard similarity of the shingle sets that
// a and b were made from: the fraction of equal minima.
func (a *Signature) Similarity(b *Signature) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / K
}

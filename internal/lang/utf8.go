package lang

import "unicode/utf8"

// decodeRune is utf8.DecodeRune for a string or a byte slice, without
// converting one into the other (which would copy on the hot path).
// FuzzDecodeRune checks it against the standard library.
func decodeRune[T ~string | ~[]byte](s T, i int) (rune, int) {
	c0 := s[i]
	if c0 < utf8.RuneSelf {
		return rune(c0), 1
	}
	n := len(s) - i
	cont := func(c byte) bool { return c&0xC0 == 0x80 }
	switch {
	case c0 < 0xC2:
	case c0 < 0xE0:
		if n >= 2 && cont(s[i+1]) {
			return rune(c0&0x1F)<<6 | rune(s[i+1]&0x3F), 2
		}
	case c0 < 0xF0:
		lo, hi := byte(0x80), byte(0xBF)
		if c0 == 0xE0 {
			lo = 0xA0
		} else if c0 == 0xED {
			hi = 0x9F // no surrogates
		}
		if n >= 3 && lo <= s[i+1] && s[i+1] <= hi && cont(s[i+2]) {
			return rune(c0&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
		}
	case c0 < 0xF5:
		lo, hi := byte(0x80), byte(0xBF)
		if c0 == 0xF0 {
			lo = 0x90
		} else if c0 == 0xF4 {
			hi = 0x8F // nothing above U+10FFFF
		}
		if n >= 4 && lo <= s[i+1] && s[i+1] <= hi && cont(s[i+2]) && cont(s[i+3]) {
			return rune(c0&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F), 4
		}
	}
	return utf8.RuneError, 1
}

package eval

import (
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

// TestDropped: the fast ranges of dropped agree with the Unicode tables
// on every code point.
func TestDropped(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := dropped(r), unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r); got != want {
			t.Errorf("dropped(U+%04X) = %v, want %v", r, got, want)
		}
	}
}

// TestPyIsSpace: Python's white space is Go's plus U+001C..U+001F (the
// Python side is checked in TestMatchFormPython).
func TestPyIsSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if got, want := PyIsSpace(r), unicode.IsSpace(r) || r >= 0x1C && r <= 0x1F; got != want {
			t.Errorf("PyIsSpace(U+%04X) = %v, want %v", r, got, want)
		}
	}
}

// TestASCIIFastPaths: for ASCII, the byte-wise paths equal the general
// ones, on every pair of ASCII bytes around a word.
func TestASCIIFastPaths(t *testing.T) {
	for a := 0; a < 0x80; a++ {
		for b := 0; b < 0x80; b++ {
			s := string([]byte{' ', byte(a), 'x', byte(b), byte(a), ' ', 'y', byte(b)})
			if got, want := matchFormASCII(s), matchFormUnicode(s); got != want {
				t.Fatalf("%q: ASCII %q, general %q", s, got, want)
			}
			if got, want := canonLineASCII(s), canonLineUnicode(s); !cmp.Equal(got, want, cmp.AllowUnexported(canonLine{})) {
				t.Fatalf("%q: ASCII %+v, general %+v", s, got, want)
			}
		}
	}
}

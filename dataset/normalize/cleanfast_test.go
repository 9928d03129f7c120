package normalize

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestNFCInert checks that NFC leaves alone every rune nfcInert names,
// and every pair of them: NFC composes only a starter with what follows
// it, so a string of such runes is in NFC when every pair is.
func TestNFCInert(t *testing.T) {
	var inert []string
	for r := rune(0); r < 0x3000; r++ {
		if !nfcInert(r) {
			continue
		}
		s := string(r)
		if !norm.NFC.IsNormalString(s) || norm.NFC.PropertiesString(s).CCC() != 0 {
			t.Fatalf("U+%04X: NFC changes it, or it is no starter", r)
		}
		inert = append(inert, s)
	}
	if len(inert) < 400 {
		t.Fatalf("only %d inert runes", len(inert))
	}
	for _, a := range inert {
		for _, b := range inert {
			if s := a + b; norm.NFC.String(s) != s {
				t.Fatalf("NFC changes %q", s)
			}
		}
	}
	// A rune next to the set that NFC does change: the test has teeth.
	if nfcInert(0x0301) || nfcInert(0x037e) {
		t.Error("a combining mark or U+037E is called inert")
	}
}

// TestHasDoubleSpace checks the word-at-a-time search against
// strings.Contains for spaces at every pair of positions of a line.
func TestHasDoubleSpace(t *testing.T) {
	for i := range 20 {
		for j := range 20 {
			b := []byte("The!quick!brown!fox!")
			b[i], b[j] = ' ', ' '
			for _, s := range []string{string(b), string(b[:j+1]), "x" + string(b), string(b) + "\x00 "} {
				if got, want := hasDoubleSpace(s), strings.Contains(s, "  "); got != want {
					t.Fatalf("hasDoubleSpace(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

func FuzzHasDoubleSpace(f *testing.F) {
	f.Add("a  b")
	f.Add("ab cd ef gh  ij")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasDoubleSpace(s), strings.Contains(s, "  "); got != want {
			t.Errorf("hasDoubleSpace(%q) = %v, want %v", s, got, want)
		}
	})
}

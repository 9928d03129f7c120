package normalize

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quire-archive/quire/dataset/report"
)

func TestCleanLines(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      []Line
		invisible int
	}{
		{"zwsp", "a\u200bb", []Line{{1, 0, "ab"}}, 1},
		{"soft hyphen", "co\u00adoperate", []Line{{1, 0, "cooperate"}}, 1},
		{"word joiner", "a\u2060b", []Line{{1, 0, "ab"}}, 1},
		{"bom mid-text", "a\ufeffb", []Line{{1, 0, "ab"}}, 1},
		{"bidi controls", "\u202ea\u202c \u2067b\u2069 \u200fc", []Line{{1, 0, "a b c"}}, 5},
		{"zwj in latin", "a\u200db\u200c", []Line{{1, 0, "ab"}}, 2},
		{"zwj in emoji kept", "\U0001F468\u200d\U0001F469", []Line{{1, 0, "\U0001F468\u200d\U0001F469"}}, 0},
		{"zwnj in persian kept", "می\u200cخواهم", []Line{{1, 0, "می\u200cخواهم"}}, 0},
		{"c0 and c1 controls", "a\x01b\x7fc\u0080d\u009fe", []Line{{1, 0, "abcde"}}, 4},
		{"whitespace controls become spaces", "a\vb\fc\u0085d\u2028e", []Line{{1, 0, "a b c d e"}}, 0},
		{"unicode spaces", "a\u00a0b\u2003c\u202fd\u3000e", []Line{{1, 0, "a b c d e"}}, 0},
		{"tabs and runs", "\t a \t\t b  c  ", []Line{{1, 0, "a b c"}}, 0},
		{"nfc", "e\u0301", []Line{{1, 0, "\u00e9"}}, 0},
		{"nfc across removed zwsp", "e\u200b\u0301", []Line{{1, 0, "\u00e9"}}, 1},
		{"author characters kept", "“quote” — it’s… fine", []Line{{1, 0, "“quote” — it’s… fine"}}, 0},
		{"blank runs and original numbers", "a\n\n\n \n\u200b\nb\nc", []Line{{1, 0, "a"}, {6, 1, "b"}, {7, 1, "c"}}, 1},
		{"crlf", "a\r\nb\r\n\r\nc", []Line{{1, 0, "a"}, {2, 0, "b"}, {4, 1, "c"}}, 0},
		{"cr", "a\rb\r\rc", []Line{{1, 0, "a"}, {2, 0, "b"}, {4, 1, "c"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Clean([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c.Lines); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if c.Invisible != tt.invisible {
				t.Errorf("invisible: got %d, want %d", c.Invisible, tt.invisible)
			}
		})
	}
}

func TestCleanNotes(t *testing.T) {
	c, err := Clean([]byte("\ufeffa\r\nb\nc\rd"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.BOM || c.LF != 1 || c.CRLF != 1 || c.CR != 1 || !c.MixedNewlines() {
		t.Errorf("got BOM %v LF %d CRLF %d CR %d mixed %v", c.BOM, c.LF, c.CRLF, c.CR, c.MixedNewlines())
	}
	if c.Lines[0].Text != "a" {
		t.Errorf("BOM not stripped: %q", c.Lines[0].Text)
	}
	c, err = Clean([]byte("a\r\nb\r\n"))
	if err != nil || c.BOM || c.MixedNewlines() {
		t.Errorf("CRLF only: BOM %v mixed %v err %v", c.BOM, c.MixedNewlines(), err)
	}
}

func TestCleanRejects(t *testing.T) {
	big := make([]byte, MaxDocumentBytes+1)
	for i := range big {
		big[i] = 'a'
	}
	tests := []struct {
		name   string
		in     []byte
		code   report.Code
		offset int64
		line   int
	}{
		{"nul", []byte("ab\ncd\x00"), report.NULByte, 5, 2},
		{"invalid utf8", []byte("ok\r\nok\rx\xffy"), report.InvalidUTF8, 8, 3},
		{"truncated sequence", []byte("caf\xc3"), report.InvalidUTF8, 3, 1},
		{"surrogate", []byte("a\xed\xa0\x80"), report.InvalidUTF8, 1, 1},
		{"empty", nil, report.DocEmpty, -1, 0},
		{"whitespace only", []byte(" \t\r\n\u00a0\n\u200b"), report.DocEmpty, -1, 0},
		{"too large", big, report.DocTooLarge, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Clean(tt.in)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("got %v, want an *InputError", err)
			}
			if ie.Code != tt.code || ie.Offset != tt.offset || ie.Line != tt.line {
				t.Errorf("got %s at byte %d line %d, want %s at byte %d line %d", ie.Code, ie.Offset, ie.Line, tt.code, tt.offset, tt.line)
			}
		})
	}
}

// TestIsPlainASCII checks the word-at-a-time test against the byte loop
// for every byte value at every position of a 19-byte line.
func TestIsPlainASCII(t *testing.T) {
	for pos := range 19 {
		for c := range 256 {
			b := []byte("The quick brown fox")
			b[pos] = byte(c)
			s := string(b)
			if got, want := isPlainASCII(s), asciiBytesOK(s); got != want {
				t.Fatalf("isPlainASCII(%q) = %v, want %v", s, got, want)
			}
		}
	}
}

func TestCountWords(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a b ", "a  b", "ab cd ef", "  ", "a\tb c"} {
		want := len(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }))
		if got := countWords(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

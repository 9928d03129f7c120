package normalize

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzClean checks input hygiene, the first thing to touch a raw
// document, for any bytes. Properties: no panic; a refusal is an
// *InputError; every accepted line is non-empty, valid UTF-8, NFC, free
// of control characters, runs of spaces and leading or trailing spaces,
// with line numbers increasing and blocks counted from 0 without gaps;
// and cleaning is idempotent: the cleaned lines, written out again with
// blank lines between blocks, clean to the same lines and blocks.
func FuzzClean(f *testing.F) {
	for _, d := range seedDocs(f) {
		f.Add(d.data)
	}
	f.Add([]byte("\ufeffTitle\r\n\r\n  two\u00a0 spaces\u200b\tand a tab\rCR line\n"))
	f.Add([]byte("e\u0301 \u0915\u094d\u200d\u0937 \U0001F469\u200d\U0001F4BB a\u200db"))
	f.Add([]byte("bad \xff byte"))
	f.Add([]byte("nul \x00 byte"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Clean(data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not an *InputError", err, err)
			}
			if c != nil {
				t.Fatalf("Clean returned both lines and an error")
			}
			return
		}
		checkCleaned(t, c)
		var b strings.Builder
		for i, l := range c.Lines {
			if i > 0 {
				b.WriteString("\n")
				if l.Block != c.Lines[i-1].Block {
					b.WriteString("\n")
				}
			}
			b.WriteString(l.Text)
		}
		again, err := Clean([]byte(b.String()))
		if err != nil {
			t.Fatalf("cleaned text is refused on a second pass: %v\n%q", err, b.String())
		}
		if len(again.Lines) != len(c.Lines) {
			t.Fatalf("second pass: %d lines, want %d\nfirst: %q\nsecond: %q", len(again.Lines), len(c.Lines), texts(c), texts(again))
		}
		for i := range c.Lines {
			if again.Lines[i].Text != c.Lines[i].Text || again.Lines[i].Block != c.Lines[i].Block {
				t.Fatalf("second pass changed line %d: %q (block %d), want %q (block %d)",
					i, again.Lines[i].Text, again.Lines[i].Block, c.Lines[i].Text, c.Lines[i].Block)
			}
		}
		if again.Invisible != 0 || again.BOM {
			t.Fatalf("second pass removed %d invisible characters (BOM %t): the first left some", again.Invisible, again.BOM)
		}
	})
}

func texts(c *Cleaned) []string {
	var s []string
	for _, l := range c.Lines {
		s = append(s, l.Text)
	}
	return s
}

// checkCleaned checks the invariants of an accepted document.
func checkCleaned(t *testing.T, c *Cleaned) {
	t.Helper()
	if len(c.Lines) == 0 {
		t.Fatal("accepted a document with no lines")
	}
	prevN, prevBlock := 0, 0
	for i, l := range c.Lines {
		switch {
		case l.Text == "":
			t.Fatalf("line %d: empty", l.N)
		case !utf8.ValidString(l.Text):
			t.Fatalf("line %d: invalid UTF-8 %q", l.N, l.Text)
		case !norm.NFC.IsNormalString(l.Text):
			t.Fatalf("line %d: not NFC %q", l.N, l.Text)
		case strings.TrimSpace(l.Text) != l.Text:
			t.Fatalf("line %d: leading or trailing space %q", l.N, l.Text)
		case strings.Contains(l.Text, "  "):
			t.Fatalf("line %d: a run of spaces %q", l.N, l.Text)
		case l.N <= prevN:
			t.Fatalf("line numbers not increasing: %d after %d", l.N, prevN)
		case i == 0 && l.Block != 0, i > 0 && l.Block != prevBlock && l.Block != prevBlock+1:
			t.Fatalf("line %d: block %d after block %d", l.N, l.Block, prevBlock)
		}
		for _, r := range l.Text {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
				t.Fatalf("line %d: control character %U in %q", l.N, r, l.Text)
			}
		}
		prevN, prevBlock = l.N, l.Block
	}
}

package lang

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// seedLines seeds a fuzz target with the seed documents (whole, for
// FuzzDetect; FuzzCount takes them as one odd line), prose of several
// languages and tricky strings.
func seedLines(f *testing.F) {
	docs, _ := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if len(docs) == 0 {
		f.Fatal("no seeds in ../../seeds")
	}
	for _, d := range docs {
		data, err := os.ReadFile(d)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	for _, lines := range prose {
		for _, l := range lines {
			f.Add(l)
		}
	}
	for _, s := range []string{"", "a", "don't", "e-mail", "x\xffy", "我们的", "ไทย ภาษา", "’’--''", "a-'b", "\xe0\xa0", "ÉCOLE"} {
		f.Add(s)
	}
}

// FuzzCount: any bytes; no panic; stops ≤ units; a string and its bytes
// count the same; units do not exceed the characters; and a line counts
// the same units under any list (lists change stops, never units).
func FuzzCount(f *testing.F) {
	seedLines(f)
	sets := []*Set{nil, Lang("en").Stopwords(), Lang("zh").Stopwords(), Fallback()}
	f.Fuzz(func(t *testing.T, line string) {
		u0, _ := Count(line, nil)
		for _, set := range sets {
			u, s := Count(line, set)
			if s < 0 || s > u {
				t.Fatalf("Count(%q) = %d units, %d stops", line, u, s)
			}
			if u != u0 {
				t.Fatalf("Count(%q): %d units with one list, %d with none", line, u, u0)
			}
			if u > utf8.RuneCountInString(line) {
				t.Fatalf("Count(%q) = %d units, more than its characters", line, u)
			}
			if ub, sb := Count([]byte(line), set); ub != u || sb != s {
				t.Fatalf("Count(%q): string %d,%d, bytes %d,%d", line, u, s, ub, sb)
			}
		}
		// Words of a script with spaces add up across a space.
		if !strings.ContainsFunc(line, isDense) {
			a, b, ok := strings.Cut(line, " ")
			if ok {
				ua, _ := Count(a, nil)
				ub, _ := Count(b, nil)
				if ua+ub != u0 {
					t.Fatalf("Count(%q) = %d, but its halves count %d + %d", line, u0, ua, ub)
				}
			}
		}
	})
}

// FuzzDecodeRune checks decodeRune against the standard library.
func FuzzDecodeRune(f *testing.F) {
	seedLines(f)
	f.Add("\xed\xa0\x80\xf4\x90\x80\x80\xf0\x8f\xbf\xbf\xc0\x80")
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			r, n := decodeRune(s, i)
			wr, wn := utf8.DecodeRuneInString(s[i:])
			if r != wr || n != wn {
				t.Fatalf("decodeRune(%q, %d) = %U %d, utf8 says %U %d", s, i, r, n, wr, wn)
			}
			if rb, nb := decodeRune([]byte(s), i); rb != r || nb != n {
				t.Fatalf("decodeRune on bytes differs at %d", i)
			}
		}
	})
}

// FuzzDetect: any lines; no panic; a known language or Unsure; the same
// answer twice, and whatever the lines shorter than MinLineBytes.
func FuzzDetect(f *testing.F) {
	seedLines(f)
	known := Languages()
	f.Fuzz(func(t *testing.T, text string) {
		lines := strings.Split(text, "\n")
		got := Detect(lines)
		if got != Unsure && !slices.Contains(known, got) {
			t.Fatalf("Detect(%q) = %q: not a language with a list", text, got)
		}
		if again := Detect(lines); again != got {
			t.Fatalf("Detect(%q) = %s, then %s", text, got, again)
		}
		noisy := append(slices.Clone(lines), "Home", "Login", "Menu")
		if n := Detect(noisy); n != got {
			t.Fatalf("Detect(%q) = %s, with short lines added %s", text, got, n)
		}
	})
}

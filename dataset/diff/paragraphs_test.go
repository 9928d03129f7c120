package diff

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// apply applies hunks to old, checking that context and removed
// paragraphs match, the way patch(1) applies a unified diff.
func apply(old []string, hs []Hunk) ([]string, error) {
	var out []string
	next := 0 // index into old
	for i, h := range hs {
		start := h.OldStart - 1
		if h.OldCount == 0 {
			start = h.OldStart
		}
		if start < next || start > len(old) {
			return nil, fmt.Errorf("hunk %d: start %d out of order", i, h.OldStart)
		}
		out = append(out, old[next:start]...)
		next = start
		if h.NewStart != len(out)+1 && !(h.NewCount == 0 && h.NewStart == len(out)) {
			return nil, fmt.Errorf("hunk %d: new start %d, want %d", i, h.NewStart, len(out)+1)
		}
		nOld, nNew := 0, 0
		for _, p := range h.Paragraphs {
			switch p.Op {
			case " ", "-":
				if next >= len(old) || old[next] != p.Text {
					return nil, fmt.Errorf("hunk %d: paragraph %d does not match", i, next+1)
				}
				next++
				nOld++
				if p.Op == " " {
					out = append(out, p.Text)
					nNew++
				}
			case "+":
				out = append(out, p.Text)
				nNew++
			default:
				return nil, fmt.Errorf("hunk %d: bad op %q", i, p.Op)
			}
		}
		if nOld != h.OldCount || nNew != h.NewCount {
			return nil, fmt.Errorf("hunk %d: counts %d,%d in header, %d,%d in body", i, h.OldCount, h.NewCount, nOld, nNew)
		}
	}
	return append(out, old[next:]...), nil
}

func render1(hs []Hunk) string {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(hunkHeader(h) + "\n")
		for _, p := range h.Paragraphs {
			b.WriteString(p.Op + p.Text + "\n")
		}
	}
	return b.String()
}

func TestParagraphDiff(t *testing.T) {
	for _, tc := range []struct {
		old, new string
		ctx      int
		want     string
	}{
		{"a b c", "a b c", 1, ""},
		{"a b c", "a x c", 1, "@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n"},
		{"a b c d e f g h", "a b c X e f g h", 1, "@@ -3,3 +3,3 @@\n c\n-d\n+X\n e\n"},
		{"a b c d e f g h", "A b c d e f g H", 1, "@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -7,2 +7,2 @@\n g\n-h\n+H\n"},
		{"a b c d", "A b c D", 1, "@@ -1,4 +1,4 @@\n-a\n+A\n b\n c\n-d\n+D\n"},
		{"a b", "a b c", 0, "@@ -2,0 +3,1 @@\n+c\n"},
		{"a b c", "b c", 0, "@@ -1,1 +0,0 @@\n-a\n"},
		{"", "a", 1, "@@ -0,0 +1,1 @@\n+a\n"},
		{"a", "", 1, "@@ -1,1 +0,0 @@\n-a\n"},
	} {
		old, new := strings.Fields(tc.old), strings.Fields(tc.new)
		hs := ParagraphDiff(old, new, tc.ctx)
		if got := render1(hs); got != tc.want {
			t.Errorf("%q -> %q: got\n%s\nwant\n%s", tc.old, tc.new, got, tc.want)
		}
		got, err := apply(old, hs)
		if err != nil || !slices.Equal(got, new) {
			t.Errorf("%q -> %q: apply: %q, %v", tc.old, tc.new, got, err)
		}
	}
}

// Myers finds a shortest script; past MaxTextEdits it still gives a
// correct one.
func TestEditScriptLimit(t *testing.T) {
	a := strings.Fields("a b c a b b a")
	b := strings.Fields("c b a b a c")
	ops := editScript(a, b, MaxTextEdits)
	if n := strings.Count(string(ops), "-") + strings.Count(string(ops), "+"); n != 5 {
		t.Errorf("edits: got %d (%s), want 5", n, ops)
	}
	var x, y []string
	for i := range 3000 {
		x = append(x, fmt.Sprint("x", i))
		y = append(y, fmt.Sprint("y", i))
	}
	x[1500], y[1500] = "same", "same"
	hs := ParagraphDiff(x, y, 1)
	got, err := apply(x, hs)
	if err != nil || !slices.Equal(got, y) {
		t.Errorf("over the limit: apply failed: %v", err)
	}
}

func FuzzParagraphDiff(f *testing.F) {
	f.Add("a\n\nb\n\nc", "a\n\nx\n\nc", 1)
	f.Add("", "a", 0)
	f.Add("one\ntwo\n\nthree", "three\n\none\ntwo", 2)
	f.Add("a\n\n\n\nb", "a\n\nb\n\n", 3)
	f.Fuzz(func(t *testing.T, a, b string, ctx int) {
		ctx %= 5
		old, new := SplitParagraphs(a), SplitParagraphs(b)
		if strings.Join(old, "\n\n") != a {
			t.Fatalf("split is not reversible")
		}
		hs := ParagraphDiff(old, new, ctx)
		got, err := apply(old, hs)
		if err != nil {
			t.Fatalf("apply: %v\n%s", err, render1(hs))
		}
		if strings.Join(got, "\n\n") != b {
			t.Fatalf("apply gave %q, want %q", strings.Join(got, "\n\n"), b)
		}
		if (a == b) != (len(hs) == 0) {
			t.Fatalf("equal=%v but %d hunks", a == b, len(hs))
		}
	})
}

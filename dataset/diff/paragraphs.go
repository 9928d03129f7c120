package diff

import "strings"

// MaxTextEdits bounds the edit distance, in paragraphs, that the text
// diff searches for. The search keeps O(d²) state for d edits, so a
// record whose paragraphs changed more than this (after the common head
// and tail are set aside) is shown as its changed middle removed and
// re-added: still correct, only less minimal. 1000 edits cost at most
// about 8 MB.
const MaxTextEdits = 1000

// DefaultContext is the number of unchanged paragraphs shown around a
// change when Options.Context is zero.
const DefaultContext = 1

// Hunk is one region of a paragraph-level unified diff, like a hunk of
// diff -u with paragraphs in place of lines. Starts are 1-based
// paragraph numbers; for an empty range the start is the number of the
// paragraph before it (0 at the top), as in diff -u.
type Hunk struct {
	OldStart   int    `json:"old_start"`
	OldCount   int    `json:"old_count"`
	NewStart   int    `json:"new_start"`
	NewCount   int    `json:"new_count"`
	Paragraphs []Para `json:"paragraphs"`
}

// Para is one paragraph of a hunk: Op is " " (context), "-" (only in the
// old text) or "+" (only in the new text).
type Para struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// SplitParagraphs splits a record text at blank lines ("\n\n"). It is
// the inverse of strings.Join(p, "\n\n"), so nothing is lost, even for
// text that breaks the one-blank-line rule.
func SplitParagraphs(text string) []string { return strings.Split(text, "\n\n") }

// ParagraphDiff returns the hunks that turn old into new, with context
// unchanged paragraphs around each change (none if context < 0). Equal
// inputs give no hunks.
func ParagraphDiff(old, new []string, context int) []Hunk {
	if context < 0 {
		context = 0
	}
	ops := editScript(old, new, MaxTextEdits)
	return hunks(old, new, ops, context)
}

// editScript returns a shortest edit script of '=', '-' and '+' from a
// to b (Myers' O(ND) algorithm), or a non-minimal one once more than
// maxD edits would be needed.
func editScript(a, b []string, maxD int) []byte {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	mid := myers(a[pre:len(a)-suf], b[pre:len(b)-suf], maxD)
	ops := make([]byte, 0, pre+len(mid)+suf)
	ops = append(ops, strings.Repeat("=", pre)...)
	ops = append(ops, mid...)
	return append(ops, strings.Repeat("=", suf)...)
}

func myers(a, b []string, maxD int) []byte {
	n, m := len(a), len(b)
	if n == 0 || m == 0 || maxD <= 0 {
		return replaceAll(n, m)
	}
	lim := min(n+m, maxD)
	off := lim + 1
	v := make([]int, 2*lim+3)
	// trace[d] holds v[-d..d] after step d.
	var trace [][]int
	for d := 0; d <= lim; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				return backtrack(trace, n, m)
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return replaceAll(n, m)
}

func backtrack(trace [][]int, n, m int) []byte {
	get := func(d, k int) int { return trace[d][k+d] }
	var rev []byte
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		k := x - y
		var pk int
		if k == -d || (k != d && get(d-1, k-1) < get(d-1, k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(d-1, pk)
		py := px - pk
		for x > px && y > py {
			rev = append(rev, '=')
			x--
			y--
		}
		if x == px {
			rev = append(rev, '+')
			y--
		} else {
			rev = append(rev, '-')
			x--
		}
	}
	for x > 0 && y > 0 {
		rev = append(rev, '=')
		x--
		y--
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

func replaceAll(n, m int) []byte {
	return []byte(strings.Repeat("-", n) + strings.Repeat("+", m))
}

// hunks groups an edit script into hunks with ctx context paragraphs;
// changes closer than 2*ctx share a hunk, as in diff -u.
func hunks(a, b []string, ops []byte, ctx int) []Hunk {
	// apos[i], bpos[i]: items of a and b consumed before ops[i].
	apos := make([]int, len(ops)+1)
	bpos := make([]int, len(ops)+1)
	for i, op := range ops {
		apos[i+1], bpos[i+1] = apos[i], bpos[i]
		if op != '+' {
			apos[i+1]++
		}
		if op != '-' {
			bpos[i+1]++
		}
	}
	var hs []Hunk
	i := 0
	for {
		c := i
		for c < len(ops) && ops[c] == '=' {
			c++
		}
		if c == len(ops) {
			return hs
		}
		start := max(c-ctx, i)
		e := c
		for {
			for e < len(ops) && ops[e] != '=' {
				e++
			}
			r := e
			for r < len(ops) && ops[r] == '=' {
				r++
			}
			if r < len(ops) && r-e <= 2*ctx {
				e = r
				continue
			}
			e = min(e+ctx, r)
			break
		}
		h := Hunk{OldCount: apos[e] - apos[start], NewCount: bpos[e] - bpos[start]}
		h.OldStart, h.NewStart = apos[start], bpos[start]
		if h.OldCount > 0 {
			h.OldStart++
		}
		if h.NewCount > 0 {
			h.NewStart++
		}
		for j := start; j < e; j++ {
			switch ops[j] {
			case '=':
				h.Paragraphs = append(h.Paragraphs, Para{" ", a[apos[j]]})
			case '-':
				h.Paragraphs = append(h.Paragraphs, Para{"-", a[apos[j]]})
			case '+':
				h.Paragraphs = append(h.Paragraphs, Para{"+", b[bpos[j]]})
			}
		}
		hs = append(hs, h)
		i = e
	}
}

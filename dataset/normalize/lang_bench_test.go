package normalize

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-archive/quire/internal/cputime"
	"github.com/quire-archive/quire/internal/lang"
)

// BenchmarkStopCount compares, on every line of the dev set, today's
// English-only word and stop-word count (what measure does: lower-case
// the line, split at spaces, trim, look up) with internal/lang's Count,
// which the classifier can use in any language. Both count the same
// lines in the same run, so their ratio holds on a loaded machine.
// The lower-casing is part of today's cost: measure gets the lower-cased
// line from lineInfo, which makes it for the classifier only.
func BenchmarkStopCount(b *testing.B) {
	dir := devsetDir(b)
	if dir == "" {
		b.Fatal("no dev set (../shared/devset): set QUIRE_DEVSET")
	}
	var lines []string
	total := 0
	for _, d := range readDocs(b, filepath.Join(dir, "*.txt")) {
		for _, l := range strings.Split(string(d.data), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				lines = append(lines, l)
				total += len(l)
			}
		}
	}
	b.Run("english-today", func(b *testing.B) {
		stops := newStopSet()
		cputime.Bench(b, total, func() {
			for _, l := range lines {
				englishCount(strings.ToLower(l), stops)
			}
		})
	})
	b.Run("lang.Count", func(b *testing.B) {
		set := lang.Lang("en").Stopwords()
		cputime.Bench(b, total, func() {
			for _, l := range lines {
				lang.Count(l, set)
			}
		})
	})
}

// englishCount is the word loop of measure (classify.go), as it is today.
func englishCount(lower string, stops *stopSet) (words, stopN int) {
	curly := strings.Contains(lower, "’")
	for rest := lower; rest != ""; {
		w := rest
		if i := strings.IndexByte(rest, ' '); i >= 0 {
			w, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if w == "" {
			continue
		}
		switch w {
		case "|", "»", "›", "•", "·", "/", "-", "–", "—":
			continue
		}
		w = trimWord(w)
		if w == "" {
			continue
		}
		words++
		if curly && strings.Contains(w, "’") {
			w = strings.ReplaceAll(w, "’", "'")
		}
		if stops.has(w) {
			stopN++
		}
	}
	return words, stopN
}

package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeArticles writes n short news-like articles, different from each
// other (no two are near-duplicates) and clean for quire add: prose of a
// few paragraphs, English, no HTML. The same seed gives the same files.
func writeArticles(t testing.TB, dir string, n int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 11))
	pick := func(words []string) string { return words[rng.IntN(len(words))] }
	who := []string{"The city council", "A local farmer", "The health ministry", "Researchers at the university", "The river authority", "Two neighbours", "The regional court", "A group of teachers", "The port authority", "Volunteers from the library"}
	did := []string{"announced", "questioned", "approved", "described", "rejected", "welcomed", "postponed", "examined", "defended", "explained"}
	what := []string{"a plan to rebuild the old bridge", "the budget for next year", "new rules for the harbour", "a study of winter floods", "the closure of the north clinic", "a proposal for cheaper buses", "the results of the spring survey", "a new school timetable", "the repair of the town hall roof"}
	when := []string{"on Tuesday", "after a long debate", "despite some objections", "in a statement to reporters", "at a public meeting", "earlier this month", "before the summer", "for the second time"}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s (report %d)\n\n", pick(who), pick(did), pick(what), i)
		for p := 0; p < 3+rng.IntN(2); p++ {
			for s := 0; s < 3+rng.IntN(2); s++ {
				fmt.Fprintf(&b, "%s %s %s %s. ", pick(who), pick(did), pick(what), pick(when))
			}
			b.WriteString("\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("story-%05d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAddManyFiles: a clean contribution larger than the report's limit
// of 10,000 problems is added. Every file gets a Q504 warning (it is
// renamed), so 10,001 files mean one warning past the limit, which
// must not count as an error.
func TestAddManyFiles(t *testing.T) {
	const n = 10001
	dir := t.TempDir()
	seeds := filepath.Join(dir, "seeds")
	if err := copyDir(filepath.Join(repoRoot(t), "seeds"), seeds); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in")
	writeArticles(t, in, n, 1)
	code, out, stderr := quire(t, "add", "-quiet", "-seeds", seeds, in)
	if code != exitOK {
		t.Fatalf("add of %d clean files: exit %d\n%s\n%s", n, code, lastLines(out, 5), stderr)
	}
	if want := fmt.Sprintf("0 errors, %d warnings in %d inputs (1 more problem not listed)\n", n, n); !strings.Contains(out, want) {
		t.Errorf("summary: want %q in\n%s", want, lastLines(out, 5))
	}
	if got := checkSeedsConsistent(t, seeds, filepath.Join(repoRoot(t), "seeds")); got != n {
		t.Errorf("%d files added, want %d", got, n)
	}
}

// lastLines is the end of a long output, for a failure message.
func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}

package main

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/internal/gen"
	"github.com/rogpeppe/go-internal/testscript"
)

// cmdGenCorpus writes a generated corpus of N documents (internal/gen,
// seed SEED, default 1) into DIR: quire-gencorpus DIR N [SEED].
func cmdGenCorpus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: quire-gencorpus DIR N [SEED]")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	seed := uint64(1)
	if len(args) == 3 {
		seed, err = strconv.ParseUint(args[2], 10, 64)
		ts.Check(err)
	}
	ts.Check(genCorpus(ts.MkAbs(args[0]), n, seed))
}

// genCorpus writes n generated documents into dir.
func genCorpus(dir string, n int, seed uint64) error {
	g, err := gen.New(gen.Options{Seed: seed, MeanBytes: 1500})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		name, data := g.Doc(i)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// devsetCorpus copies the first n pages of the labelled dev set
// (../shared/devset/cases, real scraped news pages) into dir. The dev
// set is part of CI: a missing one fails the test.
func devsetCorpus(t *testing.T, dir string, n int) {
	t.Helper()
	cases := filepath.Join(repoRoot(t), "..", "shared", "devset", "cases")
	pages, err := filepath.Glob(filepath.Join(cases, "*.txt"))
	if err != nil || len(pages) < n {
		t.Fatalf("the dev set %s has %d pages, want at least %d (is ../shared beside the repository?)", cases, len(pages), n)
	}
	sort.Strings(pages)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, p := range pages[:n] {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, strconv.Itoa(1000+i)+".txt"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCommandsAgreeWithBuild is issue 12's acceptance test, on a corpus
// of real pages and a generated one, both large enough for the
// repeated-line pass: quire normalize of every seed prints exactly the
// records the bundle stores, and quire diff of the bundle with the
// seeds it was built from finds no change and exits 0. It also checks
// that the corpus exercises the pass (records without it differ), so the
// two properties cannot hold by accident.
func TestCommandsAgreeWithBuild(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(dir string)
	}{
		{"devset", func(dir string) { devsetCorpus(t, dir, 90) }},
		{"generated", func(dir string) {
			if err := genCorpus(dir, 85, 3); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			seeds, out := filepath.Join(dir, "seeds"), filepath.Join(dir, "dist")
			tc.make(seeds)
			if code, _, stderr := quire(t, "build", "-quiet", "-seeds", seeds, "-out", out); code != 0 {
				t.Fatalf("build: exit %d\n%s", code, stderr)
			}
			bundle := filepath.Join(out, "dataset-0.1.0.tar.zst")
			stored := readMember(t, bundle, "dataset-0.1.0/data/records/000000.jsonl")
			files, _ := filepath.Glob(filepath.Join(seeds, "*.txt"))
			if len(files) < 80 {
				t.Fatalf("%d documents, want 80 or more", len(files))
			}

			code, got, stderr := quire(t, append([]string{"normalize", "-seeds", seeds}, files...)...)
			if code != 0 || stderr != "" {
				t.Fatalf("normalize: exit %d\n%s", code, stderr)
			}
			if diff := cmp.Diff(strings.Split(stored, "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("quire normalize differs from the stored records (-stored +normalize):\n%.3000s", diff)
			}

			code, plain, stderr := quire(t, append([]string{"normalize", "-seeds", seeds, "-repeats", "0"}, files...)...)
			if code != 0 {
				t.Fatalf("normalize -repeats 0: exit %d\n%s", code, stderr)
			}
			if changed := countDiffering(stored, plain); changed == 0 || !strings.Contains(stored, `"rule":"classifier:repeated"`) {
				t.Fatalf("the corpus does not exercise the repeated-line pass: %d records differ without it", changed)
			} else {
				t.Logf("%d of %d records depend on the corpus statistics", changed, len(files))
			}

			for _, args := range [][]string{{"diff", bundle, seeds}, {"diff", "-stat", bundle, seeds}, {"diff", seeds, bundle}} {
				code, stdout, stderr := quire(t, args...)
				if code != 0 || stderr != "" {
					t.Errorf("%s: exit %d, want 0 (no change)\n%.2000s%s", strings.Join(args, " "), code, stdout, stderr)
				}
				if args[1] == "-stat" && !strings.Contains(stdout, "changed    0") {
					t.Errorf("diff -stat: %s", stdout)
				}
			}
		})
	}
}

// countDiffering counts the lines that differ between two JSON Lines
// texts of the same records.
func countDiffering(a, b string) int {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	n := 0
	for i := range la {
		if i >= len(lb) || la[i] != lb[i] {
			n++
		}
	}
	return n
}

package normalize

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func newNormalizer(t testing.TB) *Normalizer {
	t.Helper()
	n, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

type doc struct {
	id   string
	name string
	data []byte
}

func readDocs(t testing.TB, glob string) []doc {
	t.Helper()
	paths, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var docs []doc
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(p)
		docs = append(docs, doc{id: strings.TrimSuffix(name, ".txt"), name: name, data: data})
	}
	return docs
}

func seedDocs(t testing.TB) []doc {
	docs := readDocs(t, filepath.Join("..", "..", "seeds", "*.txt"))
	if len(docs) == 0 {
		t.Fatal("no seeds in ../../seeds")
	}
	return docs
}

// devsetDir finds the cases of the line-labelled dev set: $QUIRE_DEVSET
// (the set's directory or its cases/) when set, else ../shared/devset
// beside the repository (main checkout) or beside the worktrees. webDevsetDir finds
// the snippet set's cases the same way: $QUIRE_DEVSET_WEB, or
// ../shared/devset-web. A missing set FAILS the test instead of
// skipping it: CI has ../shared, and a test that silently runs on the
// seeds only guards nothing.
func devsetDir(tb testing.TB) string {
	tb.Helper()
	return findSet(tb, "QUIRE_DEVSET", "devset")
}

func webDevsetDir(tb testing.TB) string {
	tb.Helper()
	return findSet(tb, "QUIRE_DEVSET_WEB", "devset-web")
}

func findSet(tb testing.TB, env, name string) string {
	tb.Helper()
	cands := []string{
		filepath.Join("..", "..", "..", "shared", name, "cases"),
		filepath.Join("..", "..", "..", "..", "shared", name, "cases")}
	if d := os.Getenv(env); d != "" {
		cands = []string{filepath.Join(d, "cases"), d} // what the user named, nothing else
	}
	for _, c := range cands {
		if m, _ := filepath.Glob(filepath.Join(c, "*.txt")); len(m) > 0 {
			return c
		}
	}
	tb.Fatalf("dev set %s not found (looked in %s): CI has ../shared beside the clone; set %s to use another copy",
		name, strings.Join(cands, ", "), env)
	return ""
}

// devDocs are the raw pages of both dev sets.
func devDocs(t testing.TB) []doc {
	docs := readDocs(t, filepath.Join(devsetDir(t), "*.txt"))
	return append(docs, readDocs(t, filepath.Join(webDevsetDir(t), "*.txt"))...)
}

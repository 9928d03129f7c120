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

// devsetDir finds the shared dev set: $QUIRE_DEVSET, or shared/devset
// next to the repository (main checkout) or next to the worktrees.
func devsetDir() string {
	cands := []string{os.Getenv("QUIRE_DEVSET"),
		filepath.Join("..", "..", "..", "shared", "devset", "cases"),
		filepath.Join("..", "..", "..", "..", "shared", "devset", "cases")}
	for _, c := range cands {
		if c == "" {
			continue
		}
		if fi, err := os.Stat(c); err == nil && fi.IsDir() {
			return c
		}
	}
	return ""
}

func devDocs(t testing.TB) []doc {
	dir := devsetDir()
	if dir == "" {
		t.Skip("dev set not present (set QUIRE_DEVSET)")
	}
	return readDocs(t, filepath.Join(dir, "*.txt"))
}

package normalize

import (
	"github.com/quire-archive/quire/internal/devsets"
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

// devsetDir and webDevsetDir are the cases of the two dev sets
// (internal/devsets: ../shared beside the clone, or QUIRE_DEVSET and
// QUIRE_DEVSET_WEB); a missing set fails the test.
func devsetDir(tb testing.TB) string { tb.Helper(); return devsets.Cases(tb, devsets.Lines) }

func webDevsetDir(tb testing.TB) string { tb.Helper(); return devsets.Cases(tb, devsets.Web) }

// devDocs are the raw pages of both dev sets.
func devDocs(t testing.TB) []doc {
	docs := readDocs(t, filepath.Join(devsetDir(t), "*.txt"))
	return append(docs, readDocs(t, filepath.Join(webDevsetDir(t), "*.txt"))...)
}

package contrib

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/dedup"
	"github.com/quire-archive/quire/schema"
)

const seedsDir = "../../seeds"

// seed is one document of the repository's seeds and its record.
type seed struct {
	name string
	data []byte
	rec  *record.Record
	line []byte // canonical JSON
}

func loadSeeds(t testing.TB) []seed {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(paths) < 2 {
		t.Fatalf("want at least 2 seeds in %s", seedsDir)
	}
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []seed
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(p)
		rec, err := n.Normalize(normalize.Input{ID: strings.TrimSuffix(name, ".txt"), Name: name, Data: data})
		if err != nil {
			t.Fatal(err)
		}
		line, err := record.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, seed{name, data, rec, line})
	}
	return out
}

// newChecker returns a checker against the seeds, with seeds naming.
func newChecker(t testing.TB, seeds []seed, mod func(*Options)) *Checker {
	t.Helper()
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	ix := dedup.NewIndex()
	for _, s := range seeds {
		ix.Add(dedup.MakeEntry(s.rec.ID, s.name, sha256.Sum256(s.data), s.rec.Text))
	}
	opts := Options{Normalizer: n, Schema: sch, Dataset: ix, SeedNames: true}
	if mod != nil {
		mod(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// codes lists the problems' codes and locations, one per line.
func codes(r *report.Report) string {
	r.Sort()
	var b strings.Builder
	for _, p := range r.Problems {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func has(r *report.Report, c report.Code) bool {
	for _, p := range r.Problems {
		if p.Code == c {
			return true
		}
	}
	return false
}

// changeParagraph replaces the words of the longest paragraph of data.
func changeParagraph(data []byte) []byte {
	paras := bytes.Split(data, []byte("\n\n"))
	long := 0
	for i, p := range paras {
		if len(p) > len(paras[long]) {
			long = i
		}
	}
	paras[long] = []byte("An entirely different paragraph was written here by the contributor, who described the weather, the traffic and the new bridge across the river in some detail.")
	return bytes.Join(paras, []byte("\n\n"))
}

func json_(r *record.Record) (string, error) {
	b, err := record.Marshal(r)
	return string(b), err
}

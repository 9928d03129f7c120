package diff

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/record"
)

var update = flag.Bool("update", false, "rewrite golden files in golden/diff")

func sp(s string) *string { return &s }

// rec builds a valid-looking record whose source name is derived from
// the id, as the normalizer does.
func rec(id, text string) *record.Record {
	return &record.Record{
		ID:           id,
		Title:        sp("A title"),
		Text:         text,
		Captions:     []record.Caption{},
		Removed:      []record.Removed{},
		Source:       record.Source{Name: id + ".txt", Bytes: int64(len(text) + 10), SHA256: sum(text)},
		RulesVersion: "1.0.0",
	}
}

func sum(s string) string { return record.Sum([]byte(s)) }

// collect is a Reporter that keeps every change, for tests.
type collect struct {
	changes []*Change
	res     *Result
}

func (c *collect) Change(ch *Change) error { c.changes = append(c.changes, ch); return nil }
func (c *collect) End(r *Result) error     { c.res = r; return nil }

func run(t *testing.T, old, new []*record.Record, oi, ni SideInfo, opts Options) (*collect, *Result) {
	t.Helper()
	c := &collect{}
	res, err := Run(NewMemSide(oi, old...), NewMemSide(ni, new...), opts, c)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if c.res != res {
		t.Fatalf("End got a different result than Run returned")
	}
	return c, res
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "golden", "diff", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden (-want +got):\n%s", name, cmp.Diff(string(want), string(got)))
	}
}

package corpus

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestListSortedAndStrict(t *testing.T) {
	fsys := fstest.MapFS{
		"s/002_b.txt": {Data: []byte("b")},
		"s/000_a.txt": {Data: []byte("aa")},
		"s/.DS_Store": {Data: []byte("x")},
	}
	docs, err := List(fsys, "s")
	if err != nil {
		t.Fatal(err)
	}
	want := []Doc{{"000_a.txt", "000_a", 2}, {"002_b.txt", "002_b", 1}}
	if diff := cmp.Diff(want, docs); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}

	bad := fstest.MapFS{
		"s/ok.txt":    {},
		"s/OK.txt":    {},
		"s/notes.md":  {},
		"s/-bad.txt":  {},
		"s/sub/x.txt": {},
		"s/link.txt":  {Mode: fs.ModeSymlink},
	}
	_, err = List(bad, "s")
	var le *ListError
	if !errors.As(err, &le) || len(le.Problems) != 5 {
		t.Fatalf("List(bad) = %v, want 5 problems", err)
	}
	for _, want := range []string{"notes.md", "-bad.txt", "sub", "link.txt", "only in case"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestRepoSeeds(t *testing.T) {
	docs, err := List(os.DirFS("../.."), "seeds")
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatal("no seeds")
	}
	for _, d := range docs {
		if _, _, ok := SeedName(d.ID); !ok {
			t.Errorf("seed %s does not follow NNN_<16 hex>", d.Name)
		}
	}
}

func TestSeedName(t *testing.T) {
	for id, ok := range map[string]bool{
		"000_879b37c607dd505b": true, "1234_879b37c607dd505b": true,
		"00_879b37c607dd505b": false, "000_879B37C607DD505B": false, "000_879b37c607dd505": false,
	} {
		if _, _, got := SeedName(id); got != ok {
			t.Errorf("SeedName(%q) ok = %v, want %v", id, got, ok)
		}
	}
}

func TestReadLimited(t *testing.T) {
	if _, err := ReadLimited(strings.NewReader("12345"), 4); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ReadLimited over limit = %v, want ErrTooLarge", err)
	}
	if b, err := ReadLimited(strings.NewReader("1234"), 4); err != nil || string(b) != "1234" {
		t.Errorf("ReadLimited at limit = %q, %v", b, err)
	}
}

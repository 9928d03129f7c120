package corpus

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

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

// lyingFile is an fs.File whose Stat reports size, whatever it holds.
type lyingFile struct {
	io.Reader
	size int64
}

func (f lyingFile) Stat() (fs.FileInfo, error) { return lyingInfo{f.size}, nil }

type lyingInfo struct{ size int64 }

func (i lyingInfo) Name() string       { return "f" }
func (i lyingInfo) Size() int64        { return i.size }
func (i lyingInfo) Mode() fs.FileMode  { return 0o644 }
func (i lyingInfo) ModTime() time.Time { return time.Time{} }
func (i lyingInfo) IsDir() bool        { return false }
func (i lyingInfo) Sys() any           { return nil }

// TestReadLimitedSizeHint: the size from Stat is a hint only. Files
// smaller, larger or much larger than they claim read exactly, and the
// limit holds whatever they claim.
func TestReadLimitedSizeHint(t *testing.T) {
	const limit = 10000
	for _, tc := range []struct {
		n, claim int64
		tooBig   bool
	}{
		{0, 0, false}, {5000, 5000, false}, {5000, 1, false}, {5000, 1 << 40, false},
		{limit, limit, false}, {limit + 1, limit + 1, true}, {limit + 1, 3, true}, {50000, 0, true},
	} {
		data := bytes.Repeat([]byte("abcdefg\n"), int(tc.n/8+1))[:tc.n]
		got, err := ReadLimited(lyingFile{bytes.NewReader(data), tc.claim}, limit)
		if tc.tooBig {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("%d bytes claiming %d: err = %v, want ErrTooLarge", tc.n, tc.claim, err)
			}
			continue
		}
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%d bytes claiming %d: got %d bytes, %v", tc.n, tc.claim, len(got), err)
		}
		if cap(got) > limit+1 {
			t.Errorf("%d bytes claiming %d: buffer of %d bytes, past the limit", tc.n, tc.claim, cap(got))
		}
	}
	// A real file is read with one allocation of its size.
	path := filepath.Join(t.TempDir(), "doc.txt")
	data := bytes.Repeat([]byte("x"), 7000)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := ReadLimited(f, limit)
	if err != nil || !bytes.Equal(got, data) || cap(got) != len(data)+1 {
		t.Errorf("real file: %d bytes (cap %d), %v", len(got), cap(got), err)
	}
}

// TestReadSizedHint: a listed size is only a hint, like Stat's.
func TestReadSizedHint(t *testing.T) {
	data := bytes.Repeat([]byte("ab\n"), 1000)
	for _, hint := range []int64{-1, 0, 10, 3000, 1 << 40} {
		got, err := ReadSized(bytes.NewReader(data), 5000, hint)
		if err != nil || !bytes.Equal(got, data) || cap(got) > 5001 {
			t.Errorf("hint %d: %d bytes (cap %d), %v", hint, len(got), cap(got), err)
		}
	}
	if _, err := ReadSized(bytes.NewReader(data), 2999, 10); !errors.Is(err, ErrTooLarge) {
		t.Errorf("over the limit with a small hint: %v", err)
	}
}

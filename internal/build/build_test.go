package build

import (
	"context"
	"errors"
	"io/fs"
	"iter"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/corpus"
)

func TestRecordsOrderAndErrors(t *testing.T) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for i := 0; i < 50; i++ {
		name := strings.Repeat("a", 1+i%3) + string(rune('a'+i%26)) + "_" + string(rune('0'+i/26)) + ".txt"
		fsys["s/"+name] = &fstest.MapFile{Data: []byte("Some text of an article, paragraph one.\n\nAnd another paragraph.\n")}
	}
	docs, err := corpus.List(fsys, "s")
	if err != nil {
		t.Fatal(err)
	}
	// A listing small enough to be held, and one spilled in runs of 7.
	listings := []*corpus.Listing{open(t, fsys, 0), open(t, fsys, 7)}
	for k, workers := range []int{1, 2, 5} {
		var ids []string
		err := Records(context.Background(), fsys, "s", listings[k%2].All(), Options{Normalizer: n, Workers: workers}, func(r *record.Record) error {
			ids = append(ids, r.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(docs) {
			t.Fatalf("workers=%d: %d records, want %d", workers, len(ids), len(docs))
		}
		for i := range ids {
			if ids[i] != docs[i].ID {
				t.Fatalf("workers=%d: record %d is %q, want %q", workers, i, ids[i], docs[i].ID)
			}
		}
	}

	// Two bad documents: both are reported, and nothing after the first
	// failure reaches the sink.
	fsys["s/aab_0.txt"] = &fstest.MapFile{Data: []byte("bad \xff byte")}
	fsys["s/zzz.txt"] = &fstest.MapFile{Data: []byte("nul \x00 byte")}
	docs, _ = corpus.List(fsys, "s")
	var added int
	err = Records(context.Background(), fsys, "s", open(t, fsys, 7).All(), Options{Normalizer: n}, func(*record.Record) error { added++; return nil })
	var errs *Errors
	if !errors.As(err, &errs) || len(errs.Docs) != 2 {
		t.Fatalf("Records = %v, want 2 document errors", err)
	}
	if errs.Docs[0].Name != "aab_0.txt" || errs.Docs[1].Name != "zzz.txt" {
		t.Errorf("failed docs = %v", errs)
	}
	if added == len(docs) {
		t.Errorf("sink saw every record despite failures")
	}
}

func TestPreparedErrorsAreDocumentErrors(t *testing.T) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, name := range []string{"a.txt", "b.txt", "c.txt", "d.txt"} {
		fsys["s/"+name] = &fstest.MapFile{Data: []byte("Some text of an article.\n")}
	}
	l := open(t, fsys, 0)
	for _, workers := range []int{1, 3} {
		var got []string
		err := Prepared(context.Background(), fsys, "s", l.All(), Options{Normalizer: n, Workers: workers},
			func(r *record.Record) (string, error) {
				if r.ID == "b" || r.ID == "d" {
					return "", errors.New("refused by prepare")
				}
				return "<" + r.ID + ">", nil
			},
			func(s string) error { got = append(got, s); return nil })
		var errs *Errors
		if !errors.As(err, &errs) || len(errs.Docs) != 2 || errs.Docs[0].Name != "b.txt" || errs.Docs[1].Name != "d.txt" {
			t.Fatalf("workers=%d: Prepared = %v, want errors for b.txt and d.txt", workers, err)
		}
		if strings.Join(got, "") != "<a>" {
			t.Errorf("workers=%d: sink got %q, want only <a> (nothing after the first failure)", workers, got)
		}
	}
}

func TestLineHashesSkipsBadDocuments(t *testing.T) {
	fsys := fstest.MapFS{}
	for i := 0; i < 120; i++ {
		body := "Share this article\n\nA line of text that belongs to document " + string(rune('A'+i%26)) + string(rune('a'+i/26)) + " only.\n"
		fsys["s/d"+string(rune('a'+i%26))+string(rune('a'+i/26))+".txt"] = &fstest.MapFile{Data: []byte(body)}
	}
	fsys["s/zz_bad.txt"] = &fstest.MapFile{Data: []byte("bad \xff")}
	l := open(t, fsys, 16)
	var digests []string
	for _, w := range []int{1, 3} {
		st := normalize.NewLineStats()
		var prev string
		err := LineHashes(context.Background(), fsys, "s", l.All(), w, func(hs []uint64) error {
			st.AddLineHashes(hs)
			return nil
		}, func(done int, _ int64) { prev = strings.Repeat("x", done) })
		if err != nil {
			t.Fatal(err)
		}
		if st.Docs() != 120 || len(prev) != 121 {
			t.Errorf("workers=%d: %d documents counted of %d, want 120 of 121 (the bad one left out)", w, st.Docs(), len(prev))
		}
		if n := st.Count("share this article"); n != 120 {
			t.Errorf("workers=%d: shared line counted in %d documents, want 120", w, n)
		}
		digests = append(digests, st.Digest(normalize.DefaultRepeatDocs))
	}
	if digests[0] != digests[1] {
		t.Error("statistics depend on the number of workers")
	}
}

// open lists dir "s" of fsys in runs of runSize (0: the default) and
// closes the listing when the test ends.
func open(t *testing.T, fsys fs.FS, runSize int) *corpus.Listing {
	t.Helper()
	l, err := corpus.Open(fsys, "s", corpus.ListOptions{RunSize: runSize, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func TestRecordsRefusesUnsortedAndBrokenListings(t *testing.T) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, id := range []string{"a", "b", "c"} {
		fsys["s/"+id+".txt"] = &fstest.MapFile{Data: []byte("Some text of an article.\n")}
	}
	docs := func(ids ...string) iter.Seq2[corpus.Doc, error] {
		return func(yield func(corpus.Doc, error) bool) {
			for _, id := range ids {
				if !yield(corpus.Doc{Name: id + ".txt", ID: id}, nil) {
					return
				}
			}
			yield(corpus.Doc{}, errors.New("spill file unreadable"))
		}
	}
	for _, tc := range []struct {
		ids  []string
		want string
	}{
		{[]string{"a", "c", "b"}, `documents not sorted by id: "c" before "b"`},
		{[]string{"a", "a"}, `documents not sorted by id: "a" before "a"`},
		{[]string{"a", "b"}, "spill file unreadable"},
	} {
		if err := Records(context.Background(), fsys, "s", docs(tc.ids...), Options{Normalizer: n}, func(*record.Record) error { return nil }); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Records(%q) = %v, want %q", tc.ids, err, tc.want)
		}
		if err := LineHashes(context.Background(), fsys, "s", docs(tc.ids...), 2, func([]uint64) error { return nil }, nil); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LineHashes(%q) = %v, want %q", tc.ids, err, tc.want)
		}
	}
}

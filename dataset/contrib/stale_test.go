package contrib

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/dedup"
)

// TestSeedsCheckedInPlace: a file already in the seeds directory is
// recognised as itself (no collision, no duplicate), and its name is
// still checked — what a pull request's CI runs on the files it adds to
// seeds/. A seed edited in place keeps a stale hash in its name (Q505),
// and two seeds with one sequence number are caught (Q505 on each: which
// one came first is not in the directory).
func TestSeedsCheckedInPlace(t *testing.T) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		name string
		data []byte
	}
	named := func(seq string, data string) file {
		return file{seq + "_" + sumHex([]byte(data))[:16] + ".txt", []byte(data)}
	}
	good := []file{
		named("000", prose),
		named("001", strings.ReplaceAll(prose, "council", "committee")),
	}
	edited := []byte(strings.ReplaceAll(prose, "mayor", "governor"))
	twin := named("001", strings.ReplaceAll(prose, "spring", "autumn")) // good[1]'s number
	bad := []file{{"099_0000000000000000.txt", edited}, twin}
	ix := dedup.NewIndex()
	for _, f := range append(append([]file{}, good...), bad...) {
		id := strings.TrimSuffix(f.name, ".txt")
		rec, err := n.Normalize(normalize.Input{ID: id, Name: f.name, Data: f.data})
		if err != nil {
			t.Fatal(err)
		}
		ix.Add(dedup.MakeEntry(id, f.name, sha256.Sum256(f.data), rec.Text))
	}
	c := newChecker(t, nil, func(o *Options) { o.Dataset, o.NearThreshold = ix, 2 })
	var rep report.Report
	for _, f := range append(append([]file{}, good...), bad...) {
		doc, err := c.CheckDocument(&rep, "seeds/"+f.name, bytes.NewReader(f.data))
		if err != nil {
			t.Fatal(err)
		}
		if !doc.Existing {
			t.Errorf("%s is not recognised as a file of the dataset", f.name)
		}
	}
	got := codes(&rep)
	for _, w := range []string{
		"seeds/099_0000000000000000.txt: warning Q506 stale-name: the name's hash 0000000000000000 is not the first 16 hex digits of the sha256 of the bytes (" + sumHex(edited)[:16] + "): the file changed after it was named, or was named another way; to follow the convention rename it 099_" + sumHex(edited)[:16] + ".txt",
		"seeds/" + twin.name + ": error Q505 name-mismatch: sequence number 001 is also used by " + good[1].name + ": give one of them a free number; the next is 100",
		"seeds/" + good[1].name + ": error Q505 name-mismatch: sequence number 001 is also used by " + twin.name,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("report lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, good[0].name) {
		t.Errorf("a good seed is reported:\n%s", got)
	}
	if len(rep.Problems) != 3 {
		t.Errorf("%d problems, want 3:\n%s", len(rep.Problems), got)
	}
}

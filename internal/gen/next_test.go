package gen

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

func mustNext(t testing.TB, opts Options, n int, c Change) *NextVersion {
	t.Helper()
	v, err := Next(opts, n, c)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNextPercentages(t *testing.T) {
	const n = 20000
	c := Change{EditPct: 5, AddPct: 2.5, RemovePct: 3}
	v := mustNext(t, Options{Seed: 2}, n, c)
	if v.Len() != n+500 {
		t.Fatalf("Len %d, want %d", v.Len(), n+500)
	}
	count := map[Fate]int{}
	for i := 0; i < v.Len(); i++ {
		count[v.Fate(i)]++
	}
	if count[Added] != 500 {
		t.Errorf("added %d, want 500", count[Added])
	}
	for _, x := range []struct {
		f   Fate
		pct float64
	}{{Edited, c.EditPct}, {Removed, c.RemovePct}} {
		p := x.pct / 100
		got := float64(count[x.f]) / n
		if tol := 4 * math.Sqrt(p*(1-p)/n); math.Abs(got-p) > tol {
			t.Errorf("%s: %.4f, want %.4f ± %.4f", x.f, got, p, tol)
		}
	}
	// Same options, same fates.
	w := mustNext(t, Options{Seed: 2}, n, c)
	for i := 0; i < 1000; i++ {
		if v.Fate(i) != w.Fate(i) {
			t.Fatalf("fate of %d differs between equal NextVersions", i)
		}
	}
}

func TestNextDocs(t *testing.T) {
	const n = 400
	v := mustNext(t, Options{Seed: 4}, n, Change{EditPct: 20, AddPct: 10, RemovePct: 10})
	g := v.Generator()
	seen := map[Fate]int{}
	for i := 0; i < v.Len(); i++ {
		name, data, ok := v.Doc(i)
		f := v.Fate(i)
		seen[f]++
		if ok != (f != Removed) {
			t.Fatalf("doc %d (%s): ok %v", i, f, ok)
		}
		if !ok {
			continue
		}
		name1, data1 := g.Doc(i)
		switch f {
		case Kept, Added:
			if name != name1 || !bytes.Equal(data, data1) {
				t.Errorf("doc %d (%s) differs from the generator's", i, f)
			}
		case Edited:
			if bytes.Equal(data, data1) || name == name1 {
				t.Errorf("doc %d edited but unchanged", i)
			}
			if name[:SeqDigits] != name1[:SeqDigits] {
				t.Errorf("doc %d: edited name %q has another sequence than %q", i, name, name1)
			}
			// An edit touches one paragraph (of up to 5 <br> lines):
			// the other lines survive.
			old := strings.Split(string(data1), "\n")
			kept := 0
			for _, l := range old {
				if bytes.Contains(data, []byte(l)) {
					kept++
				}
			}
			if kept < len(old)-5 {
				t.Errorf("doc %d: edit changed %d lines, want ≤ 5", i, len(old)-kept)
			}
		}
	}
	for _, f := range []Fate{Kept, Edited, Removed, Added} {
		if seen[f] == 0 {
			t.Errorf("no %s documents", f)
		}
	}
	if _, _, ok := mustNext(t, Options{Seed: 4}, n, Change{}).Doc(3); !ok {
		t.Error("no change removed a document")
	}
}

func TestNextErrors(t *testing.T) {
	for _, c := range []Change{{EditPct: -1}, {RemovePct: math.NaN()}, {EditPct: 60, RemovePct: 50}, {AddPct: 2000}} {
		if _, err := Next(Options{}, 10, c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	if _, err := Next(Options{}, -1, Change{}); err == nil {
		t.Error("n = -1 accepted")
	}
}

func TestRecords(t *testing.T) {
	s, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	const n = 300
	v := mustNext(t, Options{Seed: 12}, n, Change{EditPct: 10, AddPct: 5, RemovePct: 5})
	g := v.Generator()
	for _, side := range []struct {
		name string
		n    int
		rec  func(int) (*record.Record, bool)
	}{
		{"v1", n, func(i int) (*record.Record, bool) { return g.Record(i), true }},
		{"v2", v.Len(), v.Record},
	} {
		var buf bytes.Buffer
		if err := WriteRecords(context.Background(), &buf, side.n, side.rec); err != nil {
			t.Fatal(err)
		}
		lr := record.NewLineReader(&buf, record.MaxLineBytes)
		prev, count := "", 0
		for {
			line, err := lr.Next()
			if err != nil {
				break
			}
			count++
			vs, err := s.Validate(line)
			if err != nil || len(vs) > 0 {
				t.Fatalf("%s line %d: %v %v", side.name, lr.Line(), vs, err)
			}
			r, err := record.Unmarshal(line)
			if err != nil {
				t.Fatalf("%s line %d: %v", side.name, lr.Line(), err)
			}
			if !record.IsCanonical(line, r) {
				t.Errorf("%s line %d: not canonical", side.name, lr.Line())
			}
			if r.ID <= prev {
				t.Errorf("%s line %d: id %q after %q", side.name, lr.Line(), r.ID, prev)
			}
			prev = r.ID
			// Source fields describe the raw bytes.
			var i int
			for _, c := range r.ID {
				i = i*10 + int(c-'0')
			}
			var raw []byte
			if side.name == "v1" {
				_, raw = g.Doc(i)
			} else {
				_, raw, _ = v.Doc(i)
			}
			if r.Source.Bytes != int64(len(raw)) || r.Source.SHA256 != record.Sum(raw) || r.Source.Name != r.ID+".txt" {
				t.Errorf("%s %s: source %+v does not describe the raw document", side.name, r.ID, r.Source)
			}
			if r.Published != nil && !bytes.Contains(raw, []byte("date "+*r.Published)) {
				t.Errorf("%s %s: published %q not in the document", side.name, r.ID, *r.Published)
			}
			// Removed lines are where they say.
			lines := strings.Split(strings.ReplaceAll(strings.TrimPrefix(string(raw), "\ufeff"), "\r\n", "\n"), "\n")
			for _, rm := range r.Removed {
				if rm.Line > len(lines) || !strings.Contains(lines[rm.Line-1], rm.Text) {
					t.Fatalf("%s %s: removed %q not on line %d", side.name, r.ID, rm.Text, rm.Line)
				}
			}
			for _, c := range r.Captions {
				if !strings.Contains(clean(lines[c.Line-1]), c.Text) || !strings.Contains(lines[c.Line-1], *c.Credit) {
					t.Fatalf("%s %s: caption not on line %d", side.name, r.ID, c.Line)
				}
			}
		}
		want := side.n
		if side.name == "v2" {
			want = 0
			for i := 0; i < v.Len(); i++ {
				if v.Fate(i) != Removed {
					want++
				}
			}
		}
		if count != want {
			t.Errorf("%s: %d records, want %d", side.name, count, want)
		}
	}
}

// TestRecordsChanged checks the diff benchmark's premise: with an edit
// rate of 1 %, at least about 1 % of records have the same id and other
// content.
func TestRecordsChanged(t *testing.T) {
	const n = 5000
	v := mustNext(t, Options{Seed: 1}, n, Change{EditPct: 1.5})
	changed := 0
	for i := 0; i < n; i++ {
		a, _ := record.Marshal(v.Generator().Record(i))
		r, ok := v.Record(i)
		if !ok {
			t.Fatalf("record %d removed", i)
		}
		b, _ := record.Marshal(r)
		if !bytes.Equal(a, b) {
			changed++
		}
	}
	if changed < n/100 {
		t.Errorf("%d of %d records changed, want ≥ 1 %%", changed, n)
	}
}

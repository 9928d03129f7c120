package bundle

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/recordtest"
	"github.com/quire-archive/quire/schema"
)

func str(s string) *string { return &s }

// testRecords returns n valid records with ids in order.
func testRecords(n int) []*record.Record { return recordtest.Simple(n) }

func testOptions(t testing.TB) WriterOptions {
	t.Helper()
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	epoch := time.Unix(1700000000, 0)
	return WriterOptions{
		Name: "news", Version: "1.0.0", QuireVersion: "0.1.0", Schema: sch,
		Rules:           Rules{Version: "1.2.0", SHA256: strings.Repeat("0", 64)},
		SourceDateEpoch: &epoch, TempDir: t.TempDir(),
	}
}

func build(t testing.TB, opts WriterOptions, rs []*record.Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustCheck(t testing.TB, b []byte, level Level) *report.Report {
	t.Helper()
	rep, _, err := Check(bytes.NewReader(b), CheckOptions{Level: level})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 7, 300} {
		rs := testRecords(n)
		opts := testOptions(t)
		if n == 7 {
			opts.Notes = []byte("# Notes\n")
			opts.SourceDateEpoch = nil
		}
		b := build(t, opts, rs)
		for _, l := range []Level{LevelFast, LevelComplete, LevelFull} {
			if rep := mustCheck(t, b, l); len(rep.Problems) > 0 {
				t.Fatalf("%d records, level %v: %v", n, l, rep.Problems)
			}
		}
		rd, err := Open(bytes.NewReader(b), CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []*record.Record
		for {
			r, _, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		for _, r := range rs {
			if r.Captions == nil {
				r.Captions = []record.Caption{}
			}
			if r.Authors == nil {
				r.Authors = []string{}
			}
		}
		if diff := cmp.Diff(rs, got, cmp.Transformer("nil", func(r *record.Record) *record.Record { return r })); n > 0 && diff != "" {
			t.Errorf("%d records: round trip (-want +got):\n%s", n, diff)
		}
		m := rd.Manifest()
		if m == nil || m.RecordCount != int64(n) {
			t.Errorf("manifest %+v, want %d records", m, n)
		}
	}
}

func TestWriterRefuses(t *testing.T) {
	opts := testOptions(t)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	rs := testRecords(2)
	if err := w.Add(rs[1]); err != nil {
		t.Fatal(err)
	}
	err = w.Add(rs[0])
	if err == nil || !strings.Contains(err.Error(), `"doc-000000"`) || !strings.Contains(err.Error(), `"doc-000001"`) {
		t.Errorf("out of order: got %v, want both ids named", err)
	}
	w, _ = NewWriter(&buf, opts)
	bad := testRecords(1)[0]
	bad.Published = str("yesterday")
	err = w.Add(bad)
	if err == nil || !strings.Contains(err.Error(), "/published") || !strings.Contains(err.Error(), "doc-000000") {
		t.Errorf("schema: got %v, want record id and pointer", err)
	}
	if _, err := w.Close(); err == nil {
		t.Errorf("Close after a failed Add succeeded")
	}
	for _, mod := range []func(*WriterOptions){
		func(o *WriterOptions) { o.Name = "Bad Name" },
		func(o *WriterOptions) { o.Version = "1.0" },
		func(o *WriterOptions) { o.Rules.SHA256 = "x" },
		func(o *WriterOptions) { o.Schema = nil },
		func(o *WriterOptions) { o.Notes = []byte{0xff} },
	} {
		o := testOptions(t)
		mod(&o)
		if _, err := NewWriter(io.Discard, o); err == nil {
			t.Errorf("NewWriter(%+v) succeeded", o)
		}
	}
}

func TestLibraryVersion(t *testing.T) {
	gomod, err := readFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if want := "github.com/klauspost/compress " + zstdLibraryVersion; !strings.Contains(gomod, want) {
		t.Errorf("go.mod does not require %s: update zstdLibraryVersion with the library", want)
	}
}

var errStop = errors.New("stop")

// TestShards makes records big enough to need two shards, and checks
// the split rule from both sides.
func TestShards(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40 MB")
	}
	rs := testRecords(5)
	for _, r := range rs {
		r.Text = strings.Repeat("word ", 7<<20/5)
	}
	b := build(t, testOptions(t), rs)
	rep, m, err := Check(bytes.NewReader(b), CheckOptions{})
	if err != nil || len(rep.Problems) > 0 {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	if len(m.Shards) != 2 || m.Shards[0].Records != 4 || m.Shards[1].FirstID != "doc-000004" {
		t.Errorf("shards %+v, want 4 + 1 records", m.Shards)
	}
	// Move the 4th record to the second shard: a shard that ends early.
	top, ms := unpack(t, b)
	s0, s1 := find(ms, "data/records/000000.jsonl"), find(ms, "data/records/000001.jsonl")
	l := bytes.SplitAfter(ms[s0].body, []byte("\n"))
	ms[s0].body = bytes.Join(l[:3], nil)
	ms[s1].body = append(l[3], ms[s1].body...)
	rep, _, _ = Check(bytes.NewReader(pack(t, top, ms, true)), CheckOptions{})
	if !hasCode(rep, report.ShardLayout) || !hasCode(rep, report.ManifestInvalid) {
		t.Errorf("want Q407 and Q404, got:\n%s", problems(rep))
	}
}

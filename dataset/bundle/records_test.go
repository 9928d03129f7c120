package bundle

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// v1Lines are the seeds' records as quire wrote them with record
// schema v1 (committed, never regenerated).
func v1Lines(t testing.TB) [][]byte {
	t.Helper()
	b, err := os.ReadFile("../record/testdata/v1/seeds.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
}

// writeV1Lines writes a bundle of lines prepared against sch.
func writeV1Lines(t *testing.T, sch *schema.Schema, lines [][]byte) []byte {
	t.Helper()
	opts := testOptions(t)
	opts.Schema = sch
	var buf bytes.Buffer
	w, err := NewWriter(&buf, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, l := range lines {
		c, err := PrepareLine(sch, l)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.AddChecked(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestV1BundleChecksClean: a bundle of records written with schema v1
// validates at every level, its lines are checked with the v1 codec
// (the v1 encoding is its canonical form), and Reader returns the same
// bytes and records without authors or language.
func TestV1BundleChecksClean(t *testing.T) {
	v1, err := schema.RecordOf(1)
	if err != nil {
		t.Fatal(err)
	}
	lines := v1Lines(t)
	b := writeV1Lines(t, v1, lines)
	for _, lvl := range []Level{LevelFast, LevelComplete, LevelFull} {
		rep, m, err := Check(bytes.NewReader(b), CheckOptions{Level: lvl})
		if err != nil || rep.HasErrors() || len(rep.Problems) > 0 {
			t.Fatalf("level %s: %v, %v", lvl, err, rep.Problems)
		}
		if m.Schema.ID != v1.ID() || m.Schema.SHA256 != v1.SHA256() {
			t.Errorf("manifest schema %+v, want v1", m.Schema)
		}
	}
	// The latest schema given as the default does not override the
	// schema the bundle names.
	latest, _ := schema.Record()
	rd, err := Open(bytes.NewReader(b), CheckOptions{Schema: latest})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		r, line, err := rd.Next()
		if err == io.EOF {
			if i != len(lines) {
				t.Fatalf("read %d records, want %d", i, len(lines))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(line, lines[i]) || r.Authors != nil || r.Language != nil {
			t.Errorf("record %d: %q, authors %v, language %v", i, line, r.Authors, r.Language)
		}
	}
	if string(rd.Schema()) != string(v1.Bytes()) {
		t.Error("Reader.Schema is not the bundled v1 schema")
	}
}

// TestLinesCheckedAsTheirSchemaVersion: what one version's schema
// requires, a line checked against the other is refused for, both
// ways; a v1 line is not canonical in v2 nor the reverse.
func TestLinesCheckedAsTheirSchemaVersion(t *testing.T) {
	v1, _ := schema.RecordOf(1)
	v2, _ := schema.RecordOf(2)
	l1 := v1Lines(t)[0]
	r, err := record.V1.Unmarshal(l1)
	if err != nil {
		t.Fatal(err)
	}
	l2, _ := record.Marshal(r)
	for _, tc := range []struct {
		name  string
		sch   *schema.Schema
		line  []byte
		codes []report.Code
		msg   string
	}{
		{"v1 line, v2 schema", v2, l1, []report.Code{report.SchemaViolation, report.SchemaViolation}, "/authors: authors is required"},
		{"v2 line, v1 schema", v1, l2, []report.Code{report.SchemaViolation, report.SchemaViolation}, "Additional property authors is not allowed"},
	} {
		_, ps := checkLine(tc.line, tc.sch)
		var codes []report.Code
		var msgs []string
		for _, p := range ps {
			codes = append(codes, p.code)
			msgs = append(msgs, p.String())
		}
		if len(codes) != len(tc.codes) || !strings.Contains(strings.Join(msgs, "\n"), tc.msg) {
			t.Errorf("%s: %v, want codes %v and %q", tc.name, msgs, tc.codes, tc.msg)
		}
		if _, err := PrepareLine(tc.sch, tc.line); err == nil {
			t.Errorf("%s: PrepareLine accepted it", tc.name)
		}
	}
	// A writer with the v1 schema writes v1, and cannot write authors.
	r.Authors = []string{"Jane Doe"}
	if _, err := Prepare(v1, r); err == nil || !strings.Contains(err.Error(), `no field "authors"`) {
		t.Errorf("Prepare(v1, record with authors) = %v", err)
	}
}

func TestKnownSchema(t *testing.T) {
	v1, _ := schema.RecordOf(1)
	v2, _ := schema.RecordOf(2)
	tampered := strings.Replace(string(v1.Bytes()), `"maxLength": 1000`, `"maxLength": 100000`, 1)
	for _, tc := range []struct {
		name, raw string
		want      *schema.Schema
		msg       string
	}{
		{"v1", string(v1.Bytes()), v1, ""},
		{"v2", string(v2.Bytes()), v2, ""},
		{"v1 loosened", tampered, v1, `differs from quire's "https://quire-archive.github.io/schema/record/v1.json"`},
		{"unknown $id", strings.Replace(tampered, "record/v1.json", "record/v9.json", 1), v2, `differs from quire's "https://quire-archive.github.io/schema/record/v2.json"`},
		{"not JSON", "{", v2, "differs"},
	} {
		got, msg := knownSchema([]byte(tc.raw))
		if got != tc.want || (tc.msg == "") != (msg == "") || !strings.Contains(msg, tc.msg) {
			t.Errorf("%s: knownSchema = %v, %q; want %v, %q", tc.name, got.ID(), msg, tc.want.ID(), tc.msg)
		}
	}
}

package linecheck

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// sampleV2 is a valid record with every field of v2 filled.
func sampleV2() *record.Record {
	r := testRecords(1)[0]
	r.Authors, r.Language = []string{"Jane Doe"}, str("en")
	return r
}

func marshal(t *testing.T, v record.Version, r *record.Record) string {
	t.Helper()
	b, err := v.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLineOrderOfChecks pins the order of checks, the code and message
// of each problem and where it points: each step runs only on a line
// that passed the one before, schema violations are all reported, and
// decoding and the canonical form are judged only where the schema
// found nothing.
func TestLineOrderOfChecks(t *testing.T) {
	schs := schemas(t)
	v2 := marshal(t, record.V2, sampleV2())
	v1r := testRecords(1)[0]
	v1 := marshal(t, record.V1, v1r)
	type want struct {
		code    report.Code
		pointer string
		offset  int64
		msg     string
	}
	for _, tc := range []struct {
		name    string
		v       record.Version
		line    string
		decoded bool
		want    []want
	}{
		{"valid", record.V2, v2, true, nil},
		{"valid v1", record.V1, v1, true, nil},
		{"too long", record.V2, strings.Repeat(" ", record.MaxLineBytes+1), false,
			[]want{{report.RecordTooLong, "", -1, fmt.Sprintf("record line longer than %d bytes", record.MaxLineBytes)}}},
		{"empty", record.V2, "", false, []want{{report.RecordJSON, "", -1, "blank line: JSON Lines holds one record per line and no blank lines"}}},
		{"blank", record.V2, " \t\r", false, []want{{report.RecordJSON, "", -1, "blank line: JSON Lines holds one record per line and no blank lines"}}},
		{"invalid UTF-8", record.V2, strings.Replace(v2, "Paragraph", "Para\xffgraph", 1), false,
			[]want{{report.RecordUTF8, "", int64(strings.Index(v2, "graph")), "invalid UTF-8"}}},
		{"lone surrogate", record.V2, strings.Replace(v2, "Paragraph", `Para\ud800graph`, 1), false,
			[]want{{report.RecordUTF8, "", int64(strings.Index(v2, "graph")), `lone surrogate escape \ud800`}}},
		{"duplicate key", record.V2, strings.Replace(v2, `"outlet":null`, `"outlet":null,"outlet":"X"`, 1), false,
			[]want{{report.DuplicateKey, "", int64(strings.Index(v2, `"outlet"`) + len(`"outlet":null,`)), `duplicate key "outlet"`}}},
		{"too deep", record.V2, strings.Repeat("[", 40) + strings.Repeat("]", 40), false,
			[]want{{report.RecordTooDeep, "", record.MaxDepth, fmt.Sprintf("nesting deeper than %d", record.MaxDepth)}}},
		{"two values", record.V2, v2 + " {}", false,
			[]want{{report.RecordJSON, "", int64(len(v2)) + 1, "more than one JSON value on the line"}}},
		{"bad published and title: every violation", record.V2, strings.Replace(strings.Replace(v2, `"2024-01-02"`, `"yesterday"`, 1), `"Title 0"`, `""`, 1), true,
			[]want{{report.SchemaViolation, "/published", -1, "Does not match format 'date'"}, {report.SchemaViolation, "/title", -1, "String length must be greater than or equal to 1"}}},
		{"unknown field: the schema says it, decoding does not repeat it", record.V2, strings.Replace(v2, `{"id"`, `{"extra":1,"id"`, 1), false,
			[]want{{report.SchemaViolation, "", -1, "Additional property extra is not allowed"}}},
		{"title a number", record.V2, strings.Replace(v2, `"title":"Title 0"`, `"title":0`, 1), false,
			[]want{{report.SchemaViolation, "/title", -1, "Invalid type. Expected: [string,null], given: integer"}}},
		{"valid for the schema, not for the codec", record.V2, strings.Replace(v2, `"bytes":`, `"bytes":1e3,"x":`, 1), false, nil}, // replaced below
		{"not canonical", record.V2, strings.Replace(v2, `"id":`, `"id": `, 1), true,
			[]want{{report.NotCanonical, "", -1, notCanonical}}},
		{"v1 line, v2 schema", record.V2, v1, true,
			[]want{{report.SchemaViolation, "/authors", -1, "authors is required"}, {report.SchemaViolation, "/language", -1, "language is required"}}},
		{"v2 line, v1 schema", record.V1, v2, false,
			[]want{{report.SchemaViolation, "", -1, "Additional property authors is not allowed"}, {report.SchemaViolation, "", -1, "Additional property language is not allowed"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line := tc.line
			if strings.HasPrefix(tc.name, "valid for the schema") {
				// 1.0 is an integer to JSON Schema, not to Go's int.
				line = strings.Replace(v2, `{"line":3,`, `{"line":3.0,`, 1)
				tc.want = []want{{report.RecordJSON, "", int64(strings.Index(line, "3.0") + 3),
					"json: cannot unmarshal number 3.0 into Go struct field Caption.captions.line of type int"}}
			}
			r, ps := New(schs[tc.v]).Line([]byte(line))
			var got []want
			for _, p := range ps {
				got = append(got, want{p.Code, p.Pointer, p.Offset, p.Msg})
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (r != nil) != tc.decoded {
				t.Errorf("record %v, want decoded=%t", r, tc.decoded)
			}
		})
	}
}

// TestAnyVersion: JSON Lines name no schema, so each line is checked as
// the version its fields need.
func TestAnyVersion(t *testing.T) {
	c, err := NewAny()
	if err != nil {
		t.Fatal(err)
	}
	v1 := marshal(t, record.V1, testRecords(1)[0])
	v2 := marshal(t, record.V2, sampleV2())
	for _, tc := range []struct {
		name, line string
		want       []string
	}{
		{"v1", v1, nil},
		{"v2", v2, nil},
		{"v1, not canonical", strings.Replace(v1, `"id":`, `"id": `, 1), []string{"Q207"}},
		{"v2, not canonical", strings.Replace(v2, `"id":`, `"id": `, 1), []string{"Q207"}},
		{"language without authors is v2 missing authors", strings.Replace(v1, `"text":`, `"language":"en","text":`, 1), []string{"Q206 /authors"}},
		{"a v1 field broken", strings.Replace(v1, `"2024-01-02"`, `"x"`, 1), []string{"Q206 /published"}},
		{"unknown field", strings.Replace(v1, `{"id"`, `{"x":1,"id"`, 1), []string{"Q206 "}},
	} {
		_, ps := c.Line([]byte(tc.line))
		var got []string
		for _, p := range ps {
			got = append(got, strings.TrimSpace(p.Code.ID()+" "+p.Pointer))
		}
		for i := range tc.want {
			tc.want[i] = strings.TrimSpace(tc.want[i])
		}
		if !cmp.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	// Writers write the latest version.
	line, ps := c.Record(testRecords(1)[0])
	if len(ps) > 0 || !strings.Contains(string(line), `"authors":[]`) {
		t.Errorf("NewAny().Record = %s, %v; want the latest version", line, ps)
	}
	if c.Schema().RecordVersion() != schema.LatestRecordVersion {
		t.Errorf("NewAny().Schema() is version %d", c.Schema().RecordVersion())
	}
}

func TestRecordProblems(t *testing.T) {
	schs := schemas(t)
	r := sampleV2()
	if _, ps := New(schs[record.V1]).Record(r); len(ps) != 1 || ps[0].Code != report.SchemaViolation || !strings.Contains(ps[0].Msg, `no field "authors"`) {
		t.Errorf("v1 Record(record with authors) = %v", ps)
	}
	r.Text = strings.Repeat("x", record.MaxLineBytes)
	if _, ps := New(schs[record.V2]).Record(r); len(ps) != 1 || ps[0].Code != report.RecordTooLong {
		t.Errorf("Record(too large) = %v", ps)
	}
	r = sampleV2()
	r.Authors = []string{" Jane"}
	if _, ps := New(schs[record.V2]).Record(r); len(ps) != 1 || ps[0].Pointer != "/authors/0" {
		t.Errorf("Record(untrimmed author) = %v", ps)
	}
}

func TestProblemAt(t *testing.T) {
	at := report.At("x.jsonl")
	at.Line, at.Record = 3, "doc"
	for _, tc := range []struct {
		p    Problem
		str  string
		want string
	}{
		{Problem{Code: report.DuplicateKey, Offset: 12, Msg: `duplicate key "id"`}, `byte 12: duplicate key "id"`,
			`x.jsonl:3:13: error Q203 duplicate-key: record "doc": duplicate key "id"`},
		{Problem{Code: report.SchemaViolation, Pointer: "/title", Offset: -1, Msg: "too long"}, `/title: too long`,
			`x.jsonl:3: error Q206 schema: record "doc": /title: too long`},
		{TooLong(10), "record line longer than 10 bytes", `x.jsonl:3: error Q205 line-too-long: record "doc": record line longer than 10 bytes`},
	} {
		if got := tc.p.String(); got != tc.str {
			t.Errorf("String() = %q, want %q", got, tc.str)
		}
		if got := tc.p.At(at).String(); got != tc.want {
			t.Errorf("At().String() = %q, want %q", got, tc.want)
		}
	}
	var rep report.Report
	Add(&rep, at, []Problem{TooLong(1), TooLong(2)})
	if len(rep.Problems) != 2 {
		t.Errorf("Add kept %d problems", len(rep.Problems))
	}
}

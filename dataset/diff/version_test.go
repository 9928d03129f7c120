package diff

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// TestSchemaV1ToV2 is the change from record schema v1 to v2 under the
// bump rule: a new $id and two new required properties (authors,
// language) make every v1 record invalid under v2 — major, which the
// documented lowering below 1.0.0 turns into a minor bump there.
func TestSchemaV1ToV2(t *testing.T) {
	changes, err := SchemaDiff(schema.RecordBytesOf(1), schema.RecordBytesOf(2))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, c.Path+" "+c.Kind+" "+c.Level.String())
	}
	want := []string{
		" keyword-changed major", // $id
		"authors property-added major",
		"language property-added major",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("schema changes v1 -> v2:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	res := &Result{Dataset: Dataset{Schema: changes}}
	b := Required(res)
	if b.Level != Major || !strings.Contains(b.String(), "schema accepts fewer records") {
		t.Fatalf("bump = %v, want major", b)
	}
	for _, tc := range []struct {
		prev, next string
		ok         bool
	}{
		{"0.1.0", "0.2.0", true}, {"0.1.0", "1.0.0", true}, {"0.1.0", "0.1.1", false},
		{"1.0.0", "2.0.0", true}, {"1.0.0", "1.1.0", false}, {"1.4.2", "1.4.3", false},
	} {
		if err := CheckVersion(tc.prev, tc.next, b); (err == nil) != tc.ok {
			t.Errorf("CheckVersion(%s, %s) = %v, want ok=%t", tc.prev, tc.next, err, tc.ok)
		}
	}
}

// v1Lines reads the committed records written by quire with schema v1.
func v1Lines(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../record/testdata/v1/seeds.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// reencode returns JSON Lines of the same records in the latest version,
// each changed by mod.
func reencode(t *testing.T, jsonl []byte, mod func(r *record.Record)) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, l := range bytes.Split(bytes.TrimSuffix(jsonl, []byte("\n")), []byte("\n")) {
		r, v, err := record.Decode(l)
		if err != nil || v != record.V1 {
			t.Fatalf("v1 line read as %s: %v", v, err)
		}
		mod(r)
		b, err := record.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// TestDiffV1ToV2Records: a v1 release and a v2 release of the same
// documents differ in their schema only, as long as the new fields are
// empty; once the normalizer fills them, each record says what it
// gained, and the change is content (patch) besides the schema's major.
func TestDiffV1ToV2Records(t *testing.T) {
	v1 := v1Lines(t)
	oi := SideInfo{Label: "v1.jsonl", Schema: schema.RecordBytesOf(1)}
	ni := SideInfo{Label: "v2.jsonl", Schema: schema.RecordBytesOf(2)}

	same := reencode(t, v1, func(*record.Record) {})
	if bytes.Equal(same, v1) {
		t.Fatal("re-encoding in v2 did not change the lines")
	}
	c := &collect{}
	res, err := Run(NewJSONLSide(bytes.NewReader(v1), oi), NewJSONLSide(bytes.NewReader(same), ni), Options{}, c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Unchanged != 3 || len(c.changes) != 0 || res.Bump.Level != Major {
		t.Fatalf("v1 vs the same records in v2: counts %+v, %d changes, bump %v; want 3 unchanged, 0 changes, major", res.Counts, len(c.changes), res.Bump)
	}

	filled := reencode(t, v1, func(r *record.Record) {
		r.Authors = []string{"Jane Doe", "Roe, John"}
		r.Language = sp("en")
	})
	c = &collect{}
	res, err = Run(NewJSONLSide(bytes.NewReader(v1), oi), NewJSONLSide(bytes.NewReader(filled), ni), Options{}, c)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Changed != 3 || len(c.changes) != 3 {
		t.Fatalf("counts %+v, want 3 changed", res.Counts)
	}
	ch := c.changes[0]
	if got := strings.Join(ch.Fields, ","); got != "authors,language" {
		t.Errorf("fields %q, want authors,language", got)
	}
	var vals []string
	for _, v := range ch.Values {
		vals = append(vals, v.Field+": "+showValue(v.Field, v.Old)+" -> "+showValue(v.Field, v.New))
	}
	if got, want := strings.Join(vals, "; "), `authors: [] -> ["Jane Doe","Roe, John"]; language: null -> "en"`; got != want {
		t.Errorf("values %s, want %s", got, want)
	}
	var text bytes.Buffer
	tr := NewText(&text, TextOptions{})
	tr.Change(ch)
	tr.w.Flush()
	if !strings.Contains(text.String(), `  authors: [] -> ["Jane Doe","Roe, John"]`) {
		t.Errorf("text report:\n%s", text.String())
	}
	if res.Bump.Level != Major || len(res.Bump.Reasons) != 2 || res.Bump.Reasons[1].Level != Patch {
		t.Errorf("bump %v, want major (schema) and patch (3 records changed)", res.Bump)
	}
	// No rename is taken for a change of version: content is compared
	// in one encoding whatever the version of each side.
	oldSum, _ := contentSum(mustDecode(t, bytes.SplitN(v1, []byte("\n"), 2)[0]))
	newSum, _ := contentSum(mustDecode(t, bytes.SplitN(same, []byte("\n"), 2)[0]))
	if oldSum != newSum {
		t.Error("a v1 record and its v2 re-encoding have different content sums")
	}
}

func mustDecode(t *testing.T, line []byte) *record.Record {
	t.Helper()
	r, _, err := record.Decode(line)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

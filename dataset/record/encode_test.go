package record

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// recordV1 is a record of version 1 as a Go struct: the definition of
// V1's field order, for the tests only.
type recordV1 struct {
	ID           string    `json:"id"`
	Title        *string   `json:"title"`
	Outlet       *string   `json:"outlet"`
	Published    *string   `json:"published"`
	Text         string    `json:"text"`
	Captions     []Caption `json:"captions"`
	Removed      []Removed `json:"removed"`
	Source       Source    `json:"source"`
	RulesVersion string    `json:"rules_version"`
}

// jsonMarshal is the definition of the canonical encoding of version v:
// what encoding/json writes for the version's fields, HTML escaping
// off, nil slices as [].
func jsonMarshal(t testing.TB, r *Record, v Version) []byte {
	c := *r
	if c.Authors == nil {
		c.Authors = []string{}
	}
	if c.Captions == nil {
		c.Captions = []Caption{}
	}
	if c.Removed == nil {
		c.Removed = []Removed{}
	}
	var val any = &c
	switch v {
	case V1:
		val = &recordV1{c.ID, c.Title, c.Outlet, c.Published, c.Text, c.Captions, c.Removed, c.Source, c.RulesVersion}
	case V2:
	default:
		t.Fatalf("no definition of version %s", v)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(val); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// nasty are strings that exercise every escaping rule.
var nasty = []string{
	"", "plain", `quote " and \ backslash`, "\b\f\n\r\t", "\x00\x01\x1f\x7f", "<a href='x'>&amp;</a>",
	"\u2028 and \u2029", "é ü ß 日本 🙂", "bad \xff byte", "trunc \xe2\x80", "\xed\xa0\x80 surrogate", "\ufffd",
}

func randString(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(6) {
		b.WriteString(nasty[rng.IntN(len(nasty))])
		if rng.IntN(3) == 0 {
			b.WriteByte(byte(rng.IntN(256)))
		}
	}
	return b.String()
}

func randRecord(rng *rand.Rand) *Record {
	opt := func() *string {
		if rng.IntN(3) == 0 {
			return nil
		}
		s := randString(rng)
		return &s
	}
	r := &Record{ID: randString(rng), Title: opt(), Outlet: opt(), Published: opt(), Language: opt(), Text: randString(rng),
		Source: Source{Name: randString(rng), Bytes: rng.Int64N(1 << 40), SHA256: randString(rng)}, RulesVersion: randString(rng)}
	if rng.IntN(4) > 0 {
		r.Authors = []string{}
		for range rng.IntN(3) {
			r.Authors = append(r.Authors, randString(rng))
		}
	}
	if rng.IntN(4) > 0 {
		r.Captions = []Caption{}
		for range rng.IntN(3) {
			r.Captions = append(r.Captions, Caption{Line: rng.IntN(1000) - 5, Text: randString(rng), Credit: opt()})
		}
	}
	if rng.IntN(4) > 0 {
		for range rng.IntN(4) {
			m := Removed{Line: rng.IntN(100000), Text: randString(rng), Rule: randString(rng)}
			if rng.IntN(2) == 0 {
				m.Why = randString(rng)
			}
			r.Removed = append(r.Removed, m)
		}
	}
	return r
}

func TestMarshalMatchesJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	recs := []*Record{{}}
	for range 5000 {
		recs = append(recs, randRecord(rng))
	}
	for _, r := range recs {
		got, err := Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonMarshal(t, r, Latest); !bytes.Equal(got, want) {
			t.Fatalf("Marshal differs from encoding/json\n got %q\nwant %q", got, want)
		}
		// V1 encodes what a v1 record holds, and refuses the rest.
		got, err = V1.Marshal(r)
		if len(r.Authors) > 0 || r.Language != nil {
			if err == nil {
				t.Fatalf("V1.Marshal encoded a record with authors %q, language %v: %s", r.Authors, r.Language, got)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonMarshal(t, r, V1); !bytes.Equal(got, want) {
			t.Fatalf("V1.Marshal differs from encoding/json\n got %q\nwant %q", got, want)
		}
	}
}

// TestMarshalExact: exact is false exactly when a string is not UTF-8,
// that is, exactly when the line does not decode back to the record.
func TestMarshalExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	lossy, exact := 0, 0
	for range 3000 {
		r := plainRecord(rng)
		line, ex, err := Latest.MarshalExact(r)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Unmarshal(line)
		if err != nil {
			t.Fatalf("%q does not decode: %v", line, err)
		}
		again, _ := Marshal(back)
		same := cmp.Equal(r, back, cmpopts.EquateEmpty())
		if ex != same || ex && !bytes.Equal(again, line) {
			t.Fatalf("MarshalExact says exact=%t, the round trip says %t, for %q", ex, same, line)
		}
		if ex {
			exact++
		} else {
			lossy++
		}
	}
	if exact < 100 || lossy < 100 {
		t.Fatalf("%d exact and %d lossy records; want both kinds", exact, lossy)
	}
}

func FuzzMarshal(f *testing.F) {
	for _, s := range nasty {
		f.Add(s, s, int64(len(s)), 3)
	}
	f.Fuzz(func(t *testing.T, text, title string, n int64, line int) {
		why := text
		if line%2 == 0 {
			why = ""
		}
		r := &Record{ID: title, Title: &title, Authors: []string{text, title}, Language: &title, Text: text, Source: Source{Name: text, Bytes: n},
			Captions: []Caption{{Line: line, Text: title, Credit: &text}},
			Removed:  []Removed{{Line: line, Text: text, Rule: title, Why: why}}}
		if b := (&encoder{}).record(nil, r, Latest); !bytes.Equal(b, jsonMarshal(t, r, Latest)) {
			t.Fatalf("the encoder differs from encoding/json\n got %q\nwant %q", b, jsonMarshal(t, r, Latest))
		}
		if b := (&encoder{}).record(nil, r, V1); !bytes.Equal(b, jsonMarshal(t, r, V1)) {
			t.Fatalf("the V1 encoder differs from encoding/json\n got %q\nwant %q", b, jsonMarshal(t, r, V1))
		}
	})
}

// TestFieldsTable: every field a later version adds says when a record
// holds a value for it, the table follows Record's declaration order
// (the canonical order), and each version's fields are what its schema
// requires.
func TestFieldsTable(t *testing.T) {
	rt := reflect.TypeOf(Record{})
	if rt.NumField() != len(fields) {
		t.Fatalf("Record has %d fields, the table %d", rt.NumField(), len(fields))
	}
	for i := range fields {
		tag, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if fields[i].name != tag {
			t.Errorf("field %d: table says %q, Record says %q", i, fields[i].name, tag)
		}
		if fields[i].since > V1 && fields[i].set == nil {
			t.Errorf("field %q was added by %s but has no set function", fields[i].name, fields[i].since)
		}
	}
	want := map[Version]string{
		V1: "id title outlet published text captions removed source rules_version",
		V2: "id title authors outlet published language text captions removed source rules_version",
	}
	for v := V1; v <= Latest; v++ {
		if got := strings.Join(v.Fields(), " "); got != want[v] {
			t.Errorf("%s.Fields() = %s, want %s", v, got, want[v])
		}
	}
	if Version(0).Fields() != nil || (Latest+1).Fields() != nil {
		t.Error("an unknown version has fields")
	}
}

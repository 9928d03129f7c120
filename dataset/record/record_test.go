package record

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func str(s string) *string { return &s }

func sample() *Record {
	return &Record{
		ID: "000_x", Title: str("A <b> & “title”"), Authors: []string{"Jane Doe", "Jean-Luc d’Ormesson"},
		Published: str("2017-03-02"), Language: str("en"),
		Text:         "One.\n\nTwo.",
		Captions:     []Caption{{Line: 6, Text: "Cap.", Credit: str("A / AFP")}},
		Removed:      []Removed{{Line: 1, Text: "IE 11 is not supported.", Rule: "browser-unsupported"}},
		Source:       Source{Name: "000_x.txt", Bytes: 10, SHA256: strings.Repeat("a", 64)},
		RulesVersion: "1.0.0",
	}
}

func TestMarshalCanonical(t *testing.T) {
	b, err := Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"000_x","title":"A <b> & “title”","authors":["Jane Doe","Jean-Luc d’Ormesson"],"outlet":null,"published":"2017-03-02","language":"en","text":"One.\n\nTwo.","captions":[{"line":6,"text":"Cap.","credit":"A / AFP"}],"removed":[{"line":1,"text":"IE 11 is not supported.","rule":"browser-unsupported"}],"source":{"name":"000_x.txt","bytes":10,"sha256":"` + strings.Repeat("a", 64) + `"},"rules_version":"1.0.0"}`
	if string(b) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", b, want)
	}
	r, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(sample(), r); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !IsCanonical(b, r) {
		t.Error("IsCanonical(Marshal(r)) = false")
	}
	if IsCanonical([]byte(" "+string(b)), r) {
		t.Error("IsCanonical with leading space = true")
	}
	empty := sample()
	empty.Authors, empty.Captions, empty.Removed = nil, nil, nil
	b, _ = Marshal(empty)
	if !strings.Contains(string(b), `"captions":[],"removed":[]`) || !strings.Contains(string(b), `"authors":[],`) {
		t.Errorf("nil slices not encoded as []: %s", b)
	}
}

// v1Sample is sample as a record of version 1: no authors, no language.
func v1Sample() *Record {
	r := sample()
	r.Authors, r.Language = nil, nil
	return r
}

// TestV1 pins the encoding of version 1, which quire wrote before
// authors and language existed and must read and re-encode forever.
func TestV1(t *testing.T) {
	b, err := V1.Marshal(v1Sample())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"000_x","title":"A <b> & “title”","outlet":null,"published":"2017-03-02","text":"One.\n\nTwo.","captions":[{"line":6,"text":"Cap.","credit":"A / AFP"}],"removed":[{"line":1,"text":"IE 11 is not supported.","rule":"browser-unsupported"}],"source":{"name":"000_x.txt","bytes":10,"sha256":"` + strings.Repeat("a", 64) + `"},"rules_version":"1.0.0"}`
	if string(b) != want {
		t.Fatalf("V1.Marshal =\n%s\nwant\n%s", b, want)
	}
	r, err := V1.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(v1Sample(), r); diff != "" {
		t.Errorf("V1 round trip (-want +got):\n%s", diff)
	}
	if !V1.IsCanonical(b, r) || IsCanonical(b, r) {
		t.Errorf("a v1 line is canonical in V1 (%t) and not in the latest version (%t)", V1.IsCanonical(b, r), !IsCanonical(b, r))
	}
	// The latest decoder reads a v1 line with the new fields empty;
	// the schema, not the codec, says they are required.
	if r2, err := Unmarshal(b); err != nil || !cmp.Equal(r, r2) {
		t.Errorf("Unmarshal(v1 line) = %v, %v", r2, err)
	}
	// V1 refuses what it cannot hold, in either direction.
	if _, err := V1.Marshal(sample()); err == nil || !strings.Contains(err.Error(), `no field "authors"`) {
		t.Errorf("V1.Marshal(record with authors) error = %v", err)
	}
	onlyLang := v1Sample()
	onlyLang.Language = str("fr")
	if _, err := V1.Marshal(onlyLang); err == nil || !strings.Contains(err.Error(), `no field "language"`) {
		t.Errorf("V1.Marshal(record with a language) error = %v", err)
	}
	v2, _ := Marshal(sample())
	for _, line := range []string{string(v2), strings.Replace(string(b), `"outlet":null`, `"outlet":null,"Language":null`, 1)} {
		_, err := V1.Unmarshal([]byte(line))
		var se *SyntaxError
		if !errors.As(err, &se) || se.Kind != "unknown-field" {
			t.Errorf("V1.Unmarshal(%s) error = %v, want an unknown field", line, err)
		}
	}
	for _, v := range []Version{0, Latest + 1} {
		if _, err := v.Marshal(sample()); err == nil {
			t.Errorf("%s.Marshal succeeded", v)
		}
		if _, err := v.Unmarshal(b); err == nil {
			t.Errorf("%s.Unmarshal succeeded", v)
		}
	}
}

// TestDecodeAnyVersion: JSON Lines name no schema, so a line is read as
// the version its fields need.
func TestDecodeAnyVersion(t *testing.T) {
	v1, _ := V1.Marshal(v1Sample())
	v2, _ := Marshal(sample())
	spaced := strings.Replace(string(v2), `"language":"en"`, `"language" : "en"`, 1) // slow path
	v1spaced := strings.Replace(string(v1), `"outlet":null`, `"outlet" : null`, 1)
	for _, tc := range []struct {
		line string
		want *Record
		v    Version
	}{
		{string(v1), v1Sample(), V1},
		{v1spaced, v1Sample(), V1},
		{string(v2), sample(), V2},
		{spaced, sample(), V2},
	} {
		r, v, err := Decode([]byte(tc.line))
		if err != nil || v != tc.v || !cmp.Equal(r, tc.want) {
			t.Errorf("Decode(%s) = %s, %v; want %s\n%s", tc.line, v, err, tc.v, cmp.Diff(tc.want, r))
		}
		if sv, err := Sniff([]byte(tc.line)); sv != tc.v || err != nil {
			t.Errorf("Sniff(%s) = %s, %v; want %s", tc.line, sv, err, tc.v)
		}
	}
	if _, _, err := Decode([]byte(`{"id":"x","extra":1}`)); err == nil {
		t.Error("Decode accepted an unknown field")
	}
	if _, err := Sniff([]byte(`{"a":1,"a":2}`)); err == nil {
		t.Error("Sniff accepted a duplicate key")
	}
}

func TestUnmarshalStrict(t *testing.T) {
	good, _ := Marshal(sample())
	for _, tc := range []struct {
		name, line, kind string
	}{
		{"duplicate key", strings.Replace(string(good), `"outlet":null`, `"outlet":null,"outlet":"X"`, 1), "duplicate-key"},
		{"nested duplicate key", strings.Replace(string(good), `"line":6,`, `"line":6,"line":7,`, 1), "duplicate-key"},
		{"invalid utf8", strings.Replace(string(good), "Two.", "Two\xff.", 1), "invalid-utf8"},
		{"lone surrogate", strings.Replace(string(good), "Two.", `Two\ud800.`, 1), "invalid-utf8"},
		{"unknown field", strings.Replace(string(good), `"outlet":null`, `"outlet":null,"extra":1`, 1), "unknown-field"},
		{"too deep", strings.Repeat("[", 40) + strings.Repeat("]", 40), "too-deep"},
		{"two values", string(good) + " {}", "json"},
		{"truncated", string(good[:len(good)-3]), "json"},
		{"truncated after a key", `{"id":"x","title":`, "json"},
		{"truncated in an array", `{"captions":[{"line":1}`, "json"},
		{"empty", ``, "json"},
		{"blank", `   `, "json"},
		{"not json", "hello", "json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Unmarshal([]byte(tc.line))
			var se *SyntaxError
			if !errors.As(err, &se) || se.Kind != tc.kind {
				t.Fatalf("Unmarshal error = %v, want kind %q", err, tc.kind)
			}
		})
	}
	// A valid surrogate pair is fine.
	ok := strings.Replace(string(good), "Two.", `Two \ud83d\ude00.`, 1)
	if _, err := Unmarshal([]byte(ok)); err != nil {
		t.Errorf("surrogate pair rejected: %v", err)
	}
	// An escaped backslash before "u" is not an escape.
	ok = strings.Replace(string(good), "Two.", `Two \\ud800.`, 1)
	if _, err := Unmarshal([]byte(ok)); err != nil {
		t.Errorf("escaped backslash rejected: %v", err)
	}
}

func TestLineReader(t *testing.T) {
	in := "a\n" + strings.Repeat("x", 20) + "\nb\r\n\nlast"
	lr := NewLineReader(strings.NewReader(in), 10)
	type got struct {
		line int
		text string
		long bool
	}
	var gots []got
	for {
		b, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, ErrLineTooLong) {
			t.Fatal(err)
		}
		gots = append(gots, got{lr.Line(), string(b), err != nil})
	}
	want := []got{{1, "a", false}, {2, "", true}, {3, "b\r", false}, {4, "", false}, {5, "last", false}}
	if diff := cmp.Diff(want, gots, cmp.AllowUnexported(got{})); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func FuzzUnmarshal(f *testing.F) {
	good, _ := Marshal(sample())
	f.Add(good)
	good, _ = V1.Marshal(v1Sample())
	f.Add(good)
	f.Add([]byte(`{"a":1,"a":2}`))
	f.Add([]byte(`["\ud800"]`))
	f.Fuzz(func(t *testing.T, line []byte) {
		r, err := Unmarshal(line)
		if err != nil {
			return
		}
		// Whatever decodes must re-encode, and the canonical form must
		// decode to the same record.
		c, err := Marshal(r)
		if err != nil {
			return // e.g. over the size limit
		}
		r2, err := Unmarshal(c)
		if err != nil {
			t.Fatalf("canonical form does not decode: %v\n%s", err, c)
		}
		if diff := cmp.Diff(r, r2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("canonical round trip changed the record:\n%s", diff)
		}
	})
}

// TestSyntaxErrorOffsets pins where problems point: at the offending key
// or escape itself, not at the separator before it, so a column shown to
// a user lands on the problem.
func TestSyntaxErrorOffsets(t *testing.T) {
	for _, tc := range []struct {
		line string
		want int64
	}{
		{`{"a":1,"a":2}`, 7},
		{`{"a": "x",  "a":2}`, 12},
		{`{"x":{"a":1, "a":2}}`, 13},
		{`[{"b":"\ud800"}]`, 7},
		{strings.Repeat("[", MaxDepth) + "[]" + strings.Repeat("]", MaxDepth), MaxDepth},
	} {
		err := CheckJSON([]byte(tc.line))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("CheckJSON(%s) = %v, want a SyntaxError", tc.line, err)
		}
		if se.Offset != tc.want {
			t.Errorf("CheckJSON(%s): offset %d (%q), want %d", tc.line, se.Offset, tc.line[se.Offset:], tc.want)
		}
	}
}

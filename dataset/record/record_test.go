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
		ID: "000_x", Title: str("A <b> & “title”"), Published: str("2017-03-02"),
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
	want := `{"id":"000_x","title":"A <b> & “title”","outlet":null,"published":"2017-03-02","text":"One.\n\nTwo.","captions":[{"line":6,"text":"Cap.","credit":"A / AFP"}],"removed":[{"line":1,"text":"IE 11 is not supported.","rule":"browser-unsupported"}],"source":{"name":"000_x.txt","bytes":10,"sha256":"` + strings.Repeat("a", 64) + `"},"rules_version":"1.0.0"}`
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
	empty.Captions, empty.Removed = nil, nil
	b, _ = Marshal(empty)
	if !strings.Contains(string(b), `"captions":[],"removed":[]`) {
		t.Errorf("nil slices not encoded as []: %s", b)
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

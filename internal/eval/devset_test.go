package eval

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a"}},
		{"a\n\nb", []string{"a", "", "b"}},
		{"a\r\nb\rc\nd", []string{"a", "b", "c", "d"}},
		{"a\r\r\nb", []string{"a", "", "b"}},
		{"\uFEFFa\nb", []string{"a", "b"}},
		{"\n", []string{""}},
	}
	for _, tt := range tests {
		if got := SplitLines([]byte(tt.in)); !cmp.Equal(got, tt.want) {
			t.Errorf("SplitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParsePageErrors(t *testing.T) {
	const text = "one\n\ntwo\n"
	tests := []struct{ labels, want string }{
		{`{"lines": [{"n": 1, "label": "content"}, {"n": 3, "label": "boilerplate"}]}`, ""},
		{`{"lines": [{"n": 1, "label": "content"}, {"n": 3, "label": "junk"}]}`, `/lines/1/label: "junk" is not content, boilerplate or unsure`},
		{`{"lines": [{"n": 1, "label": "content"}, {"n": 2, "label": "content"}, {"n": 3, "label": "content"}]}`, `/lines/1/n: line 2 is blank`},
		{`{"lines": [{"n": 1, "label": "content"}, {"n": 3, "label": "content"}, {"n": 4, "label": "content"}]}`, `/lines/2/n: line 4 is outside the page (3 lines)`},
		{`{"lines": [{"n": 1, "label": "content"}, {"n": 3, "label": "content"}, {"n": 1, "label": "unsure"}]}`, `/lines/2/n: line 1 is labelled twice (also /lines/0)`},
		{`{"lines": [{"n": 1, "label": "content"}]}`, `line 3 of the page has no label`},
		{`{"lines": [{"label": "content"}]}`, `/lines/0/n: missing`},
		{`{"nolines": []}`, `/lines: missing`},
		{`{"lines": [{"n": "1", "label": "content"}]}`, `byte 20: lines.n: cannot use JSON string as int`},
		{`{"lines": [`, `byte 11: unexpected end of JSON input`},
	}
	for _, tt := range tests {
		_, err := ParsePage("p", []byte(text), strings.NewReader(tt.labels))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.labels, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one containing %q", tt.labels, err, tt.want)
		}
	}
}

func TestParsePageListsEveryProblem(t *testing.T) {
	_, err := ParsePage("p", []byte("a\nb\nc\n"), strings.NewReader(`{"lines": [{"n": 1, "label": "x"}]}`))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"/lines/0/label", "line 2 of the page has no label", "line 3 of the page has no label"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"manifest.json": {Data: []byte(`{"pages": [{"name": "b", "kind": "news/magazine"}, {"name": "a"}, {"name": "t"}]}`)},
		"cases/a.txt":   {Data: []byte("A long line of article text that is kept.\nMenu\n")},
		"cases/a.labels.json": {Data: []byte(`{"lines": [{"n": 1, "label": "content", "why": "ref"},
			{"n": 2, "label": "boilerplate", "why": "ui-word"}]}`)},
		"cases/b.txt":         {Data: []byte("Only boilerplate\n")},
		"cases/b.labels.json": {Data: []byte(`{"lines": [{"n": 1, "label": "boilerplate"}]}`)},
		"cases/t.txt":         {Data: []byte(pageText)},
		"cases/t.labels.json": {Data: []byte(pageLabels)},
	}
}

func TestLoadDevset(t *testing.T) {
	d, err := LoadDevset(testFS())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Names(), []string{"a", "b", "t"}; !cmp.Equal(got, want) {
		t.Errorf("names %q, want %q", got, want)
	}
	p, err := d.Page("b")
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != "news/magazine" || len(p.Lines) != 1 || p.Lines[0].Label != Boilerplate {
		t.Errorf("page b: %+v", p)
	}
	if _, err := d.Page("zz"); err == nil {
		t.Error("no error for a page not in the manifest")
	}
}

func TestDevsetErrorsNameTheFile(t *testing.T) {
	fsys := testFS()
	fsys["cases/a.labels.json"] = &fstest.MapFile{Data: []byte(`{"lines": [{"n": 1, "label": "content"}]}`)}
	delete(fsys, "cases/b.txt")
	d, err := LoadDevset(fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Evaluate(d, System{"keep", LineLength{Min: 0}})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"cases/a.labels.json: line 2 of the page has no label", "cases/b.txt"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestLoadDevsetBadManifest(t *testing.T) {
	tests := []struct{ manifest, want string }{
		{`{"pages": []}`, "manifest.json: /pages: no pages"},
		{`{"pages": [{"name": "../x"}]}`, `manifest.json: /pages/0/name: "../x" is not a plain file stem`},
		{`{"pages": [{"name": "a"}, {"name": "a"}]}`, `manifest.json: /pages/1/name: "a" is listed twice`},
		{`{"pages": `, `manifest.json: byte 10: unexpected end of JSON input`},
	}
	for _, tt := range tests {
		_, err := LoadDevset(fstest.MapFS{"manifest.json": {Data: []byte(tt.manifest)}})
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: error %v, want %q", tt.manifest, err, tt.want)
		}
	}
}

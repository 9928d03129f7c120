package report

import (
	"bytes"
	"strings"
	"testing"
)

func sampleReport() *Report {
	r := &Report{}
	r.Addf(Problem{Path: "contrib/a.txt", Line: 3, Column: 7, Offset: 120}, InvalidUTF8, "invalid UTF-8; re-encode the file as UTF-8")
	r.Addf(Problem{Path: "contrib/recs.jsonl", Line: 2, Record: "r1", Pointer: "/published", Offset: -1}, SchemaViolation, "does not match format \"date\"")
	r.Addf(Problem{Path: "dist/x.tar.zst", Member: "x/data/records/000000.jsonl", Line: 4, Offset: -1}, ChecksumMismatch, "%s", "sha256 differs, 50%, a:b")
	r.Addf(Problem{Path: "contrib/b.txt", Offset: -1}, BOM, "remove the byte-order mark")
	r.Sort()
	return r
}

func TestWriteText(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, FormatText, sampleReport(), Run{Inputs: 4}); err != nil {
		t.Fatal(err)
	}
	want := `contrib/a.txt
  3:7: error Q101 invalid-utf8: invalid UTF-8; re-encode the file as UTF-8
contrib/b.txt
  warning Q103 bom: remove the byte-order mark
contrib/recs.jsonl
  2: error Q206 schema: record "r1": /published: does not match format "date"
dist/x.tar.zst
  x/data/records/000000.jsonl:4: error Q402 checksum: sha256 differs, 50%, a:b
3 errors, 1 warning in 4 inputs
`
	if b.String() != want {
		t.Errorf("text =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	Write(&b, FormatJSON, sampleReport(), Run{Inputs: 4})
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 4 problems and a summary:\n%s", len(lines), b.String())
	}
	if want := `{"summary":{"errors":3,"warnings":1,"inputs":4,"not_listed":0,"skipped":[]}}`; lines[4] != want {
		t.Errorf("json summary =\n%s\nwant\n%s", lines[4], want)
	}
	want := `{"path":"contrib/a.txt","line":3,"column":7,"offset":120,"code":"Q101","name":"invalid-utf8","severity":"error","message":"invalid UTF-8; re-encode the file as UTF-8"}`
	if lines[0] != want {
		t.Errorf("json line 1 =\n%s\nwant\n%s", lines[0], want)
	}
}

func TestWriteGitHub(t *testing.T) {
	var b bytes.Buffer
	Write(&b, FormatGitHub, sampleReport(), Run{Inputs: 4})
	got := b.String()
	for _, want := range []string{
		"::error file=contrib/a.txt,line=3,col=7,title=Q101 invalid-utf8::error Q101 invalid-utf8: invalid UTF-8; re-encode the file as UTF-8\n",
		"::warning file=contrib/b.txt,title=Q103 bom::",
		"::error file=dist/x.tar.zst,title=Q402 checksum in x/data/records/000000.jsonl line 4::",
		"sha256 differs, 50%25, a:b\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("github output lacks %q:\n%s", want, got)
		}
	}
	if err := Write(&b, "xml", sampleReport(), Run{Inputs: 1}); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestCleanRunSummary: a run without problems still says what it
// checked and what it skipped, in every format (the json format used to
// print nothing at all).
func TestCleanRunSummary(t *testing.T) {
	run := Run{Inputs: 2, Skipped: []string{"dataset checks: no dataset"}}
	for format, want := range map[string]string{
		FormatText:   "0 errors, 0 warnings in 2 inputs; skipped: dataset checks: no dataset\n",
		FormatGitHub: "0 errors, 0 warnings in 2 inputs; skipped: dataset checks: no dataset\n",
		FormatJSON:   `{"summary":{"errors":0,"warnings":0,"inputs":2,"not_listed":0,"skipped":["dataset checks: no dataset"]}}` + "\n",
	} {
		var b bytes.Buffer
		if err := Write(&b, format, &Report{}, run); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: got %q, want %q", format, b.String(), want)
		}
	}
}

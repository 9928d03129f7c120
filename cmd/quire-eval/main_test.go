package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/quire-archive/quire/internal/eval"
)

// writeDevset writes a two-page dev set and returns its directory.
func writeDevset(t *testing.T, labelsA string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"manifest.json":       `{"pages": [{"name": "a", "kind": "news/magazine"}, {"name": "b"}]}`,
		"cases/a.txt":         "Headline of the story\n\nA long line of article text that a reader came for, kept in full by every good normalizer.\nMenu\n",
		"cases/a.labels.json": labelsA,
		"cases/b.txt":         "Share\n\nAnother article paragraph long enough to pass the eighty character baseline easily.\n",
		"cases/b.labels.json": `{"lines": [{"n": 1, "label": "boilerplate"}, {"n": 3, "label": "content"}]}`,
	}
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const goodLabelsA = `{"lines": [{"n": 1, "label": "content", "why": "headline"}, {"n": 3, "label": "content", "why": "ref"}, {"n": 4, "label": "boilerplate", "why": "ui-word"}]}`

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

func TestRunReport(t *testing.T) {
	dir := writeDevset(t, goodLabelsA)
	code, out, errOut := runCmd("-lost", dir)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"2 pages", "keep everything", "lines >= 80", "lines >= 40", "Worst 10 pages by content retention", "Consistency errors of quire", "Content lines quire"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestRunJSON(t *testing.T) {
	dir := writeDevset(t, goodLabelsA)
	code, out, errOut := runCmd("-json", "-worst", "1", dir)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var full jsonReport
	if err := json.Unmarshal([]byte(out), &full); err != nil {
		t.Fatal(err)
	}
	if len(full.LineSets) != 1 || len(full.SnippetSets) != 0 {
		t.Fatalf("report %+v", full)
	}
	rep := full.LineSets[0]
	if rep.Pages != 2 || len(rep.Systems) != 4 || rep.Systems[2].Name != "lines >= 80" {
		t.Fatalf("report %+v", rep)
	}
	// len>=80 drops the 21-rune headline of a: 21 of 21+89+84 content runes.
	b80 := rep.Systems[2]
	if want := float64(89+84) / (21 + 89 + 84); b80.Micro.Retention != want {
		t.Errorf("baseline retention %v, want %v", b80.Micro.Retention, want)
	}
	if b80.Micro.Removal != 1 || len(b80.WorstRetention) != 1 || b80.WorstRetention[0].Name != "a" {
		t.Errorf("baseline %+v", b80)
	}
}

func TestRunFloors(t *testing.T) {
	// Labels that call the article's prose boilerplate: no normalizer
	// removes it, so removal stays far below the floor.
	dir := writeDevset(t, `{"lines": [{"n": 1, "label": "content", "why": "headline"}, {"n": 3, "label": "boilerplate"}, {"n": 4, "label": "boilerplate", "why": "ui-word"}]}`)
	code, _, errOut := runCmd("-min-removal", "0.5", dir)
	if code != 1 || !strings.Contains(errOut, ": boilerplate removal 0.0909 is below the floor 0.5000") {
		t.Errorf("exit %d, stderr %q; want 1 and the floor named", code, errOut)
	}
	dir = writeDevset(t, goodLabelsA)
	code, _, errOut = runCmd("-min-retention", "0.99", dir)
	if code != 0 || errOut != "" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestRunPage(t *testing.T) {
	dir := writeDevset(t, goodLabelsA)
	code, out, errOut := runCmd("-page", "a", dir)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// The decision column depends on the normalizer; only its presence
	// is checked here.
	if !strings.Contains(out, "    4 boilerplate ui-word") || !regexp.MustCompile(`(?m)^ +3 content +ref +kept `).MatchString(out) {
		t.Errorf("page view:\n%s", out)
	}
	code, _, errOut = runCmd("-page", "nope", dir)
	if code != 2 || !strings.Contains(errOut, `page "nope" is in none of `+dir) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-worst", "-1", "x"}, "-worst must not be negative"},
		{[]string{"-nosuchflag", "x"}, "flag provided but not defined"},
		{[]string{filepath.Join(t.TempDir(), "missing")}, "no such file or directory"},
		{[]string{t.TempDir()}, "neither a line-labelled set (no manifest.json) nor a snippet set"},
		{[]string{writeDevset(t, `{"lines": [{"n": 2, "label": "content"}]}`)}, "cases/a.labels.json: /lines/0/n: line 2 is blank"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(tt.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, nothing, %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

func TestVerdictConsistencyErrors(t *testing.T) {
	s := eval.NewSummary("x")
	s.Add(&eval.PageScore{Name: "p", Errors: []string{"line 1: bad"}})
	var e bytes.Buffer
	if code := verdict(&report{lines: []lineSet{{"x", []*eval.Summary{s}}}}, &e); code != 1 || !strings.Contains(e.String(), "1 consistency errors") {
		t.Errorf("exit %d, stderr %q", code, e.String())
	}
}

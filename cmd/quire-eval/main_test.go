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
	files := map[string]string{
		"manifest.json":       `{"pages": [{"name": "a", "kind": "news/magazine"}, {"name": "b"}]}`,
		"cases/a.txt":         "Headline of the story\n\nA long line of article text that a reader came for, kept in full by every good normalizer.\nMenu\n",
		"cases/a.labels.json": labelsA,
		"cases/b.txt":         "Share\n\nAnother article paragraph long enough to pass the eighty character baseline easily.\n",
		"cases/b.labels.json": `{"lines": [{"n": 1, "label": "boilerplate"}, {"n": 3, "label": "content"}]}`,
	}
	return writeFiles(t, files)
}

// writeFiles writes files (slash paths relative to a new temporary
// directory) and returns the directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
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

// runJSON runs quire-eval -json with args, which must succeed silently,
// and returns the decoded report and its bytes.
func runJSON(t *testing.T, args ...string) (jsonReport, string) {
	t.Helper()
	code, out, errOut := runCmd(append([]string{"-json"}, args...)...)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	return rep, out
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

// -cut 0 cuts page a to its two content lines: the menu line below
// them is gone from the set, so no boilerplate is left to score.
func TestRunCut(t *testing.T) {
	dir := writeDevset(t, goodLabelsA)
	code, out, errOut := runCmd("-json", "-baselines=false", "-cut", "0", dir)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var whole, cut struct {
		Lines []struct {
			Dir   string         `json:"dir"`
			Chars map[string]int `json:"chars"`
		} `json:"line_sets"`
	}
	if err := json.Unmarshal([]byte(out), &cut); err != nil {
		t.Fatal(err)
	}
	_, out, _ = runCmd("-json", "-baselines=false", dir)
	if err := json.Unmarshal([]byte(out), &whole); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cut.Lines[0].Dir, "cut: article ±0 lines") {
		t.Errorf("cut set named %q", cut.Lines[0].Dir)
	}
	// Whole pages: "Menu" (a) and "Share" (b); cut: none.
	if w, c := whole.Lines[0].Chars["boilerplate"], cut.Lines[0].Chars["boilerplate"]; w != 9 || c != 0 {
		t.Errorf("boilerplate characters: whole %d, cut %d; want 9, 0", w, c)
	}
}

func TestRunJSON(t *testing.T) {
	dir := writeDevset(t, goodLabelsA)
	full, _ := runJSON(t, "-worst", "1", dir)
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
		{[]string{"-cut", "-2", "x"}, "-cut must not be negative"},
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

// makeSnippetSet writes a two-page snippet set and returns its directory.
func makeSnippetSet(t *testing.T, snippetsB string) string {
	t.Helper()
	prose := "The council met on Tuesday evening to discuss the budget, and members agreed to delay the vote until next month."
	files := map[string]string{
		"cases/en1.txt":           "Home\n\nNews\n\n" + prose + "\n\nShare on Facebook\n",
		"cases/en1.snippets.json": `{"url": "https://example.com/news/1", "lang": "en", "with": ["council met on Tuesday"], "without": ["Share on Facebook"]}`,
		"cases/de1.txt":           "Startseite\n\n" + prose + "\n\nImpressum\n",
		"cases/de1.snippets.json": snippetsB,
		"README.md":               "a snippet set",
	}
	return writeFiles(t, files)
}

const goodSnippetsB = `{"url": "https://example.de/forum/thread/2", "lang": "other", "with": ["agreed to delay the vote"], "without": ["Impressum", "Startseite"]}`

func TestRunBothSets(t *testing.T) {
	lines, snips := writeDevset(t, goodLabelsA), makeSnippetSet(t, goodSnippetsB)
	code, out, errOut := runCmd("-lost", lines, snips)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	for _, want := range []string{
		"Summary (micro figures; details below)",
		"== Line-labelled set " + lines + ": 2 pages",
		"== Snippet set " + snips + ": 2 pages (1 English, 1 other); snippets: 2 with, 3 without",
		"keep everything, English", "lines >= 80, non-English",
		"titles: the snippet set labels no headlines",
		"lang other", "kind forum", "kind news", "tld (others)",
		"Worst 10 pages of quire", "Consistency errors and refused pages of quire",
		"With-snippets quire", "Without-snippets quire",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestRunSnippetJSON(t *testing.T) {
	dir := makeSnippetSet(t, goodSnippetsB)
	rep, out := runJSON(t, dir)
	if len(rep.LineSets) != 0 || len(rep.SnippetSets) != 1 {
		t.Fatalf("report %+v", rep)
	}
	ss := rep.SnippetSets[0]
	if ss.Pages != 2 || ss.With != 2 || ss.Without != 3 || len(ss.Systems) != 4 || ss.Titles == "" {
		t.Fatalf("snippet set %+v", ss)
	}
	// Keeping everything finds every snippet: recall 1, precision 2/5.
	keep := ss.Systems[1]
	if keep.Name != "keep everything" || keep.All.Recall != 1 || keep.All.Precision != 2.0/5 || keep.English.Pages != 1 || keep.NonEnglish.Pages != 1 {
		t.Errorf("keep everything %+v", keep)
	}
	// The 80-character baseline keeps the prose line only: every
	// snippet right.
	if b80 := ss.Systems[2]; b80.All.F1 != 1 || b80.All.Accuracy != 1 {
		t.Errorf("lines >= 80 %+v", b80.All)
	}
	if rep.Normalizer.RulesVersion == "" || rep.Normalizer.EngineVersion == "" {
		t.Errorf("normalizer %+v", rep.Normalizer)
	}
	// The same input prints the same bytes.
	if _, again, _ := runCmd("-json", dir); again != out {
		t.Error("-json is not deterministic")
	}
}

func TestRunSnippetFloors(t *testing.T) {
	// Labels that call the prose furniture: F1 0 on de1.
	dir := makeSnippetSet(t, `{"url": "https://example.de/x", "lang": "other", "with": ["Impressum"], "without": ["council met"]}`)
	code, _, errOut := runCmd("-min-f1", "0.9", dir)
	if code != 1 || !strings.Contains(errOut, "snippet F1 (all pages)") || !strings.Contains(errOut, "is below the floor 0.9000") {
		t.Errorf("exit %d, stderr %q; want 1 and the floor named", code, errOut)
	}
	code, _, errOut = runCmd("-min-f1-en", "1.01", dir)
	if code != 1 || !strings.Contains(errOut, "snippet F1 (English pages)") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestRunSnippetPage(t *testing.T) {
	dir := makeSnippetSet(t, goodSnippetsB)
	code, out, errOut := runCmd("-page", "de1", writeDevset(t, goodLabelsA), dir)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"page de1 (https://example.de/forum/thread/2, lang other, kind forum)", `with     `, `"agreed to delay the vote"`, `"Impressum"`, "consistency errors: 0"} {
		if !strings.Contains(out, want) {
			t.Errorf("page view lacks %q:\n%s", want, out)
		}
	}
	code, out, errOut = runCmd("-json", "-page", "en1", dir)
	var pj struct {
		Name     string `json:"name"`
		Snippets []struct {
			Kind    string `json:"kind"`
			Present bool   `json:"present"`
		} `json:"snippets"`
		Lines []json.RawMessage `json:"lines"`
	}
	if err := json.Unmarshal([]byte(out), &pj); code != 0 || errOut != "" || err != nil {
		t.Fatalf("exit %d, stderr %q, %v", code, errOut, err)
	}
	if pj.Name != "en1" || len(pj.Snippets) != 2 || pj.Snippets[0].Kind != "with" || len(pj.Lines) != 4 {
		t.Errorf("page %+v", pj)
	}
}

func TestRunSnippetSetErrors(t *testing.T) {
	dir := makeSnippetSet(t, `{"with": ["x", 1]}`)
	code, out, errOut := runCmd(dir)
	if code != 2 || out != "" || !strings.Contains(errOut, "cases/de1.snippets.json: /with/1: not a string: 1") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// Without arguments, the dev sets beside the clone; here there are
	// none.
	t.Chdir(t.TempDir())
	code, _, errOut = runCmd()
	if code != 2 || !strings.Contains(errOut, "dev set ../shared/devset:") || !strings.Contains(errOut, "quire-eval: hint: run from the repository's root") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

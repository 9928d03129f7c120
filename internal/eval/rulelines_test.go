package eval

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
)

func TestSnippetLines(t *testing.T) {
	lines := []normalize.Line{
		{N: 1, Text: "Menu"},
		{N: 3, Text: "The first paragraph of the story."},
		{N: 4, Text: "It goes on here."},
		{N: 6, Text: "Share this story"},
		{N: 8, Text: "Cookie text and the story's first paragraph."},
	}
	got := snippetLines(lines,
		[]string{"first  paragraph of the story. It goes", "nowhere at all"},
		[]string{"Share this", "Cookie text"})
	want := []LineClass{ClassNeither, ClassWith, ClassWith, ClassWithout, ClassWithout}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d %q: got %s, want %s", lines[i].N, lines[i].Text, got[i], want[i])
		}
	}
	// A with-snippet found twice marks both copies with-copy, and
	// both where a without-snippet is in the same line.
	got = snippetLines(lines, []string{"story"}, []string{"Share"})
	want = []LineClass{ClassNeither, ClassWithCopy, ClassNeither, ClassBoth, ClassWithCopy}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("repeated snippet: line %d %q: got %s, want %s", lines[i].N, lines[i].Text, got[i], want[i])
		}
	}
}

func TestPageHalf(t *testing.T) {
	// sha256("a") = ca97…, sha256("b") = 3e23…
	if PageHalf("a") != HalfCheck || PageHalf("b") != HalfDev {
		t.Errorf("PageHalf: a %d, b %d", PageHalf("a"), PageHalf("b"))
	}
}

// ruleArticleDebt lists the rules known to match article lines on the
// dev sets, with how many they may match at most and why the rule stays.
// The aim is an empty list.
var ruleArticleDebt = map[string]int{}

// TestRuleLines asks every line rule alone about every line of both dev
// sets (RuleLines) and fails when a rule matches article text: a content
// line of the line set, or a line that holds a with-snippet. The table is
// printed with -v:
//
//	go test ./internal/eval -run TestRuleLines -v
func TestRuleLines(t *testing.T) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab := NewRuleLines(n)
	d := OpenDevset(t, devsetDir())
	for p, err := range d.Pages() {
		if err != nil {
			t.Fatal(err)
		}
		if err := tab.AddLabelled(p); err != nil {
			t.Fatal(err)
		}
	}
	webDir := filepath.Join("..", "..", "..", "shared", "devset-web")
	if d := os.Getenv("QUIRE_DEVSET_WEB"); d != "" {
		webDir = d
	}
	snips, _ := filepath.Glob(filepath.Join(webDir, "cases", "*.snippets.json"))
	if len(snips) == 0 {
		t.Fatalf("no snippet dev set at %s: put ../shared beside the clone or set QUIRE_DEVSET_WEB", webDir)
	}
	for _, s := range snips {
		name := strings.TrimSuffix(filepath.Base(s), ".snippets.json")
		js, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		var f struct{ With, Without []string }
		if err := json.Unmarshal(js, &f); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		data, err := os.ReadFile(filepath.Join(webDir, "cases", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if err := tab.AddSnippets(name, data, f.With, f.Without); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	tab.WriteText(&b)
	t.Log("\n" + b.String())
	for _, r := range tab.Rows {
		if got, limit := r.ArticleLines(), ruleArticleDebt[r.Rule]; got > limit {
			t.Errorf("rule %s matches %d article lines (allowed %d): fix or drop it", r.Rule, got, limit)
		}
	}
}

package eval

import (
	"bytes"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
)

func TestSnippetLines(t *testing.T) {
	raw := []string{
		"Menu",
		"",
		"The first paragraph of the story.",
		"It goes on here.",
		"",
		"Share this story",
		"",
		"Cookie text and the story's first paragraph.",
	}
	got := snippetLines(raw,
		[]string{"first  paragraph of the story. It goes", "nowhere at all"},
		[]string{"Share this", "Cookie text"})
	want := map[int]LineClass{1: ClassNeither, 3: ClassWith, 4: ClassWith, 6: ClassWithout, 8: ClassWithout}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("line %d %q: got %s, want %s", n, raw[n-1], got[n], w)
		}
	}
	// A with-snippet found twice marks both copies with-copy, and
	// both where a without-snippet is in the same line.
	got = snippetLines(raw, []string{"story"}, []string{"Share"})
	want = map[int]LineClass{1: ClassNeither, 3: ClassWithCopy, 4: ClassNeither, 6: ClassBoth, 8: ClassWithCopy}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("repeated snippet: line %d %q: got %s, want %s", n, raw[n-1], got[n], w)
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
	d := OpenDevset(t, devsetDir(t))
	for p, err := range d.Pages() {
		if err != nil {
			t.Fatal(err)
		}
		if err := tab.AddLabelled(p); err != nil {
			t.Fatal(err)
		}
	}
	set := OpenSnippetSet(t, snippetSetDir(t))
	for _, name := range set.Names() {
		p, err := set.Page(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := tab.AddSnippets(p); err != nil {
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

package normalize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineStatsSeedsDoNotFire(t *testing.T) {
	st := NewLineStats()
	docs := seedDocs(t)
	for _, d := range docs {
		for range 3 { // even the same seed three times
			if err := st.Add(d.data); err != nil {
				t.Fatal(err)
			}
		}
	}
	plain := newNormalizer(t)
	n, err := New(Options{Repeats: st, RepeatDocs: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		a, _ := plain.Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
		b, _ := n.Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s: a corpus of %d documents changed the record:\n%s", d.id, st.Docs(), diff)
		}
	}
}

func TestLineStatsRepeated(t *testing.T) {
	st := NewLineStats()
	body := "The council met on Tuesday evening to discuss the budget, and members agreed to delay the vote until next month because the figures were late."
	for i := range MinRepeatCorpus {
		doc := fmt.Sprintf("Accessibility & CC\n\nStory number %d of the week\n\n%s\n\n%s %d.\n\nAccessibility & CC", i, body, body, i)
		if err := st.Add([]byte(doc)); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.Count("ACCESSIBILITY & CC"); got != MinRepeatCorpus {
		t.Errorf("count %d, want %d (once per document, any case)", got, MinRepeatCorpus)
	}
	if st.Digest(5) != st.Digest(5) || st.Digest(5) == st.Digest(1) {
		t.Errorf("digest not deterministic or ignores k")
	}
	n, err := New(Options{Repeats: st})
	if err != nil {
		t.Fatal(err)
	}
	doc := "Accessibility & CC\n\n" + body + "\n\n" + body + " Again.\n\nNot repeated anywhere"
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Removed) == 0 || rec.Removed[0].Rule != ruleRepeated || rec.Removed[0].Why != "short line found in 50 of 50 documents of the corpus" {
		t.Errorf("removed %+v", rec.Removed)
	}
	// Good prose is never removed for recurring: syndicated copies.
	if st.Count(body) != MinRepeatCorpus || !strings.HasPrefix(rec.Text, body) {
		t.Errorf("body: count %d, text %q", st.Count(body), rec.Text)
	}
	if _, err := New(Options{RepeatDocs: 1}); err == nil {
		t.Errorf("RepeatDocs 1 accepted")
	}
	t.Run("idempotent", func(t *testing.T) { checkProperties(t, n, []byte(doc)) })
}

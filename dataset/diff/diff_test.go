package diff

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

const (
	paraA = "The council met on Tuesday to discuss the budget."
	paraB = "Residents asked about the new library.\nThe mayor answered at length."
	paraC = "The meeting ended at nine."
	paraD = "A second meeting is planned for May."
)

// scenario is the fixed release used by the golden files: one record
// edited, one removed, one renamed, one added, one unchanged, plus a
// schema change.
func scenario() (old, new []*record.Record, oi, ni SideInfo) {
	a := rec("a1", strings.Join([]string{paraA, paraB, paraC}, "\n\n"))
	a.Removed = []record.Removed{
		{Line: 1, Text: "Share this article", Rule: "boilerplate:share"},
		{Line: 9, Text: "Subscribe now", Rule: "boilerplate:promo"},
	}
	a2 := rec("a1", strings.Join([]string{paraA, "Residents asked about the new library.\nThe mayor said little.", paraC, paraD}, "\n\n"))
	a2.Title = sp("Council meets on budget")
	a2.Published = sp("2024-05-02")
	a2.Removed = []record.Removed{
		{Line: 1, Text: "Share this article", Rule: "boilerplate:share"},
		{Line: 12, Text: "Read more:", Rule: "boilerplate:related"},
	}
	a2.Source.Bytes++
	b := rec("b2", "Gone tomorrow.")
	c := rec("c3", "Same words, new name.")
	c2 := rec("c9", "Same words, new name.")
	d := rec("d4", "Nothing changes here.")
	e := rec("e5", "Fresh news.")
	e.Captions = []record.Caption{{Line: 2, Text: "A photo", Credit: sp("AP")}}
	oi = SideInfo{Label: "old.jsonl", Name: "quire-news", Version: "1.0.0", RulesVersion: "1.0.0", Schema: []byte(schemaV1)}
	ni = SideInfo{Label: "new.jsonl", Name: "quire-news", Version: "2.0.0", RulesVersion: "1.0.0", Schema: []byte(schemaV2)}
	return []*record.Record{a, b, c, d}, []*record.Record{a2, c2, d, e}, oi, ni
}

func TestScenario(t *testing.T) {
	old, new, oi, ni := scenario()
	c, res := run(t, old, new, oi, ni, Options{})
	want := Counts{Old: 4, New: 4, Added: 1, Removed: 1, Renamed: 1, Changed: 1, Unchanged: 1}
	if res.Counts != want {
		t.Errorf("counts: got %+v, want %+v", res.Counts, want)
	}
	var kinds []string
	for _, ch := range c.changes {
		kinds = append(kinds, string(ch.Kind)+":"+ch.OldID+">"+ch.ID)
	}
	if got, want := strings.Join(kinds, " "), "changed:>a1 renamed:c3>c9 removed:>b2 added:>e5"; got != want {
		t.Errorf("changes: got %q, want %q", got, want)
	}
	ch := c.changes[0]
	if got, want := strings.Join(ch.Fields, ","), "title,published,text,removed,source"; got != want {
		t.Errorf("fields: got %q, want %q", got, want)
	}
	if len(ch.Text) != 1 || ch.Text[0].OldStart != 1 || ch.Text[0].OldCount != 3 || ch.Text[0].NewCount != 4 {
		t.Errorf("text hunks: got %+v", ch.Text)
	}
	if ch.Removed == nil || len(ch.Removed.Changes) != 2 || ch.Removed.Changes[0].Rule != "boilerplate:promo" || ch.Removed.Changes[1].Op != "+" {
		t.Errorf("removed diff: got %+v", ch.Removed)
	}
	if res.Bump.Level != Major {
		t.Errorf("bump: got %v, want major", res.Bump)
	}
	if res.Identical() || res.Status() != "different" {
		t.Errorf("Identical() true for a changed dataset")
	}
}

func render(t *testing.T, old, new []*record.Record, oi, ni SideInfo, opts Options) (txt, stat, js, md []byte) {
	t.Helper()
	var bt, bs, bj, bm bytes.Buffer
	reps := []Reporter{NewText(&bt, TextOptions{}), NewStat(&bs), NewJSON(&bj), NewMarkdown(&bm, MarkdownOptions{})}
	for _, r := range reps {
		if _, err := Run(NewMemSide(oi, old...), NewMemSide(ni, new...), opts, r); err != nil {
			t.Fatal(err)
		}
	}
	return bt.Bytes(), bs.Bytes(), bj.Bytes(), bm.Bytes()
}

func TestGolden(t *testing.T) {
	old, new, oi, ni := scenario()
	txt, stat, js, md := render(t, old, new, oi, ni, Options{})
	golden(t, "scenario.txt", txt)
	golden(t, "scenario.stat.txt", stat)
	golden(t, "scenario.json", js)
	golden(t, "scenario.md", md)
	var v map[string]any
	if err := json.Unmarshal(js, &v); err != nil {
		t.Errorf("JSON output does not parse: %v", err)
	}
	var col bytes.Buffer
	if _, err := Run(NewMemSide(oi, old...), NewMemSide(ni, new...), Options{}, NewText(&col, TextOptions{Color: true})); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(col.Bytes(), []byte("\x1b[31m-")) || bytes.Contains(txt, []byte("\x1b")) {
		t.Errorf("colour: want ANSI only with Color")
	}
}

func TestIdentical(t *testing.T) {
	old, _, oi, _ := scenario()
	txt, stat, js, _ := render(t, old, old, oi, oi, Options{})
	if len(txt) != 0 {
		t.Errorf("text output for identical inputs: %q", txt)
	}
	if !bytes.Contains(stat, []byte("added      0\n")) || !bytes.Contains(stat, []byte("unchanged  4\n")) {
		t.Errorf("stat: got %q", stat)
	}
	var v struct {
		Changes []any  `json:"changes"`
		Counts  Counts `json:"counts"`
		Bump    Bump   `json:"bump"`
	}
	if err := json.Unmarshal(js, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Changes) != 0 || v.Counts != (Counts{Old: 4, New: 4, Unchanged: 4}) || v.Bump.Level != None {
		t.Errorf("json: got %+v", v)
	}
	_, res := run(t, old, old, oi, oi, Options{})
	if !res.Identical() || res.Status() != "identical" {
		t.Errorf("Status: got %q", res.Status())
	}
	_, res = run(t, nil, nil, SideInfo{}, SideInfo{}, Options{})
	if !res.Identical() {
		t.Errorf("two empty sides are not identical")
	}
}

func TestDeterministic(t *testing.T) {
	old, new, oi, ni := scenario()
	oi.Fields = map[string]string{"Bagging-Date": "2024-01-01", "Payload-Oxum": "100.4", "External-Identifier": "x", "Contact": "a"}
	ni.Fields = map[string]string{"Payload-Oxum": "120.4", "Bagging-Date": "2024-02-01", "Contact": "b", "Source-Organization": "y"}
	oi.Schema, ni.Schema = []byte(schemaV1), []byte(schemaV2)
	t1, _, j1, m1 := render(t, old, new, oi, ni, Options{})
	for i := 0; i < 20; i++ {
		// Rebuild the maps in a different insertion order each time.
		o2, n2 := map[string]string{}, map[string]string{}
		keys := []string{"Bagging-Date", "Payload-Oxum", "External-Identifier", "Contact", "Source-Organization"}
		rand.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		for _, k := range keys {
			if v, ok := oi.Fields[k]; ok {
				o2[k] = v
			}
			if v, ok := ni.Fields[k]; ok {
				n2[k] = v
			}
		}
		oi2, ni2 := oi, ni
		oi2.Fields, ni2.Fields = o2, n2
		t2, _, j2, m2 := render(t, old, new, oi2, ni2, Options{})
		if !bytes.Equal(t1, t2) || !bytes.Equal(j1, j2) || !bytes.Equal(m1, m2) {
			t.Fatalf("run %d: output differs", i)
		}
	}
	if !bytes.Contains(t1, []byte(`manifest:Source-Organization: null -> "y"`)) {
		t.Errorf("manifest field added not reported:\n%s", t1)
	}
}

func TestRecordChanges(t *testing.T) {
	base := rec("x", "one\n\ntwo")
	for _, tc := range []struct {
		name   string
		edit   func(r *record.Record)
		fields string
		values string
	}{
		{"title", func(r *record.Record) { r.Title = sp("New") }, "title", `title:"A title"->"New"`},
		{"title to null", func(r *record.Record) { r.Title = nil }, "title", `title:"A title"->null`},
		{"outlet", func(r *record.Record) { r.Outlet = sp("CNN") }, "outlet", `outlet:null->"CNN"`},
		{"published", func(r *record.Record) { r.Published = sp("2020-01-01") }, "published", `published:null->"2020-01-01"`},
		{"rules", func(r *record.Record) { r.RulesVersion = "1.1.0" }, "rules_version", `rules_version:"1.0.0"->"1.1.0"`},
		{"source", func(r *record.Record) { r.Source.SHA256 = sum("z"); r.Source.Bytes = 3 }, "source", `source.bytes:"18"->"3" source.sha256:"` + sum("one\n\ntwo") + `"->"` + sum("z") + `"`},
		{"text", func(r *record.Record) { r.Text = "one\n\n2" }, "text", ""},
		{"captions", func(r *record.Record) { r.Captions = []record.Caption{{Line: 3, Text: "c", Credit: nil}} }, "captions", ""},
		{"removed", func(r *record.Record) { r.Removed = []record.Removed{{Line: 3, Text: "ad", Rule: "promo"}} }, "removed", ""},
		{"none", func(r *record.Record) {}, "", ""},
		{"nil vs empty slices", func(r *record.Record) { r.Captions, r.Removed = nil, nil }, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := *base
			tc.edit(&b)
			c := compareRecords(base, &b, 1)
			if tc.fields == "" {
				if c != nil {
					t.Fatalf("got change %+v, want none", c)
				}
				return
			}
			if c == nil {
				t.Fatalf("got no change")
			}
			if got := strings.Join(c.Fields, ","); got != tc.fields {
				t.Errorf("fields: got %q, want %q", got, tc.fields)
			}
			var vs []string
			for _, v := range c.Values {
				vs = append(vs, v.Field+":"+quoteValue(v.Old)+"->"+quoteValue(v.New))
			}
			if got := strings.Join(vs, " "); got != tc.values {
				t.Errorf("values: got %q, want %q", got, tc.values)
			}
		})
	}
}

func TestItems(t *testing.T) {
	a := []record.Removed{{Line: 1, Text: "Share", Rule: "share"}, {Line: 5, Text: "Ad", Rule: "promo"}, {Line: 9, Text: "Footer", Rule: "footer"}}
	b := []record.Removed{{Line: 2, Text: "Share", Rule: "share"}, {Line: 6, Text: "Ad", Rule: "promo", Why: "classifier"}, {Line: 10, Text: "Footer", Rule: "footer"}, {Line: 11, Text: "More", Rule: "related"}}
	d := diffItems(removedItems(a), removedItems(b))
	var got []string
	for _, it := range d.Changes {
		got = append(got, it.Op+describeItem(it))
	}
	want := []string{`-line 5 [promo] "Ad"`, `+line 6 [promo] "Ad" (classifier)`, `+line 11 [related] "More"`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if d.Moved != 2 {
		t.Errorf("moved: got %d, want 2", d.Moved)
	}
}

func TestRenames(t *testing.T) {
	x, y := rec("a", "same"), rec("z", "same")
	// Two removed and two added with the same content pair in id order.
	p, q := rec("b", "dup"), rec("c", "dup")
	p2, q2 := rec("x", "dup"), rec("y", "dup")
	c, res := run(t, []*record.Record{x, p, q}, []*record.Record{p2, q2, y}, SideInfo{}, SideInfo{}, Options{})
	var got []string
	for _, ch := range c.changes {
		got = append(got, ch.OldID+">"+ch.ID)
	}
	if want := []string{"b>x", "c>y", "a>z"}; !slices.Equal(got, want) {
		t.Errorf("renames: got %q, want %q", got, want)
	}
	if res.Counts.Renamed != 3 || res.Counts.Added+res.Counts.Removed != 0 {
		t.Errorf("counts: %+v", res.Counts)
	}
	// A rename with an edit is an add plus a remove.
	y.Text = "same!"
	_, res = run(t, []*record.Record{x}, []*record.Record{y}, SideInfo{}, SideInfo{}, Options{})
	if res.Counts.Renamed != 0 || res.Counts.Added != 1 || res.Counts.Removed != 1 {
		t.Errorf("edited rename counts: %+v", res.Counts)
	}
	// NoRenames streams adds and removes in id order.
	y.Text = "same"
	c, res = run(t, []*record.Record{x}, []*record.Record{y}, SideInfo{}, SideInfo{}, Options{NoRenames: true})
	if res.Counts.Renamed != 0 || len(c.changes) != 2 || c.changes[0].Kind != Removed || c.changes[1].Kind != Added {
		t.Errorf("NoRenames: %+v %+v", res.Counts, c.changes)
	}
}

func TestMaxPending(t *testing.T) {
	old := []*record.Record{rec("a", "1"), rec("b", "2")}
	new := []*record.Record{rec("c", "3")}
	_, err := Run(NewMemSide(SideInfo{}, old...), NewMemSide(SideInfo{}, new...), Options{MaxPending: 2}, nil)
	if err == nil || !strings.Contains(err.Error(), `more than 2 (at record "c")`) {
		t.Errorf("got %v, want ErrTooManyPending", err)
	}
	if _, err := Run(NewMemSide(SideInfo{}, old...), NewMemSide(SideInfo{}, new...), Options{MaxPending: 3}, nil); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}

func TestUnsortedSide(t *testing.T) {
	_, err := Run(NewMemSide(SideInfo{}, rec("b", "x"), rec("a", "y")), NewMemSide(SideInfo{}), Options{}, nil)
	if err == nil || !strings.Contains(err.Error(), `old side: record "a" after "b"`) {
		t.Errorf("got %v", err)
	}
	_, err = Run(NewMemSide(SideInfo{}), NewMemSide(SideInfo{}, rec("a", "x"), rec("a", "y")), Options{}, nil)
	if err == nil || !strings.Contains(err.Error(), `new side: record "a" after "a"`) {
		t.Errorf("duplicate id: got %v", err)
	}
}

func TestTextMaxDetails(t *testing.T) {
	var old, new []*record.Record
	for _, id := range []string{"a", "b", "c", "d"} {
		old = append(old, rec(id, "x"))
		new = append(new, rec(id, "y"))
	}
	var buf bytes.Buffer
	if _, err := Run(NewMemSide(SideInfo{}, old...), NewMemSide(SideInfo{}, new...), Options{}, NewText(&buf, TextOptions{MaxDetails: 1})); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, "… and 3 more records\n") || !strings.Contains(s, "4 changed,") || strings.Contains(s, "changed b") {
		t.Errorf("got:\n%s", s)
	}
	buf.Reset()
	if _, err := Run(NewMemSide(SideInfo{}, old...), NewMemSide(SideInfo{}, new...), Options{}, NewMarkdown(&buf, MarkdownOptions{MaxDetails: 2})); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, "## Changed (4)") || !strings.Contains(s, "- … and 2 more\n") {
		t.Errorf("markdown got:\n%s", s)
	}
}

func TestDatasetRulesVersion(t *testing.T) {
	a, b := rec("a", "x"), rec("a", "x")
	b.RulesVersion = "1.1.0"
	oi := SideInfo{RulesVersion: "1.0.0", RulesSHA256: sum("r1")}
	ni := SideInfo{RulesVersion: "1.1.0", RulesSHA256: sum("r2")}
	c, res := run(t, []*record.Record{a}, []*record.Record{b}, oi, ni, Options{})
	if len(c.changes) != 1 || strings.Join(c.changes[0].Fields, ",") != "rules_version" {
		t.Errorf("record change: %+v", c.changes)
	}
	var fields []string
	for _, f := range res.Dataset.Fields {
		fields = append(fields, f.Field)
	}
	if got := strings.Join(fields, ","); got != "rules_version,rules_sha256" {
		t.Errorf("dataset fields: got %q", got)
	}
	if res.Bump.Level != Patch {
		t.Errorf("bump: got %v, want patch", res.Bump)
	}
}

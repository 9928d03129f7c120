package eval

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/record"
)

func TestParseSnippetPage(t *testing.T) {
	p, err := ParseSnippetPage("p", []byte("a\r\nb"), strings.NewReader(
		`{"url": "https://x.de/blog/1", "lang": "other", "with": ["a"], "without": ["b", ""], "extra": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &SnippetPage{Name: "p", URL: "https://x.de/blog/1", Lang: "other", With: []string{"a"},
		Without: []string{"b", ""}, Data: []byte("a\r\nb"), Lines: []string{"a", "b"}}
	if d := cmp.Diff(want, p); d != "" {
		t.Errorf("page (-want +got):\n%s", d)
	}
	if p.English() {
		t.Error("a page marked other is English")
	}

	for _, tt := range []struct{ json, want string }{
		{`{"with": []}`, "/with: no with-snippet: the page's F1 is undefined"},
		{`{}`, "/with: no with-snippet"},
		// null is "" (Python's str(None or "")); other values are no snippets.
		{`{"with": ["a", 3, null], "without": [{}]}`, "/with/1: not a string: 3; /without/0: not a string: {}"},
		{`{"with": "a"}`, "cannot use JSON string"},
		{`{"with": [`, "byte 10: unexpected end of JSON input"},
		{`{"url": 1, "with": ["a"]}`, "cannot use JSON number"},
	} {
		_, err := ParseSnippetPage("p", nil, strings.NewReader(tt.json))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.json, err, tt.want)
		}
	}
}

func TestLoadSnippetSet(t *testing.T) {
	snip := `{"with": ["x"]}`
	fsys := fstest.MapFS{
		"cases/a.txt":              {Data: []byte("x")},
		"cases/a.snippets.json":    {Data: []byte(snip)},
		"cases/a-b.txt":            {Data: []byte("x")},
		"cases/a-b.snippets.json":  {Data: []byte(snip)},
		"cases/bad.txt":            {Data: []byte("x")},
		"cases/bad.snippets.json":  {Data: []byte(`{"with": []}`)},
		"cases/gone.snippets.json": {Data: []byte(snip)},
		"cases/notes.json":         {Data: []byte(`{}`)},
	}
	s, err := LoadSnippetSet(fsys)
	if err != nil {
		t.Fatal(err)
	}
	// By file name: "a-b.snippets.json" < "a.snippets.json", as '-' < '.'.
	if got, want := s.Names(), []string{"a-b", "a", "bad", "gone"}; !cmp.Equal(got, want) {
		t.Errorf("names %q, want %q", got, want)
	}
	if _, err := s.Page("bad"); err == nil || !strings.Contains(err.Error(), "cases/bad.snippets.json: /with: no with-snippet") {
		t.Errorf("bad page: %v", err)
	}
	if _, err := s.Page("gone"); err == nil || !strings.Contains(err.Error(), "gone.txt") {
		t.Errorf("page without text: %v", err)
	}
	if _, err := s.Page("nope"); err == nil || !strings.Contains(err.Error(), `page "nope" has no cases/nope.snippets.json`) {
		t.Errorf("unknown page: %v", err)
	}
	if _, err := LoadSnippetSet(fstest.MapFS{"cases/x.txt": {Data: []byte("x")}}); err == nil || !strings.Contains(err.Error(), "no *.snippets.json") {
		t.Errorf("empty set: %v", err)
	}
	if _, err := LoadSnippetSet(fstest.MapFS{}); err == nil {
		t.Error("no cases directory: no error")
	}
}

func TestSnippetPresence(t *testing.T) {
	text := "Der Klima\u00adwandel   ist\u00a0real.\n\nZweiter Absatz,\nüber zwei Zeilen."
	w, wo, c := SnippetPresence(text,
		[]string{"Klimawandel ist real", "Absatz, über zwei", "e\u0301", "klimawandel"},
		[]string{"Zeilen.", "Menü", ""})
	if want := []bool{true, true, false, false}; !cmp.Equal(w, want) {
		t.Errorf("with %v, want %v", w, want)
	}
	// The empty snippet is in every text, as in Python ("" in s).
	if want := []bool{true, false, true}; !cmp.Equal(wo, want) {
		t.Errorf("without %v, want %v", wo, want)
	}
	if want := (SnippetCounts{TP: 2, FN: 2, FP: 2, TN: 1}); c != want {
		t.Errorf("counts %+v, want %+v", c, want)
	}
	// NFC on both sides: a decomposed snippet finds a composed text.
	if w, _, _ := SnippetPresence("caf\u00e9 au lait", []string{"cafe\u0301 au"}, nil); !w[0] {
		t.Error("NFC: decomposed snippet not found in composed text")
	}
}

func TestSnippetCountsFigures(t *testing.T) {
	c := SnippetCounts{TP: 3, FN: 1, FP: 2, TN: 4}
	p, r, f, a := c.PRF()
	wp, wr := 0.6, 0.75 // variables: float64 arithmetic, as the scorer's
	if p != wp || r != wr || f != 2*wp*wr/(wp+wr) || a != 0.7 {
		t.Errorf("PRF %v %v %v %v", p, r, f, a)
	}
	if got := c.F1(); got != 6.0/9 {
		t.Errorf("page F1 %v, want 6/9", got)
	}
	p, r, f, a = SnippetCounts{}.PRF()
	if p != 0 || r != 0 || f != 0 || a != 0 || (SnippetCounts{}).F1() != 0 {
		t.Error("empty counts: figures not 0")
	}
	if _, _, f, _ := (SnippetCounts{FN: 2, FP: 1}).PRF(); f != 0 {
		t.Errorf("no TP: F1 %v, want 0", f)
	}
}

// snipText is a small page: a menu (line 1), a headline (3), a body (5,
// and 7-8: one paragraph over two lines), a teaser (10) and a footer (12).
const snipText = "Home | Shop\n\nBig news today\n\nThe council met on Tuesday to discuss the budget.\n\nMembers agreed to delay\nthe vote until next month.\n\nRead more: other story on the budget\n\n© 2024 Example\n"

func snipPage(t *testing.T, with, without []string) *SnippetPage {
	t.Helper()
	p := &SnippetPage{Name: "p", URL: "https://news.example.de/2024/05/story", Lang: "other", With: with, Without: without,
		Data: []byte(snipText), Lines: SplitLines([]byte(snipText))}
	return p
}

func TestScoreSnippetOutput(t *testing.T) {
	p := snipPage(t,
		[]string{"council met", "Members agreed to delay the vote", "Big news today", "© 2024 Example", "not on the page"},
		[]string{"Home | Shop", "Read more", "Members agreed", "the budget"})
	out := Output{
		Title: str("Big news today"),
		Text:  "The council met on Tuesday to discuss the budget.\n\nMembers agreed to delay",
		Removed: []record.Removed{
			{Line: 1, Text: "Home | Shop", Rule: "nav", Why: "menu run"},
			{Line: 8, Text: "the vote until next month.", Rule: "classifier:footer-zone", Why: "after the body"},
			{Line: 10, Text: "Read more: other story on the budget", Rule: "read-more"},
			{Line: 12, Text: "© 2024 Example", Rule: "copyright"},
		},
	}
	s := ScoreSnippetOutput(p, &out, nil)
	if len(s.Errors) > 0 {
		t.Fatalf("errors %q", s.Errors)
	}
	if want := (SnippetCounts{TP: 1, FN: 4, FP: 2, TN: 2}); s.SnippetCounts != want {
		t.Errorf("counts %+v, want %+v", s.SnippetCounts, want)
	}
	line := func(n, chars, removed int, rule, why, text string) TraceLine {
		tl := TraceLine{N: n, Chars: chars, Removed: removed, Text: text}
		if rule != "" {
			tl.Rules = rc(rule, removed)
		}
		if why != "" {
			tl.Why = []string{why}
		}
		return tl
	}
	wantLost := []SnippetTrace{
		{Snippet: "Members agreed to delay the vote", Rules: []string{"classifier:footer-zone"}, Causes: []string{"classifier:footer-zone: after the body"}, Lines: []TraceLine{
			line(7, 23, 0, "", "", "Members agreed to delay"),
			line(8, 26, 26, "classifier:footer-zone", "after the body", "the vote until next month."),
		}},
		{Snippet: "Big news today", Rules: []string{RuleInTitle}, Causes: []string{RuleInTitle}, Lines: []TraceLine{
			{N: 3, Chars: 14, Title: true, Text: "Big news today"},
		}},
		{Snippet: "© 2024 Example", Rules: []string{"copyright"}, Causes: []string{"copyright"}, Lines: []TraceLine{line(12, 14, 14, "copyright", "", "© 2024 Example")}},
		{Snippet: "not on the page", Rules: []string{RuleNotInPage}, Causes: []string{RuleNotInPage}},
	}
	if d := cmp.Diff(wantLost, s.Lost); d != "" {
		t.Errorf("lost (-want +got):\n%s", d)
	}
	// A kept without-snippet shows only the lines it survives in: "the
	// budget" not in the teaser, removed.
	wantKept := []SnippetTrace{
		{Snippet: "Members agreed", Lines: []TraceLine{line(7, 23, 0, "", "", "Members agreed to delay")}},
		{Snippet: "the budget", Lines: []TraceLine{line(5, 49, 0, "", "", "The council met on Tuesday to discuss the budget.")}},
	}
	if d := cmp.Diff(wantKept, s.Kept); d != "" {
		t.Errorf("kept (-want +got):\n%s", d)
	}
	wantGone := []SnippetTrace{
		{Snippet: "Home | Shop", Rules: []string{"nav"}, Causes: []string{"nav: menu run"}, Lines: []TraceLine{line(1, 11, 11, "nav", "menu run", "Home | Shop")}},
		{Snippet: "Read more", Rules: []string{"read-more"}, Causes: []string{"read-more"}, Lines: []TraceLine{line(10, 36, 36, "read-more", "", "Read more: other story on the budget")}},
	}
	if d := cmp.Diff(wantGone, s.Gone); d != "" {
		t.Errorf("gone (-want +got):\n%s", d)
	}
}

func TestScoreSnippetTextDiffers(t *testing.T) {
	// The record keeps every line by its audit trail but its text does
	// not hold the snippet as the page writes it: the scorer books it to
	// the pseudo-rule and reports the inconsistency.
	p := snipPage(t, []string{"council met on Tuesday"}, nil)
	out := Output{Text: "Home | Shop\n\nBig news today\n\nThe council met on Wednesday to discuss the budget."}
	s := ScoreSnippetOutput(p, &out, nil)
	if len(s.Lost) != 1 || !cmp.Equal(s.Lost[0].Rules, []string{RuleTextDiffers}) {
		t.Errorf("lost %+v, want one booked to %s", s.Lost, RuleTextDiffers)
	}
	if len(s.Errors) == 0 {
		t.Error("no consistency error for a text the page does not hold")
	}
}

func TestScoreSnippetFailed(t *testing.T) {
	p := snipPage(t, []string{"council met", "Big news"}, []string{"Home"})
	s := ScoreSnippetPage(p, failing{})
	if s.Failed == nil || s.SnippetCounts != (SnippetCounts{FN: 2, TN: 1}) {
		t.Fatalf("failed %v, counts %+v: want the failure and an empty text", s.Failed, s.SnippetCounts)
	}
	if len(s.Lost) != 2 || !cmp.Equal(s.Lost[0].Rules, []string{RuleFailed}) || len(s.Lost[0].Lines) != 1 || s.Lost[0].Lines[0].N != 5 {
		t.Errorf("lost %+v, want each booked to %s with its line", s.Lost, RuleFailed)
	}
	sum := NewSnippetSummary("x")
	sum.Add(s)
	if errs := sum.Errors(); len(errs) != 1 || errs[0].Msg != "normalize: refused" {
		t.Errorf("errors %+v", errs)
	}
	if f := sum.All(); f.Failures != 1 || f.F1 != 0 {
		t.Errorf("figures %+v", f)
	}
}

func TestSnippetSummary(t *testing.T) {
	s := NewSnippetSummary("x")
	add := func(name, url, lang string, c SnippetCounts, lost ...[]string) {
		ps := &SnippetScore{Name: name, URL: url, Lang: lang, SnippetCounts: c}
		for _, rules := range lost {
			ps.Lost = append(ps.Lost, SnippetTrace{Snippet: "s", Rules: rules, Causes: []string{rules[0] + ": why"}})
		}
		s.Add(ps)
	}
	add("c", "https://c.de/forum/thread/1", "other", SnippetCounts{TP: 0, FN: 2, FP: 1, TN: 0}, []string{"r1"}, []string{"r1", "r2"})
	add("a", "https://a.com/2020/01/x", "en", SnippetCounts{TP: 3, FN: 1, FP: 0, TN: 2}, []string{"r3"})
	add("b", "https://b.de/", "other", SnippetCounts{TP: 0, FN: 1, FP: 0, TN: 1}, []string{"r2"})
	add("d", "https://d.de/rezepte/kuchen", "other", SnippetCounts{TP: 1, FN: 1, FP: 0, TN: 1})

	all, en, other := s.All(), s.English(), s.NonEnglish()
	wp, wr := 4.0/5, 4.0/9
	if all.Pages != 4 || all.SnippetCounts != (SnippetCounts{TP: 4, FN: 5, FP: 1, TN: 4}) || all.F1 != 2*wp*wr/(wp+wr) {
		t.Errorf("all %+v", all)
	}
	if en.Pages != 1 || en.F1 != 6.0/7 || other.Pages != 3 || other.MacroF1 != (0+0+2.0/3)/3 {
		t.Errorf("en %+v, other %+v", en, other)
	}
	// Worst: F1 0 twice, c first (3 errors against b's 1), then d, then a.
	var worst []string
	for _, f := range s.Worst(10) {
		worst = append(worst, f.Name)
	}
	if want := []string{"c", "b", "d", "a"}; !cmp.Equal(worst, want) {
		t.Errorf("worst %q, want %q", worst, want)
	}
	wantRules := []SnippetRuleStat{{Rule: "r1", Lost: 2, LostPages: 1}, {Rule: "r2", Lost: 2, LostPages: 2}, {Rule: "r3", Lost: 1, LostEnglish: 1, LostPages: 1}}
	if d := cmp.Diff(wantRules, s.Rules()); d != "" {
		t.Errorf("rules (-want +got):\n%s", d)
	}
	wantCauses := []SnippetRuleStat{{Rule: "r1: why", Lost: 2, LostPages: 1}, {Rule: "r2: why", Lost: 1, LostPages: 1}, {Rule: "r3: why", Lost: 1, LostEnglish: 1, LostPages: 1}}
	if d := cmp.Diff(wantCauses, s.Causes()); d != "" {
		t.Errorf("causes (-want +got):\n%s", d)
	}
	var kinds []string
	for _, g := range s.Groups(func(f SnippetPageFigures) string { return f.Kind }) {
		kinds = append(kinds, g.Key)
	}
	if want := []string{"dated", "forum", "other", "recipe"}; !cmp.Equal(kinds, want) {
		t.Errorf("kinds %q, want %q", kinds, want)
	}
	tld := s.Groups(func(f SnippetPageFigures) string { return f.TLD })
	if tld[0].Key != "de" || tld[0].Pages != 3 || tld[1].Key != "com" {
		t.Errorf("tld groups %+v", tld)
	}
}

func TestURLKindAndTLD(t *testing.T) {
	for _, tt := range []struct{ url, kind, tld string }{
		{"https://www.katzen-forum.net/threads/jede-nacht.230143/", "forum", "net"},
		{"https://www.reddit.com/r/Python/comments/1bbbwk/whats/", "forum", "com"},
		{"https://eatsmarter.de/rezepte/vanille-hafer-porridge", "recipe", "de"},
		{"https://de.happycoffee.org/collections/shop/products/sidamo", "shop", "org"},
		{"https://harrypotter.fandom.com/wiki/Water-Making_Spell", "wiki", "com"},
		{"https://docs.docker.com/engine/install/", "docs", "com"},
		{"https://bumsbutzener-gumpfen.blogspot.com/2020/04/tach-auch.html", "blog", "com"},
		{"https://www.zdf.de/sport/news/us-sport-corona-100.html", "news", "de"},
		{"https://telebasel.ch/2019/10/19/junge-lenker/?channel=105100", "dated", "ch"},
		{"https://anarc.at/2020-10-18-cdpath-replacement/", "dated", "at"},
		{"https://www.parallels.com/products2/desktop/", "other", "com"},
		{"https://web.archive.org/web/20160330101229/http://muffinrezept.net/muffin-grundrezept", "other", "net"},
		{"https://web.archive.org/web/20120216182711/http://www.stol.it/Artikel/Politik", "news", "it"},
		{"https://EXAMPLE.DE./Forum", "forum", "de"},
		{"not a url", "other", "?"},
		{"", "other", "?"},
	} {
		if got := URLKind(tt.url); got != tt.kind {
			t.Errorf("URLKind(%q) = %q, want %q", tt.url, got, tt.kind)
		}
		if got := URLTLD(tt.url); got != tt.tld {
			t.Errorf("URLTLD(%q) = %q, want %q", tt.url, got, tt.tld)
		}
	}
}

func TestMatchLinesOccurrences(t *testing.T) {
	m := newMatchLines(SplitLines([]byte("a b\n\n\u200b\nc d\ne\u00ad f\n\nc d")))
	if m.text != "a b c d e f c d" {
		t.Fatalf("text %q", m.text)
	}
	for _, tt := range []struct {
		snip string
		want [][2]int
	}{
		{"c d", [][2]int{{4, 4}, {7, 7}}},
		{"b c", [][2]int{{1, 4}}},
		{"d e f", [][2]int{{4, 5}}},
		{"x", nil},
		{"", nil},
	} {
		if got := m.occurrences(tt.snip, 4); !cmp.Equal(got, tt.want) {
			t.Errorf("occurrences(%q) = %v, want %v", tt.snip, got, tt.want)
		}
	}
	if got := m.occurrences("c d", 1); len(got) != 1 {
		t.Errorf("max 1: %v", got)
	}
}

// TestMatchLinesWholePage checks the claim newMatchLines rests on: the
// match form of a page is that of its lines joined with a space.
func TestMatchLinesWholePage(t *testing.T) {
	set := OpenSnippetSet(t, snippetSetDir(t))
	for _, name := range set.Names() {
		p, err := set.Page(name)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := newMatchLines(p.Lines).text, MatchForm(string(p.Data)); got != want {
			t.Errorf("%s: line by line %q, whole %q", name, excerpt(got, 60), excerpt(want, 60))
		}
	}
}

func TestCanonLine(t *testing.T) {
	raw := "Twit\u00adter  e\u0301\u200b x\u00a0y"
	c := newCanonLine(raw)
	if c.text != MatchForm(raw) || c.text != "Twitter é x y" {
		t.Fatalf("text %q", c.text)
	}
	all := func(int, int) bool { return true }
	for _, tt := range []struct{ find, raw string }{
		{"Twitter", "Twit\u00adter"},
		{"é", "e\u0301"},
		{"r é", "r  e\u0301"},
		{"x y", "x\u00a0y"},
	} {
		lo, hi, ok := c.find(tt.find, all)
		if !ok || raw[lo:hi] != tt.raw {
			t.Errorf("find(%q) = %q, %v; want %q", tt.find, raw[lo:hi], ok, tt.raw)
		}
	}
	if _, _, ok := c.find("Twitter", func(lo, _ int) bool { return lo > 0 }); ok {
		t.Error("found an occurrence whose bytes are not free")
	}
}

func TestScoreCleanedSpans(t *testing.T) {
	// The normalizer writes removed spans after input hygiene: without
	// the soft hyphen, NFC. The scorer finds them in the raw line.
	p, err := ParsePage("h", []byte("Twit\u00adter\n\nCafe\u0301 article text here.\n"), strings.NewReader(
		`{"lines": [{"n": 1, "label": "boilerplate"}, {"n": 3, "label": "content"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	s := Score(p, &record.Record{Text: "Café article text here.", Removed: []record.Removed{{Line: 1, Text: "Twitter", Rule: "nav"}}})
	if len(s.Errors) > 0 {
		t.Fatalf("errors %q", s.Errors)
	}
	if s.Removed != [4]int{0, 0, 8, 0} {
		t.Errorf("removed %v, want the whole 8-rune boilerplate line", s.Removed)
	}
}

func TestCause(t *testing.T) {
	for _, tt := range []struct{ rule, why, want string }{
		{"classifier:header-zone", "bad line before the body (line 211), 62 words, stop-word density 0.03", "classifier:header-zone: bad line before the body"},
		{"classifier:header-zone", "bad line before the body (line 99), 41 words", "classifier:header-zone: bad line before the body"},
		{"classifier:menu-run", "run of 12 short lines; 3 links", "classifier:menu-run: run of # short lines"},
		{"nav-label", "", "nav-label"},
		{"r", "teaser list: 3 time stamps", "r: teaser list: # time stamps"},
		{"r", "teaser list: 12 time stamps", "r: teaser list: # time stamps"},
		{"x", "  (only a parenthesis)", "x"},
	} {
		if got := Cause(tt.rule, tt.why); got != tt.want {
			t.Errorf("Cause(%q, %q) = %q, want %q", tt.rule, tt.why, got, tt.want)
		}
	}
}

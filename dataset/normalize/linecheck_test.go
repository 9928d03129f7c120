package normalize

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// lineCases are lines each line check answers yes to, lines that nearly
// pass, and every cleaned line of the seeds and both dev sets.
func lineCases(t testing.TB) []string {
	cases := []string{
		// glued teasers
		"Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left without paying",
		"Indian-origin man pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man has pleaded guilty",
		"Indian-Origin Man Pleads Guilty To Fraud Scheme In US NEW YORK: An Indian-origin man has pleaded guilty",
		"The Company Said. Then AppleA party of six left without paying for their meal at the restaurant",
		"We Went To The MacBook Store and found WeWork offices everywhere on the long road home tonight",
		"ALL CAPITALS HEADLINE HERE WITH WORDSA lead that follows it for a while, long enough to count",
		"Ärger Über Die Neue Straßenbahnlinie In BerlinDie Anwohner beschweren sich seit Wochen über Lärm",
		"«Über» Die Neue Straßenbahnlinie In BerlinDie Anwohner beschweren sich seit Wochen über den Lärm",
		"250,000 People Marched Through The City Center Yesterday250,000The state said it was the largest",
		// code
		">>> print(x)", "$ go test ./...", "if (a == b) { return c; }", "x = foo.bar(y); z = a_b", "a -> b :: c && d || e",
		"Use the snake_case names: foo_bar, baz_qux and a_b", "x.y(", "(a)()", "{ }", "a; b; c;", "a != b => c",
		"x ==> y ==> z", "a &&& b", "p ||| q :::", "– dash — list –", "1. one 2. two",
		// share bars, stamps, comment markers, headings
		"Facebook Twitter", "facebook", "(Facebook) [Twitter]!", "Share: Facebook · Twitter · E-Mail", "Print",
		"Facebook Twitter LinkedIn Pinterest WhatsApp Reddit XING Telegram Mail",
		"November 19, 2019 at 6:34 am", "2 days ago at 07:50 am", "32M ago", "— November 20, 2019, 10:54 am —",
		"by Surur on November 19, 2019", "one two three four May 3", "(Nov. 19, 2019)", "[2019-11-19]",
		"thelastchargersfan says:", "Rating: 25 Votes", "rating:  3 votes", "Reply", "12 points", "+3 likes:", "12 points today",
		"34 comments", "5 Kommentare:", "More in Trump Impeachment Inquiry …", "Related »", "Read these next ›",
		// bios
		"Julius is an LA Entertainment Reporter for Fox News.", "Meg James is a corporate media reporter for the Los Angeles Times.",
		"Follow her on Twitter @jdoe", "Follow the money, the senator said.", "Jane Doe joined the Times in 2019 as a reporter.",
		"Jane Doe Covers science for the paper, as a writer.", "JANE DOE IS A REPORTER AT CNN", "Jane İs a reporter here",
		"Jane Doe Smith Jones Brown is a reporter", "A B C D is a reporter.", "Jane has been a reporter since 2001.",
		// headlines and bylines
		"By Jane Doe", "By JILL DISIS, CNN Business", "Von Heike Buchter", "Par Jean Dupont, à Paris", "by Surur on November 19, 2019",
		"Written by Sam Smith and Jo Brown", "Autor: Max Mustermann", "By", "By the way, this is not a byline at all.",
		"Updated June 2, 2024 at 3:10 p.m.", "Last updated: 3 May 2021", "Zuletzt aktualisiert am 16.08.2019", "Mis à jour le 3 mai 2021",
		"The 10 best early Black Friday deals", "Trump says he will veto the bill?", "He said: “Go.”", "(see below)]", "»Zitat«", "x’", "‘Quoted’ headline shapes matter here",
		// lower case
		"ÀÉÎÕÜ ÇÑ ĞİŞ Ǆǅǆ ΣΑΣ KELVIN \u212a Å \u0130s a", "ABC", "abc", "",
	}
	for _, d := range append(seedDocs(t), devDocs(t)...) {
		c, err := Clean(d.data)
		if err != nil {
			continue
		}
		for _, l := range c.Lines {
			cases = append(cases, l.Text)
		}
	}
	return cases
}

// lineChecks compares the line checks with the obvious versions
// (lineref_test.go) on one cleaned line, and counts how often each
// says yes.
func lineChecks(t *testing.T, n *Normalizer, s string, yes map[string]int) {
	li := newLineInfo(s)
	runes := utf8.RuneCountInString(s)
	p := &n.rules.cls
	check := func(name string, got, want bool) {
		if got != want {
			t.Errorf("%s(%q) = %v, want %v", name, s, got, want)
		}
		if got && yes != nil {
			yes[name]++
		}
	}
	if got, want := trimClosers(s), strings.TrimRight(s, "\"'”’»)]"); got != want {
		t.Errorf("trimClosers(%q) = %q, want %q", s, got, want)
	}
	sc := scanLine(s)
	if sc.runes != runes || sc.shape != shapeMaskRef(s) || sc.seps != countSepsRef(li.lower) {
		t.Errorf("scanLine(%q): runes %d, shape %b, separators %d; want %d, %b, %d",
			s, sc.runes, sc.shape, sc.seps, runes, shapeMaskRef(s), countSepsRef(li.lower))
	}
	glued := gluedTeaserRef(s, runes)
	check("gluedTeaser", gluedTeaser(s, runes), glued)
	if glued && !sc.glue {
		t.Errorf("scanLine(%q) finds no capital for gluedTeaser, which says yes", s)
	}
	check("codeLike", sc.code, codeLikeRef(s))
	check("socialLine", socialLine(li.lower, li.words), socialLineRef(li.lower, li.words))
	check("stampLine", stampLine(li), stampLineRef(li))
	check("commentMarker", commentMarker(li), commentMarkerRef(li))
	check("furnitureHeading", lowerHeading(li.lower, li.words, p.headings), furnitureHeadingRef(s, p.headings))
	check("authorBio", authorBio(li, p.BioRoles), authorBioRef(li, p.BioRoles))
	check("headlineShaped", headlineShaped(li, runes), headlineShapedRef(li))
	if toks := dateTokens(li.lower); len(toks) <= 40 {
		for i := range toks {
			check("updateWord", n.rules.meta.updateWord(toks, i), n.rules.meta.updateWordRef(toks, i))
		}
	}
	got, want := n.rules.meta.bylineOf(li), n.rules.meta.bylineRef(s)
	check("byline", got != nil, want != nil)
	if !slices.Equal(got, want) {
		t.Errorf("byline(%q) = %q, want %q", s, got, want)
	}
}

// TestLineChecksAgree holds the line checks measure runs on every line
// to the obvious versions they replaced, on every cleaned line of the
// seeds and both dev sets, and checks that each says yes somewhere.
func TestLineChecksAgree(t *testing.T) {
	n := newNormalizer(t)
	yes := map[string]int{}
	cases := lineCases(t)
	for _, s := range cases {
		lineChecks(t, n, s, yes)
	}
	lines := make([]Line, len(cases))
	for i, s := range cases {
		lines[i].Text = s
	}
	for i, l := range lowerAll(lines, new(docScratch)) {
		if want := strings.ToLower(cases[i]); l != want {
			t.Errorf("lowerAll: %q, want %q", l, want)
		}
	}
	for _, name := range []string{"gluedTeaser", "codeLike", "socialLine", "stampLine", "commentMarker",
		"furnitureHeading", "authorBio", "headlineShaped", "byline", "updateWord"} {
		if yes[name] == 0 {
			t.Errorf("%s says yes to no line: the cases test nothing", name)
		}
	}
}

// FuzzLineChecks compares the line checks with the obvious versions on
// cleaned lines, their input (single spaces, trimmed, NFC).
func FuzzLineChecks(f *testing.F) {
	for _, s := range []string{
		"Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left",
		"Julius is an LA Entertainment Reporter for Fox News.", "Rating: 25 Votes", "Facebook Twitter",
		"November 19, 2019 at 6:34 am", "34 comments", "By JILL DISIS, CNN Business", "x = foo.bar(y); z = a_b",
	} {
		f.Add(s)
	}
	n := newNormalizer(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		if got, want := lowerAll([]Line{{Text: s}}, new(docScratch))[0], strings.ToLower(s); got != want {
			t.Errorf("lowerAll: %q, want %q", got, want)
		}
		if s, _ = cleanLine(s); s != "" {
			lineChecks(t, n, s, nil)
		}
	})
}

// TestMatchesAgrees checks that a rule's matches, which asks Go's regexp
// only whether there is a match, agrees with match, which finds its
// groups, on the rules' examples and on every cleaned line of the seeds
// and both dev sets that the rule's prefilter lets through.
func TestMatchesAgrees(t *testing.T) {
	n := newNormalizer(t)
	cases := lineCases(t)
	found := 0
	for _, r := range n.rules.all {
		if len(r.res) == 0 {
			continue
		}
		lines := append(slices.Clone(r.Examples.Positive), r.Examples.Negative...)
		for _, s := range cases {
			if r.prefilter(newLineInfo(s)) {
				lines = append(lines, s)
			}
		}
		for _, s := range lines {
			got, want := r.matches(s), r.match(s) != nil
			if got != want {
				t.Errorf("rule %s: matches(%q) = %v, match says %v", r.ID, s, got, want)
			}
			if got {
				found++
			}
		}
	}
	if found == 0 {
		t.Error("no rule matches any line: the test tests nothing")
	}
}

// TestCleanWords holds cleanWords to countWords on every cleaned line of
// the seeds and both dev sets: the lines Clean returns are trimmed and
// single-spaced.
func TestCleanWords(t *testing.T) {
	n := 0
	for _, d := range append(seedDocs(t), devDocs(t)...) {
		c, err := Clean(d.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range c.Lines {
			if got, want := cleanWords(l.Text), countWords(l.Text); got != want {
				t.Fatalf("%s line %d %q: cleanWords %d, countWords %d", d.name, l.N, l.Text, got, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no lines")
	}
}

package normalize

import (
	"slices"
	"strings"
	"testing"

	"github.com/quire-archive/quire/internal/lang"
)

// Lines quoted from the dev sets (real pages), with the class they have
// of themselves.
func TestClassifyLine(t *testing.T) {
	n := newNormalizer(t)
	en := lang.Lang("en").Stopwords()
	tests := []struct {
		line string
		want lineClass
	}{
		// good: running text
		{"The FBI is joining the investigation into recent racist and anti-Semitic incidents at Syracuse University, the school said in a statement on Monday night.", cGood},
		// near-good: a short paragraph, a lead dense with names, a
		// one-sentence paragraph, a lead-in to a list
		{"DUBAI, United Arab Emirates — Dubai's flagship carrier Emirates Airline finalized a deal to purchase 50 Airbus A350 jets at the Dubai Airshow.", cNearGood},
		{"There’s a strange disconnect in the online business world.", cNearGood},
		// a long lead-in to code or a list, thin in stop words as
		// technical prose is: a sentence that ends in a colon
		{"The init command writes a config file, acme.json, with sensible defaults:", cNearGood},
		// short: menu items, labels, headlines, questions as headings
		{"Markets", cShort},
		{"Follow CNN Business", cShort},
		{"Investors don't seem to know what to make of the US-China trade war", cShort},
		{"What Does Stadia Offer?", cShort},
		// bad: long, but not prose
		{"7 tackles, 3 assists (10 combined). 1 sack, 2 TFL, 2 QH, 2 INT, 4 passes defended.", cBad},
	}
	for _, tt := range tests {
		li := newLineInfo(tt.line)
		if got := n.measure(li, en); got.class != tt.want {
			t.Errorf("%q: got %s (density %.2f, %.2f of prose), want %s", tt.line, got.class, got.density(), got.rel, tt.want)
		}
	}
	// The same measure in another language, with its own list.
	de := lang.Lang("de").Stopwords()
	for _, s := range []string{
		"Touristen und Börsenhändler waren überrascht, als sich plötzlich mit Kunstblut besudelte Gestalten auf das Pflaster vor der New Yorker Börse warfen.",
		"Die Eiweisse, Kohlenhydrate und Lipide der Tiere zersetzen sich nun im Schlamm, wobei sich eine dickflüssige Masse bildet, aus der später Erdöl wird.",
	} {
		if got := n.measure(newLineInfo(s), de); got.class != cGood {
			t.Errorf("German %q: got %s, want good", s, got.class)
		}
		if got := n.measure(newLineInfo(s), en); got.class == cGood {
			t.Errorf("German %q measured with English stop words: good, want less", s)
		}
	}
}

// The smoothing decides lines that say little of themselves by the
// lines around them.
func TestSmooth(t *testing.T) {
	const (
		S = cShort
		B = cBad
		N = cNearGood
		G = cGood
	)
	tests := []struct {
		name   string
		in     []lineClass
		want   []lineClass
		reason string
	}{
		{"subheading", []lineClass{G, S, G}, []lineClass{G, G, G}, "a short line between prose is the article's"},
		{"list inside", []lineClass{G, S, S, S, S, G}, []lineClass{G, G, G, G, G, G}, "items between paragraphs"},
		{"menu at the top", []lineClass{S, S, S, G, G}, []lineClass{B, B, B, G, G}, "the page's top counts as bad"},
		{"footer", []lineClass{G, G, S, S}, []lineClass{G, G, B, B}, "the page's end counts as bad"},
		{"labels among furniture", []lineClass{B, S, B, G}, []lineClass{B, B, B, G}, "bad on both sides"},
		{"thin edge", []lineClass{B, N, S, G}, []lineClass{B, G, G, G}, "prose thins out towards the edge"},
		{"lone near-good", []lineClass{B, N, B, G}, []lineClass{B, B, B, G}, "near-good between bad lines"},
		{"near-good beside prose", []lineClass{G, N, B}, []lineClass{G, G, B}, "near-good next to prose"},
		{"good stays", []lineClass{B, G, B}, []lineClass{B, G, B}, "a good line keeps its class"},
	}
	for _, tt := range tests {
		if got := smooth(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("%s (%s): smooth(%v) = %v, want %v", tt.name, tt.reason, tt.in, got, tt.want)
		}
	}
}

// removedBy returns the rule that removed the line holding s, its why,
// and whether s is in the text or the title.
func removedBy(t *testing.T, n *Normalizer, doc, s string) (rule, why string, kept bool) {
	t.Helper()
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rec.Removed {
		if strings.Contains(r.Text, s) {
			return r.Rule, r.Why, false
		}
	}
	return "", "", strings.Contains(rec.Text, s) || rec.Title != nil && *rec.Title == s
}

const (
	para1 = "Attorney General Jeff Sessions recused himself from any investigation into Russian interference in the 2016 election Thursday, following reports that he had met with the Russian ambassador twice."
	para2 = "White House Press Secretary Sean Spicer told reporters aboard Air Force One Thursday afternoon that President Trump has full confidence in the attorney general and that he should not recuse himself."
	para3 = "Sessions said he would not have recused himself if he had thought it was not the right thing to do, and that he had consulted career lawyers at the department before making the decision."
)

// dump builds a page dump: blocks a blank line apart.
func dump(blocks ...string) string { return strings.Join(blocks, "\n\n") + "\n" }

// A news page: menu, headline, byline, date, an article with a
// sub-heading and a list, then a share bar, related stories and a
// footer. What is the article stays, whatever its lines look like; the
// rest goes; metadata goes to its fields.
func TestClassifierPage(t *testing.T) {
	n := newNormalizer(t)
	doc := dump(
		"Markets", "Tech", "Media", "Premarkets", "Dow 30", "After-Hours", "Market Movers", "Fear & Greed",
		"Sessions Chooses Recusal, Despite Trump's 'Total' Confidence",
		"By Jill Disis, CNN Business",
		"Updated 9:08 PM ET, Thu March 2, 2017",
		para1,
		"What happens next",
		para2,
		"The department named three people to lead the review:",
		"Rod Rosenstein — deputy attorney general",
		"Dana Boente — acting deputy attorney general",
		"Jody Hunt — chief of staff",
		"Stephen Boyd — legislative affairs",
		para3,
		"Share this article", "Facebook", "Twitter", "Email",
		"Related stories",
		"Trump calls for investigation of Democrats",
		"Pelosi: Sessions should resign",
		"Privacy Policy", "Terms of Service", "© 2017 Cable News Network.",
	)
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{para1, "What happens next", para2, "The department named three people", "Jody Hunt — chief of staff", para3} {
		if !strings.Contains(rec.Text, s) {
			t.Errorf("article line %q lost; text:\n%s", s, rec.Text)
		}
	}
	for _, s := range []string{"Premarkets", "Fear & Greed", "Share this article", "Related stories", "Pelosi: Sessions should resign", "Terms of Service", "By Jill Disis"} {
		if strings.Contains(rec.Text, s) {
			t.Errorf("furniture %q kept; text:\n%s", s, rec.Text)
		}
	}
	if rec.Title == nil || *rec.Title != "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence" {
		t.Errorf("title %v", rec.Title)
	}
	if !slices.Equal(rec.Authors, []string{"Jill Disis"}) {
		t.Errorf("authors %q, want [Jill Disis] (CNN Business is the affiliation)", rec.Authors)
	}
	if rec.Published != nil {
		t.Errorf("published %q from a line that gives only an update", *rec.Published)
	}
	if rec.Language == nil || *rec.Language != "en" {
		t.Errorf("language %v, want en", rec.Language)
	}
	for _, r := range rec.Removed {
		if r.Rule == "" || strings.HasPrefix(r.Rule, "classifier:") && r.Why == "" {
			t.Errorf("removed %q without a reason: %+v", r.Text, r)
		}
	}
}

// A run of labels inside the article is a menu; a run of verse or of
// items written as sentences is not.
func TestClassifierMenuRun(t *testing.T) {
	n := newNormalizer(t)
	run := "Home\nWorld\nUS Politics\nBusiness\nHealth\nEntertainment\nTech\nStyle\nTravel\n"
	doc := para1 + "\n\n" + run + "\n" + para2
	if rule, _, _ := removedBy(t, n, doc, "US Politics"); rule != ruleMenuRun {
		t.Errorf("menu between paragraphs: removed by %q, want %s", rule, ruleMenuRun)
	}
	verse := "And I will always love you\nI hope life treats you kind\nAnd I hope you have all you dreamed of\nI wish to you joy and happiness\n" +
		"But above all this I wish you love\nIf I should stay I would only be in your way\nSo I'll go but I know\nI'll think of you every step of the way\n"
	doc = para1 + "\n\n" + verse + "\n" + para2
	if _, _, kept := removedBy(t, n, doc, "I wish to you joy and happiness"); !kept {
		t.Errorf("verse between paragraphs removed")
	}
}

// A list of short items between the article's paragraphs — release
// notes, features, fixes, under sub-headings — is the article's; the
// same lines with no running text on one side are a block of labels.
func TestClassifierItemsBetweenProse(t *testing.T) {
	n := newNormalizer(t)
	items := []string{"Highlights", "Files open up to twice as fast", "New plugin API with async hooks", "Split view for diffs",
		"Improvements", "Faster search in large folders", "Better font rendering on Linux", "Smaller installer",
		"Bug fixes", "Fixed crash when closing the last tab", "Fixed cursor jumping after undo", "Known issues",
		"Spell checking is slow on very long lines"}
	doc := dump(append(append([]string{"Download", "Docs", "Community", para1}, items...), para2, "Privacy", "Careers")...)
	for _, s := range []string{"Files open up to twice as fast", "Bug fixes", "Spell checking is slow on very long lines"} {
		if rule, _, kept := removedBy(t, n, doc, s); !kept {
			t.Errorf("item %q between paragraphs removed by %s", s, rule)
		}
	}
	doc = dump(append([]string{para1, para2, para3}, items...)...)
	if rule, _, _ := removedBy(t, n, doc, "Split view for diffs"); rule != ruleMenuRun {
		t.Errorf("the same lines below the article: removed by %q, want %s", rule, ruleMenuRun)
	}
}

// Code and console samples inside a tutorial are article content.
func TestClassifierCode(t *testing.T) {
	n := newNormalizer(t)
	doc := dump(
		"Home", "Blog", "Tutorials",
		"Python allows you to specify that a function argument is optional by providing a default value for it, and this is a great feature of the language that can lead to confusion.",
		"Consider the following example:",
		">>> def foo(bar=[]): ... bar.append(\"baz\") ... return bar",
		">>> foo() [\"baz\"] >>> foo() [\"baz\", \"baz\"]",
		"The more advanced answer is that the default value for a function argument is only evaluated once, at the time the function is defined, and is shared by every call.",
		"import sys def bar(i): if i == 1: raise KeyError(1) if i == 2: raise ValueError(2)",
		"One way to avoid this issue is to keep a reference to the exception object outside the scope of the except block, so that it remains accessible.",
		"Tags", "Python", "Subscribe",
	)
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{">>> def foo(bar=[])", ">>> foo() [\"baz\"]", "import sys def bar(i)", "Consider the following example:"} {
		if !strings.Contains(rec.Text, s) {
			t.Errorf("code line %q lost; text:\n%s", s, rec.Text)
		}
	}
	if strings.Contains(rec.Text, "Subscribe") {
		t.Errorf("footer kept:\n%s", rec.Text)
	}
}

// A tutorial: commands, their output and a config sample between
// lead-ins thin in stop words are the article, down to its last step.
func TestClassifierTutorial(t *testing.T) {
	n := newNormalizer(t)
	doc := dump(
		"Docs", "Blog", "Pricing",
		"Getting started with the CLI",
		"In this tutorial you will install the command-line tool, create a project and deploy it. It takes about ten minutes.",
		"Install", "Run the installer with npm:", "npm install -g acme-cli",
		"Check that it works:", "$ acme --version", "acme/4.2.1 linux-x64 node-v20.11.0",
		"Create a project", "acme init my-app", "cd my-app",
		"The init command writes a config file, acme.json, with sensible defaults:",
		`{ "name": "my-app", "region": "eu-west-1" }`,
		"Deploy", "acme deploy --prod",
		"When the deploy finishes, the CLI prints the URL of your app. Open it in a browser to check that everything works.",
		"Was this page helpful?", "Yes", "No", "© 2026 Acme Inc.",
	)
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"$ acme --version", "acme init my-app", "with sensible defaults:", `"region": "eu-west-1"`, "acme deploy --prod", "When the deploy finishes"} {
		if !strings.Contains(rec.Text, s) {
			t.Errorf("tutorial line %q lost; text:\n%s", s, rec.Text)
		}
	}
	if strings.Contains(rec.Text, "Pricing") || strings.Contains(rec.Text, "Was this page helpful?") {
		t.Errorf("furniture kept:\n%s", rec.Text)
	}
}

// An inline box of related stories inside an article does not end it;
// a heading of related stories after the article does.
func TestClassifierEndMarker(t *testing.T) {
	n := newNormalizer(t)
	inline := dump(para1, "Related", "Trump calls for investigation of Democrats", para2, para3, para1+" Again.", para2+" Again.")
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(inline)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.Text, para3) || !strings.Contains(rec.Text, para2+" Again.") {
		t.Errorf("article after an inline related box lost:\n%s", rec.Text)
	}
	end := dump(para1, para2, para3, "Ähnliche Artikel",
		"Der Bundestag debattiert über die Grundrente. Die Koalition hat sich nach langem Streit auf einen Kompromiss geeinigt.",
		"Weiterlesen",
		"Die Bahn erhöht die Preise im Fernverkehr zum Fahrplanwechsel um durchschnittlich zwei Prozent.")
	if rule, _, _ := removedBy(t, n, end, "Der Bundestag debattiert"); rule != ruleEnd && rule != ruleHeading {
		t.Errorf("teaser below a related heading: removed by %q, want %s", rule, ruleEnd)
	}
}

// Lines a page repeats are furniture; the article is not.
func TestClassifierPageRepeats(t *testing.T) {
	n := newNormalizer(t)
	doc := dump("Company Town", "Headline one about business", para1, para2, "Company Town",
		"Diversity among Hollywood directors improves", "Company Town", "Rothman Brecher agency signs franchise agreement")
	if rule, _, _ := removedBy(t, n, doc, "Company Town"); rule != ruleInPage {
		t.Errorf("repeated label removed by %q, want %s", rule, ruleInPage)
	}
	if _, _, kept := removedBy(t, n, doc, para2); !kept {
		t.Errorf("article paragraph removed")
	}
}

func TestClassifierNoProse(t *testing.T) {
	n := newNormalizer(t)
	// Without a line of prose the classifier keeps everything: when
	// unsure, keep.
	doc := "Ingredients\n\n8-9 ripe pears, cored and peeled\n\n1 tsp cinnamon\n\nInstructions"
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Removed) != 0 {
		t.Errorf("removed %+v", rec.Removed)
	}
}

// The classifier works on a German page as on an English one: the
// language is detected, menus go, the article stays.
func TestClassifierGerman(t *testing.T) {
	n := newNormalizer(t)
	doc := dump("Politik", "Gesellschaft", "Wirtschaft", "Kultur", "Wissen", "Digital", "Campus", "Sport", "Mobilität",
		"Klimaschutz: Bohren, bis es heiß wird",
		"Von Heike Buchter",
		"19. Oktober 2019, 19:08 Uhr",
		"Touristen und Börsenhändler waren überrascht, als sich plötzlich mit Kunstblut besudelte Gestalten auf das Pflaster vor der New Yorker Börse warfen. Die Klimaaktivisten wollten damit auf die Verbindung zwischen der Wall Street und der Klimakrise aufmerksam machen.",
		"Weltweit finanzieren Banken und Investoren Unternehmungen, die dem Klima schaden, und sie tun es oft mit dem Geld ihrer Kunden, die davon nichts wissen.",
		"Das könnte Sie auch interessieren",
		"Die Ölkonzerne und das Klima",
		"Impressum", "Datenschutz", "Cookies & Tracking")
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Language == nil || *rec.Language != "de" {
		t.Fatalf("language %v, want de", rec.Language)
	}
	for _, s := range []string{"Touristen und Börsenhändler", "Weltweit finanzieren Banken"} {
		if !strings.Contains(rec.Text, s) {
			t.Errorf("article lost %q:\n%s", s, rec.Text)
		}
	}
	for _, s := range []string{"Gesellschaft", "Mobilität", "Das könnte Sie auch", "Impressum", "Von Heike Buchter"} {
		if strings.Contains(rec.Text, s) {
			t.Errorf("furniture %q kept:\n%s", s, rec.Text)
		}
	}
	if !slices.Equal(rec.Authors, []string{"Heike Buchter"}) {
		t.Errorf("authors %q", rec.Authors)
	}
	if rec.Published == nil || *rec.Published != "2019-10-19" {
		t.Errorf("published %v, want 2019-10-19", rec.Published)
	}
}

// A label the page shows again in a tag block below the article (a
// recipe's difficulty) stands between the ingredients and the steps: it
// goes, but the list above it is the article's. The same label repeated
// next to the other furniture above the article says nothing about the
// list, which then is the article's edge as before.
func TestClassifierRepeatedLabelInArticle(t *testing.T) {
	n := newNormalizer(t)
	ingredients := []string{"Ingredients", "200 g flour", "100 g sugar", "2 eggs", "1 pinch of salt", "Cling film", "45 minutes (plus 60 minutes resting)"}
	tags := []string{"Categories and tags", "vegetarian", "Cakes and baking", "sweet", "easy", "Share", "Print"}
	page := func(top ...string) string {
		lines := append(append([]string{}, top...), para1)
		lines = append(append(lines, ingredients...), "easy", "1.", para2)
		return dump(append(lines, tags...)...)
	}
	doc := page("Recipes", "Cakes")
	for _, s := range []string{"200 g flour", "Cling film", "45 minutes (plus 60 minutes resting)"} {
		if rule, _, kept := removedBy(t, n, doc, s); !kept {
			t.Errorf("ingredient %q before a repeated label removed by %s", s, rule)
		}
	}
	if rule, _, _ := removedBy(t, n, doc, "easy"); rule != ruleInPage {
		t.Errorf("repeated label removed by %q, want %s", rule, ruleInPage)
	}
	// The label's other occurrence is above the article, among the menu:
	// not a tag block below, so the label anchors the smoothing.
	doc = page("Recipes", "easy", "Cakes")
	if _, _, kept := removedBy(t, n, doc, "Cling film"); kept {
		t.Errorf("ingredient kept though the repeated label is also in the menu above")
	}
}

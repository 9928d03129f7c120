package normalize

import (
	"strings"
	"testing"
)

// Lines quoted from dev-set pages (real comments, teaser lists and
// articles); negatives are article lines that must not be taken for
// furniture.
func TestStampLine(t *testing.T) {
	yes := []string{
		"November 19, 2019 at 6:34 am",
		"2 days ago at 07:50 am",
		"32M ago",
		"Tuesday November 19, 2019",
		"by Surur on November 19, 2019",
		"Posted 4 hours ago",
		"- November 20, 2019, 10:54 am",
		"Cherie McCluney August 17, 2019 - 2:19 pm",
		"Nov 19, 2019 at 9:08 GMT1 day ago",
	}
	no := []string{
		"June 30 – Wantagh, NY @ Northwell Health at Jones Beach Theater",
		"2. Never urged Ukraine to investigate Joe Biden",
		"The 55-year-old is the third Beijing resident to contract the medieval disease.",
		"Chargers are on the clock!",
		"1 tsp ground ginger",
		"Ingredients",
	}
	for _, s := range yes {
		if !stampLine(newLineInfo(s)) {
			t.Errorf("stampLine(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if stampLine(newLineInfo(s)) {
			t.Errorf("stampLine(%q) = true, want false", s)
		}
	}
}

func TestCommentMarker(t *testing.T) {
	yes := []string{"thelastchargersfan says:", "Bob. Just Bob. says:", "Rating: 25 Votes", "Reply", "12 points"}
	no := []string{"In a statement, the company said:", "Like many others, he left.", "Rating agencies cut the outlook"}
	for _, s := range yes {
		if !commentMarker(newLineInfo(s)) {
			t.Errorf("commentMarker(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if commentMarker(newLineInfo(s)) {
			t.Errorf("commentMarker(%q) = true, want false", s)
		}
	}
}

// furnitureHeading is lowerHeading of a line as written.
func furnitureHeading(s string, headings headingSet) bool {
	return lowerHeading(strings.ToLower(s), countWords(s), headings)
}

func TestFurnitureHeading(t *testing.T) {
	n := newNormalizer(t)
	hs := newHeadingSet(n.rules.cls.FurnitureHeadings)
	yes := []string{"More in Trump Impeachment Inquiry", "34 comments", "Leave a Reply", "Most read in world news", "Read these next", "You may also like:", "Trending Now"}
	no := []string{"Related coverage of the Senate vote was delayed by two hours", "Popular uprising in Chile", "Moreover, the mayor said", "Trendy cafés close", "3 things to know"}
	for _, s := range yes {
		if !furnitureHeading(s, hs) {
			t.Errorf("furnitureHeading(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if furnitureHeading(s, hs) {
			t.Errorf("furnitureHeading(%q) = true, want false", s)
		}
	}
}

func TestAuthorBio(t *testing.T) {
	n := newNormalizer(t)
	roles := n.rules.cls.BioRoles
	yes := []string{
		"Julius is an LA Entertainment Reporter for Fox News.",
		"Meg James is a corporate media reporter for the Los Angeles Times.",
		"Brigit Katz is a freelance writer based in Toronto. Her work has appeared in a number of publications.",
		"Follow her on Twitter @jdoe",
		// a contact in parentheses between the name and the verb
		"Jane Doe (@janedoe) is a contributing writer at Example Weekly and hosts a podcast.",
		"Max Muster (max@example.org) is the editor of the Example Review.",
	}
	no := []string{
		"John Smith (right) is a former reporter who testified on Tuesday.",
		"Jane Doe (@janedoe) is a fan of the team, she wrote on Tuesday.",
		"Volker is a former special envoy to Ukraine who testified on Tuesday.",
		"The report claims the display size will remain 13.3 inches.",
		"Smith is a reporter's nightmare, the coach joked.",
		"Follow the money, the senator said, and you will find the answer.",
	}
	for _, s := range yes {
		if !authorBio(newLineInfo(s), roles) {
			t.Errorf("authorBio(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if authorBio(newLineInfo(s), roles) {
			t.Errorf("authorBio(%q) = true, want false", s)
		}
	}
}

// commentsPage is an article followed by reader comments, shaped like
// the dev set's comment sections (name, stamp, text).
func commentsPage() string {
	var b strings.Builder
	b.WriteString("Chargers coach says the team needed to win\n\nBy Jane Doe\n\n")
	b.WriteString(para1 + "\n\n" + para2 + "\n\n" + para1 + " " + para2 + "\n\n")
	b.WriteString("34 responses\n\n")
	for _, c := range []string{"joetoronto", "theprocess12", "v2787", "margoadams"} {
		b.WriteString(c + " says:\n\nNovember 19, 2019 at 6:44 am\n\n")
		b.WriteString("It's time for both fans to come to grips with reality, it's over yet again and the season is lost for everyone involved.\n\n")
	}
	return b.String()
}

func TestFurnitureDetectors(t *testing.T) {
	n := newNormalizer(t)
	doc := commentsPage()
	if rule, why, _ := removedBy(t, n, doc, "joetoronto says:"); rule != ruleComments || !strings.Contains(why, "reader comments") {
		t.Errorf("comment name line: rule %q (%s), want %s", rule, why, ruleComments)
	}
	if rule, _, _ := removedBy(t, n, doc, "It's time for both fans"); rule != ruleComments && rule != ruleContext {
		t.Errorf("comment text: rule %q, want it removed", rule)
	}
	if _, _, kept := removedBy(t, n, doc, para2); !kept {
		t.Errorf("article paragraph removed")
	}
	// Article lines with dates in them, one per paragraph, are not a
	// stamp cluster: with no comment, nothing but the page is left.
	live := "Live: the vote\n\n" + strings.Repeat("November 19, 2019 at 6:44 am\n\n"+para1+"\n\n"+para2+"\n\n", 3)
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(live)})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(rec.Text, para1) != 3 {
		t.Errorf("live blog lost paragraphs:\n%s", rec.Text)
	}
}

// TestNamedBio: a bio box at the article's end, a name alone on a line
// and a sentence about that person, is furniture; a sub-heading naming a
// topic, and a list of several people, are the article's.
func TestNamedBio(t *testing.T) {
	n := newNormalizer(t)
	for _, c := range []struct{ name, bio string }{
		{"Anna Kowalska", "Anna joined Example Energy News in 2015. She has been reporting on wind and solar power since 2009."},
		{"Jane Q. Doe", "Jane Q. Doe is an educator, speaker and the founder of Example Academy, where she teaches marketing."},
		{"Max Mustermann", "Mustermann schreibt seit 2012 über Verkehrspolitik und lebt mit seiner Familie in Leipzig."},
		{"Marie Dupont", "Marie Dupont est journaliste indépendante et travaille depuis dix ans sur les questions agricoles."},
	} {
		doc := dump("A long article about policy", para1, para2, para3, c.name, c.bio, "Related stories")
		for _, s := range []string{c.name, c.bio} {
			if rule, _, _ := removedBy(t, n, doc, s); rule != ruleBio {
				t.Errorf("%q: rule %q, want %s", s, rule, ruleBio)
			}
		}
		if _, _, kept := removedBy(t, n, doc, para3); !kept {
			t.Errorf("article paragraph removed next to bio %q", c.name)
		}
	}
	// Not bios: a topic's sub-heading (one word, capitals, a stop word),
	// a sentence that is not about the name, two profiles on a page, and
	// a profile that opens the article with its subject's name.
	for _, doc := range []string{
		dump("Cities of the coast", para1, "Emden", "Emden is a port town in the north-west of Germany, known for its harbour and museums.", para2),
		dump("A language guide", para1, "HISTALP Data", "HISTALP Data is a collection of climate series that reach back to the eighteenth century.", para2),
		dump("A language guide", para1, "About Python", "Python is an interpreted, high-level programming language with dynamic semantics and rich types.", para2),
		dump("The race", para1, "Jane Doe", "The mayor said the new rules would take effect in March, after a vote by the council.", para2),
		dump("Ten people to watch", para1, "Jane Doe", "Jane Doe is a chemist who built a cheaper battery from salt and iron in her garage.", para2,
			"John Roe", "John Roe is an engineer whose bridge design cut the cost of river crossings by half.", para3),
		dump("Home", "People", "Maria Gonzalez", "Maria Gonzalez is a nurse who has worked nights at the county hospital for twenty years, and she has seen the ward change.",
			para1, para2, para3),
	} {
		rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rec.Removed {
			if r.Rule == ruleBio {
				t.Errorf("%q removed as a bio (%s) on page:\n%s", r.Text, r.Why, doc)
			}
		}
	}
}

package normalize

import (
	"strings"
	"testing"
)

// A table of contents and the sub-headings it names are article
// content, in any language: the structure decides, not the words.
func TestTableOfContentsKept(t *testing.T) {
	n := newNormalizer(t)
	for _, tc := range []struct {
		name      string
		doc       string
		kept      []string
		furniture []string
	}{{
		name: "how-to",
		doc: dump(
			"Home", "Guides", "Kitchen",
			"How to Descale a Kettle With Vinegar",
			"Limescale builds up quickly in hard-water areas, and a furred kettle takes longer to boil and leaves flakes in your tea. Here is the simplest way to clean it.",
			"Contents", "What you need", "Step by step", "How often to descale",
			"What you need", "White vinegar", "Water", "A soft sponge",
			"Step by step",
			"Fill the kettle halfway with equal parts vinegar and water, bring it to the boil and then leave it to stand for an hour.",
			"Pour the solution away, scrub any remaining spots with the sponge and rinse the kettle well before you use it again.",
			"How often to descale",
			"Once a month is enough for most homes; in very hard-water areas you may need to do it every two weeks or so.",
			"Related guides", "How to clean an oven", "How to unblock a sink",
			"About us", "Contact", "Privacy policy",
		),
		kept:      []string{"Contents", "What you need\n\nWhite vinegar", "Step by step\n\nFill the kettle", "How often to descale\n\nOnce a month", "A soft sponge"},
		furniture: []string{"Related guides", "How to unblock a sink", "Privacy policy"},
	}, {
		name: "german",
		doc: dump(
			"Startseite", "Ratgeber",
			"Die Geschichte der Flößerei auf dem Rhein ist älter, als viele denken, und sie hat die Städte am Fluss über Jahrhunderte geprägt.",
			"Inhalt:", "Holz für die Niederlande", "Das Leben auf dem Floß",
			"Holz für die Niederlande",
			"Im 17. Jahrhundert brauchten die Niederlande große Mengen Holz für ihre Schiffe und für die Pfähle, auf denen ihre Städte stehen.",
			"Das Leben auf dem Floß",
			"Auf einem großen Floß lebten und arbeiteten mehrere hundert Menschen, die mit dem Holz wochenlang den Fluss hinunter fuhren.",
			"Impressum", "Datenschutz",
		),
		kept:      []string{"Inhalt:", "Holz für die Niederlande\n\nIm 17. Jahrhundert", "Das Leben auf dem Floß\n\nAuf einem großen Floß"},
		furniture: []string{"Impressum", "Datenschutz"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(tc.doc)})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.kept {
				if !strings.Contains(rec.Text, s) {
					t.Errorf("article %q lost; text:\n%s", s, rec.Text)
				}
			}
			for _, s := range tc.furniture {
				if strings.Contains(rec.Text, s) {
					t.Errorf("furniture %q kept; text:\n%s", s, rec.Text)
				}
			}
		})
	}
}

// Lines a page repeats without the structure of a table of contents
// stay furniture: headlines listed in a box and two of them given again
// as teasers inside the article; two given again side by side; a menu
// above and below the article.
func TestNotTableOfContents(t *testing.T) {
	n := newNormalizer(t)
	headlines := []string{"Stocks slide as oil prices jump", "Storm closes schools across the state",
		"Team wins the cup after extra time", "New bridge opens to traffic", "Mayor announces budget cuts"}
	doc := dump(append(append(headlines,
		para1, headlines[1], para2, headlines[2], para3),
		"Home", "News", "Sport", "Weather")...)
	for _, s := range headlines[1:3] {
		if rule, _, _ := removedBy(t, n, doc, s); rule != ruleInPage {
			t.Errorf("teaser %q given twice: removed by %q, want %s", s, rule, ruleInPage)
		}
	}
	// Two headlines under a heading, and the same two side by side
	// between paragraphs: their sections would be empty.
	doc = dump("Most read", headlines[0], headlines[1], para1, headlines[0], headlines[1], para2, para3)
	if rule, _, _ := removedBy(t, n, doc, headlines[0]); rule != ruleInPage {
		t.Errorf("teaser %q given twice side by side: removed by %q, want %s", headlines[0], rule, ruleInPage)
	}
	menu := []string{"Home", "News", "Sport", "Weather"}
	doc = dump(append(append(menu, para1, para2, para3), menu...)...)
	if rule, _, _ := removedBy(t, n, doc, "Weather"); rule == "" {
		t.Errorf("menu given above and below the article kept")
	}
}

package normalize

import (
	"github.com/quire-archive/quire/internal/lang"
	"strings"
	"testing"
)

// Lines quoted from the dev set (real pages), with the class the
// classifier must give them.
func TestClassifyLine(t *testing.T) {
	n := newNormalizer(t)
	tests := []struct {
		line string
		want lineClass
	}{
		// good: running text
		{"The FBI is joining the investigation into recent racist and anti-Semitic incidents at Syracuse University, the school said in a statement on Monday night.", cGood},
		// near-good: a short paragraph, or a lead dense with names
		{"DUBAI, United Arab Emirates — Dubai's flagship carrier Emirates Airline finalized a deal to purchase 50 Airbus A350 jets at the Dubai Airshow.", cNearGood},
		{"Trump also said he was not aware of Session's meeting with the Russian ambassador.", cNearGood},
		// short: menu items, labels, link titles
		{"Markets", cShort},
		{"Follow CNN Business", cShort},
		{"Investors don't seem to know what to make of the US-China trade war", cShort},
		// bad: long, but not prose
		{"Tested by: John Milbank RRP: 49.95 Euro (£40) More info: www.earbooks.net/en | Bike & Style", cShort}, // headline-shaped
		{"7 tackles, 3 assists (10 combined). 1 sack, 2 TFL, 2 QH, 2 INT, 4 passes defended.", cBad},
	}
	for _, tt := range tests {
		li := newLineInfo(tt.line)
		if got := n.measure(li, lang.Lang("en").Stopwords()); got.class != tt.want {
			t.Errorf("%q: got %s (density %.2f), want %s", tt.line, got.class, got.density(), tt.want)
		}
	}
}

// removedBy returns the rule that removed the line containing s, or "".
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
)

func TestClassifierZones(t *testing.T) {
	n := newNormalizer(t)
	menu := "Markets\n\nTech\n\nMedia\n\nPremarkets\n\nDow 30\n\nAfter-Hours\n\nMarket Movers\n\nFear & Greed\n\n"
	head := "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence\n\nBy Jill Disis, CNN Business\n\n"
	foot := "\n\nPrivacy Overview\n\nNecessary Always Enabled\n\nTweets by @EvenMoreBikes"
	doc := menu + head + para1 + "\n\nWhat happens next\n\n" + para2 + foot
	for _, tt := range []struct {
		line, rule string
	}{
		{"Fear & Greed", ruleContext},
		{"Premarkets", ruleContext},
		{"Tweets by @EvenMoreBikes", ruleContext},
		{"Privacy Overview", ruleContext},
		// kept: title, byline, a subheading between paragraphs, prose
		{"Sessions Chooses Recusal, Despite Trump's 'Total' Confidence", ""},
		{"By Jill Disis, CNN Business", ""},
		{"What happens next", ""},
		{para2, ""},
	} {
		rule, why, kept := removedBy(t, n, doc, tt.line)
		if rule != tt.rule || (tt.rule == "" && !kept) {
			t.Errorf("%q: removed by %q (%s), kept %v; want rule %q", tt.line, rule, why, kept, tt.rule)
		}
		if rule != "" && !strings.Contains(why, "stop-word density") {
			t.Errorf("%q: why %q names no reason", tt.line, why)
		}
	}
	rec, _ := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if rec.Title == nil || *rec.Title != "Sessions Chooses Recusal, Despite Trump's 'Total' Confidence" {
		t.Errorf("title %v", rec.Title)
	}
}

func TestClassifierMenuRun(t *testing.T) {
	n := newNormalizer(t)
	run := "Home\nWorld\nUS Politics\nBusiness\nHealth\nEntertainment\nTech\nStyle\nTravel\n"
	doc := para1 + "\n\n" + run + "\n" + para2
	if rule, why, _ := removedBy(t, n, doc, "US Politics"); rule != ruleMenuRun || !strings.Contains(why, "short lines, mean stop-word density") {
		t.Errorf("menu inside the body: rule %q why %q", rule, why)
	}
	// A short list of items between paragraphs is content.
	list := "Blue Origin, Kent, Washington\nCeres Robotics, Palo Alto, California\nSpaceX, Hawthorne, California\n"
	doc = para1 + "\n\n" + list + "\n" + para2
	if rule, _, kept := removedBy(t, n, doc, "SpaceX, Hawthorne, California"); rule != "" || !kept {
		t.Errorf("short list inside the body removed by %q", rule)
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

func TestBodyRangeStable(t *testing.T) {
	p := &newNormalizer(t).rules.cls
	f := func(runes int, c lineClass) features {
		x := features{runes: runes, class: c}
		x.score = x.bodyScore(p)
		return x
	}
	fs := []features{f(10, cShort), f(300, cGood), f(10, cShort), f(250, cGood), f(8, cShort), f(8, cShort)}
	s, e, ok := bodyRange(fs, p)
	if !ok || s != 1 || e != 3 {
		t.Fatalf("got %d..%d %v, want 1..3", s, e, ok)
	}
	if s, e, _ := bodyRange(fs[1:4], p); s != 0 || e != 2 {
		t.Errorf("body alone: got %d..%d, want the whole", s, e)
	}
	if _, _, ok := bodyRange([]features{f(10, cShort)}, p); ok {
		t.Errorf("no prose: want no body")
	}
}

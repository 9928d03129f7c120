package normalize

import (
	"github.com/quire-archive/quire/internal/lang"
	"strings"
	"testing"
)

// Lines quoted from dev-set pages: what may follow an article's body and
// still be the article (tail.go), and look-alikes that are furniture.

func TestTailItem(t *testing.T) {
	n := newNormalizer(t)
	p := &n.rules.cls
	yes := []string{
		"Hundreds of cool erotic tasks that will make your sex life fuller and more interesting",
		"Dozens of tricky questions that will help to know each other better",
		"Challenges that need to be performed within a week, even after the game is over",
	}
	no := []string{
		"Click to email this to a friend (Opens in new window)", // a call to action
		"Click to print (Opens in new window)",
		"Keep an eye on your inbox for the latest sports news.", // a sentence: a promo, not an item
		"Apple Watch Series 3 GPS",                              // names: too few stop words
		"15 Amazing Images of Stars",
		"Apple AirPods",
		"November 19, 2019 at 6:34 am",
	}
	for _, s := range yes {
		li := newLineInfo(s)
		if !tailItem(li, n.measure(li, lang.Lang("en").Stopwords()), p) {
			t.Errorf("tailItem(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		li := newLineInfo(s)
		if tailItem(li, n.measure(li, lang.Lang("en").Stopwords()), p) {
			t.Errorf("tailItem(%q) = true, want false", s)
		}
	}
}

func TestTweetCredit(t *testing.T) {
	yes := []string{"— Rep. Ilhan Omar (@Ilhan) November 19, 2019", "— 9to5Mac.com (@9to5mac) November 4, 2019"}
	no := []string{"— Jane Doe, November 19, 2019", "Follow @BGRDeals on Twitter to keep up with the latest deals 2019",
		"— a reader (@home) wrote this on a long afternoon in the park with friends and family members 2019"}
	for _, s := range yes {
		if !tweetCredit(newLineInfo(s)) {
			t.Errorf("tweetCredit(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if tweetCredit(newLineInfo(s)) {
			t.Errorf("tweetCredit(%q) = true, want false", s)
		}
	}
}

func TestGalleryCounter(t *testing.T) {
	yes := []string{"Image 1 of 1", "1 / 1", "Image 3 of 12"}
	no := []string{"Image 1 of / 1x", "One of the best", "2 of the players scored", "Back to Gallery"}
	for _, s := range yes {
		if !galleryCounter(newLineInfo(s)) {
			t.Errorf("galleryCounter(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if galleryCounter(newLineInfo(s)) {
			t.Errorf("galleryCounter(%q) = true, want false", s)
		}
	}
}

// tailPage is an article, then what follows it, then furniture.
func tailPage(after ...string) string {
	para := "The council approved the plan on Tuesday after a long debate, and the mayor said that the work on the new bridge would begin in the spring if the money arrives in time for it."
	lines := []string{"City approves new bridge plan", "By Jane Doe", para, para + " It was the third vote on the matter this year.", para}
	lines = append(lines, after...)
	lines = append(lines, "Most Popular", "1", "Fire damages club in Albany", "2", "Best pizza of the region", "Privacy Policy", "Terms of Use")
	return strings.Join(lines, "\n\n") + "\n"
}

func TestTailShapes(t *testing.T) {
	n := newNormalizer(t)
	items := []string{"What you get:",
		"Hundreds of new tasks that will make the evening more interesting",
		"Dozens of tricky questions that will help you to know each other better",
		"A large variety of games and puzzles for all of the family",
		"Challenges that need to be done within a week, even after the game is over"}
	cap := "New York Islanders' Brock Nelson (29) puts the game-winning overtime goal behind Pittsburgh Penguins goaltender Tristan Jarry"
	note := []string{cap, cap, "Photo: Gene J. Puskar", "Photo: Gene J. Puskar", "Image 1 of / 1", "Caption", "Image 1 of 1",
		cap, cap, "Photo: Gene J. Puskar", "Nelson's OT goal lifts Isles", "1 / 1", "Back to Gallery",
		"Note: The captain was ejected for spitting on an opponent and now the winger may have to sit out a game or more, the league said in a statement on Wednesday night."}
	tweet := []string{"Who are we as a nation if we respond to threats of political retribution with retribution ourselves?",
		"— Rep. Jane Roe (@janeroe) November 19, 2019"}
	promo := []string{"Click to email this to a friend (Opens in new window)", "Click to print (Opens in new window)",
		"Click to share on Reddit (Opens in new window)", "Click to share on Tumblr (Opens in new window)"}
	noGallery := []string{"The Newsletter", "Get highlights of the most important news delivered to your email inbox",
		"Most recent newsletter", "Comment on this article",
		"The magazine moderates comments to facilitate an informed, substantive, civil conversation about the research developments we cover."}
	for _, c := range []struct {
		name       string
		after      []string
		kept, gone []string
	}{
		{"items", items, items, nil},
		{"note below a gallery", note, note[len(note)-1:], note[2 : len(note)-1]},
		{"tweet", tweet, tweet, nil},
		{"calls to action", promo, nil, promo},
		{"note without a gallery", noGallery, nil, noGallery},
	} {
		rec, err := n.Normalize(Input{ID: "t", Name: "t.txt", Data: []byte(tailPage(c.after...))})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range c.kept {
			if !strings.Contains(rec.Text, s) {
				t.Errorf("%s: %q removed, want it kept", c.name, s)
			}
		}
		for _, s := range c.gone {
			if strings.Contains(rec.Text, s) {
				t.Errorf("%s: %q kept, want it removed", c.name, s)
			}
		}
		if strings.Contains(rec.Text, "Privacy Policy") || strings.Contains(rec.Text, "Fire damages") {
			t.Errorf("%s: furniture after the tail kept:\n%s", c.name, rec.Text)
		}
	}
}

// Teasers whose headline runs into their lead (teaser.go), and prose
// with names that look glued.
func TestGluedTeaser(t *testing.T) {
	yes := []string{
		"Indian-origin man pleads guilty to fraud scheme in US NEW YORK: An Indian-origin man has pleaded guilty",
		"Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left without paying a bill",
		"Michigan To Mail Redistricting Panel Applications To 250,000The state of Michigan will mail applications",
		"DNR Seeks Tips About Bull Elk Poached In Northern MichiganMichigan Department of Natural Resources officers",
	}
	no := []string{
		"Apple first started replacing its proprietary MagSafe 2 connector with USB-C on MacBooks in 2015.",
		"Following the 16-inch MacBook Pro, Apple plans to release a new 13-inch MacBook Pro with a scissor switch",
		"The Doobie Brothers will unite with former frontman Michael McDonald for a 2020 North American tour",
		"WeWork’s 2025 bond has weakened sharply in the past week, hitting 16.057% on Monday, according to data.",
		"NEW DELHI: Home Minister Amit Shah said on Wednesday that internet services would be restored soon.",
		"The minister told reporters in the capital. NEW DELHI: officials later denied the report on Monday.",
	}
	for _, s := range yes {
		if !gluedTeaser(s, len([]rune(s))) {
			t.Errorf("gluedTeaser(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if gluedTeaser(s, len([]rune(s))) {
			t.Errorf("gluedTeaser(%q) = true, want false", s)
		}
	}
}

func TestGluedTeaserRun(t *testing.T) {
	n := newNormalizer(t)
	teasers := []string{
		"Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left without paying a bill",
		"Michigan To Mail Redistricting Panel Applications To 250,000The state of Michigan will mail applications",
		"DNR Seeks Tips About Bull Elk Poached In Northern MichiganMichigan Department of Natural Resources officers",
	}
	for _, c := range []struct {
		name string
		n    int
		gone bool
	}{{"three in a row", 3, true}, {"two", 2, false}} {
		page := tailPage() + "\n\n" + strings.Join(teasers[:c.n], "\n\n") + "\n"
		page = strings.Join(teasers[:c.n], "\n\n") + "\n\n" + page
		rec, err := n.Normalize(Input{ID: "t", Name: "t.txt", Data: []byte(page)})
		if err != nil {
			t.Fatal(err)
		}
		rule := ""
		for _, r := range rec.Removed {
			if r.Text == teasers[0] {
				rule = r.Rule
			}
		}
		if got := rule == ruleTeasers; got != c.gone {
			t.Errorf("%s: first teaser removed by %q, want teaser-list %v", c.name, rule, c.gone)
		}
	}
}

func TestTruncatedTitle(t *testing.T) {
	yes := []string{
		"Microsoft removes the safeguard hold for Windows 10 users with Realtek Bluetooth...",
		"Windows 10 1909(November 2019 Update) is now available via Windows 10 Update Ass...",
		"Cool 14″ and 15″ Lenovo Yoga C940 laptops with improved Alexa suppor…",
	}
	no := []string{
		"“We were going to win, and then...” he said, and stopped.",
		"And then, she said, the lights went out ...",
		"Wait for it...",
		"The list goes on: taxes, tariffs, fees, and so on.",
	}
	for _, s := range yes {
		if !truncatedTitle(s, countWords(s)) {
			t.Errorf("truncatedTitle(%q) = false, want true", s)
		}
	}
	for _, s := range no {
		if truncatedTitle(s, countWords(s)) {
			t.Errorf("truncatedTitle(%q) = true, want false", s)
		}
	}
}

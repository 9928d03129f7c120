package contrib

import (
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

// TestJunkIsNotAnArticle: a document with fewer than MinProseWords words
// of prose is an error (Q110), not a warning that add and build let
// through: punctuation, a flood of one character, a menu, a caption. A
// short article above the floor is only warned about (Q603).
func TestJunkIsNotAnArticle(t *testing.T) {
	seeds := loadSeeds(t)
	for _, tc := range []struct {
		name, data string
		junk       bool
	}{
		{"punctuation.txt", strings.Repeat("!?.,;:-- ... ''\n", 50), true},
		{"brackets.txt", strings.Repeat("[", 100000) + "\n", true},
		{"menu.txt", "Home\nNews\nSport\nWeather\nSign in\nSubscribe now\nContact us\nPrivacy policy and terms of use\n", true},
		{"caption.txt", "The mayor opens the new ferry terminal on Monday morning.\n", true},
		{"words.txt", strings.Repeat("word ", 400) + "\n", true},
		{"brief.txt", "Police arrested two men on Tuesday after a break-in at the town hall, the county said.\n\nBoth were released on bail and will appear in court next month, a spokesman for the police added.\n", false},
		// Chinese is counted by pairs of characters (lang.Count), not as
		// one word per run between punctuation: three sentences are an
		// article, one is a caption.
		{"chinese.txt", "市政府周二宣布，将在明年春天开始修复老桥。市长表示，工程预计持续两年，费用由市财政和省级基金共同承担。市议会将在下个月公布详细的施工计划和交通安排。\n", false},
		{"chinese-caption.txt", "市长周二在老桥前向记者介绍了修复工程的计划。\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChecker(t, seeds, nil)
			var rep report.Report
			if _, err := c.CheckDocument(&rep, tc.name, strings.NewReader(tc.data)); err != nil {
				t.Fatal(err)
			}
			got := codes(&rep)
			junk := has(&rep, report.NoProse) || has(&rep, report.NoText) || has(&rep, report.DocEmpty)
			if junk != tc.junk {
				t.Errorf("reported as junk: %v, want %v\n%s", junk, tc.junk, got)
			}
			if tc.junk && !rep.HasErrors() {
				t.Errorf("junk passes without an error:\n%s", got)
			}
		})
	}
}

package normalize

import (
	"regexp"
	"strings"
	"testing"
)

// The expressions the hand-written checks replace.
var (
	notHeadlineRE = regexp.MustCompile(`^(?i:by|posted|published|updated|last updated|written by)\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b`)
)

func shapeCases(t *testing.T) []string {
	cases := []string{
		"", "by", "By", "By Jane Doe", "by jane", "Byline", "By  Élodie Roux", "BY ÉLODIE", "by 3 people",
		"Written by Sam", "written bySam", "Posted by X", "Words by Y", "Story by Z", "Reporting by Q", "Reporting byQ",
		"Posted", "Posted: today", "Postedx", "published", "Published on", "Updated", "updatedness", "Last updated 3pm", "last  updated",
		"Nov 19, 2019", "November 19 2019", "Sept. 3, 2019", "Sep 3, 2019x", "on Nov 19, 20195", "xNov 19, 2019", "Nov 123, 2019",
		"Nov 1,  2019", "Nov. 1, 2019", "Novem. 1, 2019", "Mayday 5 2020", "May 5 2020 and", "Dec 31, 1999.", "Dec 31,1999",
		"2019-11-19", "a2019-11-19", "2019-11-199", "12019-11-19", "2019-1-19", "at 9:08 GMT", "19:08", "119:08", "9:089", "9:0", "x9:08",
		"ab 9:08", "é9:08", "Nov 19, 2019 at 9:08 GMT1 day ago", "The 10 best early Black Friday deals", "2019-11-19T10:00",
	}
	for _, d := range seedDocs(t) {
		c, err := Clean(d.data)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range c.Lines {
			cases = append(cases, l.Text)
		}
	}
	if dir := devsetDir(t); dir != "" {
		for _, d := range readDocs(t, dir+"/*.txt") {
			cases = append(cases, strings.Split(string(d.data), "\n")...)
		}
	}
	return cases
}

func TestShapesMatchExpressions(t *testing.T) {
	for _, s := range shapeCases(t) {
		if got, want := notHeadline(s), notHeadlineRE.MatchString(s); got != want {
			t.Errorf("notHeadline(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzShapes(f *testing.F) {
	f.Add("Nov 19, 2019 at 9:08")
	f.Add("By Jane")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := notHeadline(s), notHeadlineRE.MatchString(s); got != want {
			t.Errorf("notHeadline(%q) = %v, want %v", s, got, want)
		}
	})
}

func TestHasLower(t *testing.T) {
	for _, s := range []string{"", "ABC", "abc", "ÄÖÜ", "äöü", "NEW YORK:", "New York", "ß", "ǅ", "123 $%", "ΑΒΓ", "αβγ"} {
		if got, want := hasLower(s), strings.ToUpper(s) != s; got != want {
			t.Errorf("hasLower(%q) = %v, want %v", s, got, want)
		}
	}
}

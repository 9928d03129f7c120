package normalize

import (
	"slices"
	"strings"
	"testing"
)

// Date lines as pages write them, in the languages of the month names:
// the first publication date, never an update, never a guess.
func TestDateLine(t *testing.T) {
	m := &newNormalizer(t).rules.meta
	tests := []struct {
		line string
		date string // "" with ok: a date line that gives only a date of change
		ok   bool
	}{
		{"March 14, 2024", "2024-03-14", true},
		{"Published 11:11 PM EST Nov 19, 2019", "2019-11-19", true},
		{"Tuesday, November 19, 2019", "2019-11-19", true},
		{"Nov 18, 2019 @17:19 PM · Updated: Nov 18, 2019 @17:26 PM", "2019-11-18", true},
		{"Updated June 2, 2024 at 3:10 p.m.", "", true},
		{"Mon 18 Nov 2019 18.54 GMT Last modified on Mon 18 Nov 2019 19.27 GMT", "2019-11-18", true},
		{"2019-11-19", "2019-11-19", true},
		{"19. Oktober 2019, 19:08 Uhr", "2019-10-19", true},
		{"Veröffentlicht am 16.08.2019", "2019-08-16", true},
		{"Aktualisiert am 17.08.2019", "", true},
		{"Publié le 12 mars 2021", "2021-03-12", true},
		{"19 de octubre de 2019", "2019-10-19", true},
		{"16 marca 2021", "2021-03-16", true},
		{"5 ottobre 2020", "2020-10-05", true},
		{"13/11/2019", "2019-11-13", true}, // the day cannot be the month
		// not date lines
		{"11/12/2019", "", false},         // which is the month?
		{"Posted November 19", "", false}, // no year
		{"February 30, 2020", "", false},  // no such day
		{"The council met on March 14, 2024 to discuss the budget for the coming year and more.", "", false},
		{"Sessions Chooses Recusal, Despite Trump's 'Total' Confidence", "", false},
	}
	for _, tt := range tests {
		date, ok := m.dateLine(tt.line)
		if date != tt.date || ok != tt.ok {
			t.Errorf("dateLine(%q) = %q, %v; want %q, %v", tt.line, date, ok, tt.date, tt.ok)
		}
	}
}

// Bylines and the names they give, in order; lines that start like a
// byline but name nobody are not bylines.
func TestByline(t *testing.T) {
	m := &newNormalizer(t).rules.meta
	tests := []struct {
		line string
		want []string
	}{
		{"By Jane Doe", []string{"Jane Doe"}},
		{"By Mike Wuerthele and Malcolm Owen", []string{"Mike Wuerthele", "Malcolm Owen"}},
		{"By Jill Disis, CNN Business", []string{"Jill Disis"}},
		{"By Stefan Becket, Kathryn Watson, Grace Segers", []string{"Stefan Becket", "Kathryn Watson", "Grace Segers"}},
		{"By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER", []string{"LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"}},
		{"by Surur on November 19, 2019", []string{"Surur"}},
		{"By Meg JamesStaff Writer", []string{"Meg James"}},
		{"By Bryan DeArdo", []string{"Bryan DeArdo"}},
		{"Von Heike Buchter", []string{"Heike Buchter"}},
		{"Von Anna Schmidt und Jan de Vries", []string{"Anna Schmidt", "Jan de Vries"}},
		{"Par Jean Dupont", []string{"Jean Dupont"}},
		{"Por María López y Juan Pérez", []string{"María López", "Juan Pérez"}},
		{"Analysis by Chris Cillizza, CNN Editor-at-large", []string{"Chris Cillizza"}},
		// not bylines
		{"By clicking Subscribe you agree to our terms", nil},
		{"By 2030 the city wants to be carbon neutral", nil},
		{"Von der Leyen said the plan would go ahead next year after a vote of the council", nil},
		{"Jane Doe", nil},
	}
	for _, tt := range tests {
		if got := m.byline(tt.line); !slices.Equal(got, tt.want) {
			t.Errorf("byline(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

// A list that ends an article stays with it (tour dates below the last
// paragraph, then furniture).
func TestListEndsArticle(t *testing.T) {
	n := newNormalizer(t)
	doc := dump(para1, para2,
		"The Doobie Brothers 50th Anniversary Tour 2020 dates:",
		"June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL",
		"June 10 -- MIDFLORIDA Credit Union Amphitheatre, Tampa, FL",
		"June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA",
		"June 17 -- Bridgestone Arena, Nashville, TN",
		"June 19 -- PNC Music Pavilion, Charlotte, NC",
		"Facebook", "Twitter", "Email Me", "Magazine", "Archive", "Privacy Policy")
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(doc)})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"June 9 -- Coral Sky", "June 19 -- PNC Music Pavilion"} {
		if !strings.Contains(rec.Text, s) {
			t.Errorf("list item %q lost:\n%s", s, rec.Text)
		}
	}
	if strings.Contains(rec.Text, "Privacy Policy") {
		t.Errorf("footer kept:\n%s", rec.Text)
	}
}

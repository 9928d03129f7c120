package lang

import "testing"

func TestCount(t *testing.T) {
	en, de, zh := Lang("en").Stopwords(), Lang("de").Stopwords(), Lang("zh").Stopwords()
	for _, c := range []struct {
		line         string
		set          *Set
		units, stops int
	}{
		{"", en, 0, 0},
		{"The cat sat on the mat.", en, 6, 3},                      // the, on, the
		{"THE Cat", en, 2, 1},                                      // case does not matter
		{"Don’t worry — it's 2024!", en, 3, 2},                     // don't (curly), it's; "—" and "2024" are no words
		{"e-mail, COVID-19 and 10:30", en, 3, 1},                   // joined words; and; a time is no word
		{"News | Sport | Weather | Travel", en, 4, 0},              // a menu: no stop words
		{"Die Klimaaktivisten der Gruppe und die Börse", de, 7, 4}, // die, der, und, die
		{"ÜBER die Brücke", de, 3, 2},                              // über in upper case
		{"the the", nil, 2, 0},                                     // no set: units only
		{"我们的生活", zh, 3, 2},                                        // 5 characters = 3 units; 我们, 的 are stop words (3 chars)
		{"iPhone手机", zh, 2, 0},                                     // a word, then a run of two characters
		{"--- ... ///", en, 0, 0},
		{"a-", en, 1, 1},       // a trailing joiner is not part of the word
		{"'tis", en, 1, 0},     // nor a leading one
		{"x\xffthe", en, 2, 1}, // an invalid byte separates words
	} {
		u, s := Count(c.line, c.set)
		if u != c.units || s != c.stops {
			t.Errorf("Count(%q) = %d units, %d stops; want %d, %d", c.line, u, s, c.units, c.stops)
		}
		ub, sb := Count([]byte(c.line), c.set)
		if ub != u || sb != s {
			t.Errorf("Count([]byte(%q)) = %d, %d; the string gives %d, %d", c.line, ub, sb, u, s)
		}
	}
}

package normalize

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Metadata that is really there (docs/RULES.md, "Metadata"): a
// publication date from an explicit date line in the header area, and
// the authors from a byline. Nothing is guessed: a date must be written
// out in full (day, month and year), a name must look like a name, and a
// line that does not parse stays with the classifier's decision. The
// words these steps know (month names, the words that start a byline
// or mark an update, in English and the main European languages) are the
// "metadata" section of rules.json, so the rules version and sha256
// cover them.

// Rule ids of the metadata lines, as recorded in removed[].rule.
const (
	ruleByline   = "byline"
	ruleDateLine = "date-line"
)

// metadataParams are the word lists of the metadata steps (rules.json,
// section "metadata").
type metadataParams struct {
	// Months maps a lower-case month name or abbreviation, in any
	// language, to its number.
	Months map[string]int `json:"months"`
	// BylinePrefixes start a byline ("by", "von", "par", "por"), lower
	// case; a name must follow.
	BylinePrefixes []string `json:"byline_prefixes"`
	// NameJoiners join the names of a byline ("and", "und", "et", "&").
	NameJoiners []string `json:"name_joiners"`
	// NameParticles are lower-case words a name may hold ("von", "de").
	NameParticles []string `json:"name_particles"`
	// UpdateWords mark the date after them as a date of change, not of
	// first publication ("updated", "aktualisiert", "mis à jour").
	UpdateWords []string `json:"update_words"`
	// BylineWords is the most words a byline line may have.
	BylineWords int `json:"byline_words"`
	// DateLineWords is the most words a date line may have besides the
	// date itself.
	DateLineWords int `json:"date_line_words"`

	particles map[string]bool
	updates   [][]string // UpdateWords split into words
}

func (m *metadataParams) check() error {
	if len(m.Months) == 0 || len(m.BylinePrefixes) == 0 || len(m.NameJoiners) == 0 || len(m.UpdateWords) == 0 {
		return fmt.Errorf("metadata: months, byline_prefixes, name_joiners and update_words must not be empty")
	}
	for name, n := range m.Months {
		if n < 1 || n > 12 || name != strings.ToLower(name) || strings.ContainsAny(name, " .") {
			return fmt.Errorf("metadata: month %q: want a lower-case word without dots mapped to 1–12, got %d", name, n)
		}
	}
	if m.BylineWords <= 0 || m.DateLineWords <= 0 {
		return fmt.Errorf("metadata: byline_words and date_line_words must be positive")
	}
	m.particles = make(map[string]bool, len(m.NameParticles))
	for _, w := range m.NameParticles {
		m.particles[w] = true
	}
	m.updates = make([][]string, len(m.UpdateWords))
	for i, u := range m.UpdateWords {
		m.updates[i] = strings.Fields(u)
	}
	return nil
}

// dateFound is a date read from a line.
type dateFound struct {
	date    string // YYYY-MM-DD
	updated bool   // an update word comes before it in the line
}

// dateTokens splits a line into lower-case tokens for date reading:
// white space and commas separate; a trailing dot is kept as a token
// mark ("14." in German dates) by the caller's use of trimDot.
func dateTokens(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '|' || r == '·' || r == '•' || r == '(' || r == ')' || r == '@'
	})
	return f
}

// findDates returns the dates written out in full in s, in order: ISO
// (2019-11-19, with or without a time after "T"), day.month.year
// (19.11.2019), and forms with a month name in either order ("November
// 19, 2019", "19 November 2019", "19. November 2019", "19 de noviembre
// de 2019", "19 listopada 2019"). Slashed numbers (11/19/2019) are read
// only when the day cannot be the month. It also returns how many tokens
// of the line belong to no date or time.
func (m *metadataParams) findDates(s string) (dates []dateFound, other int) {
	toks := dateTokens(s)
	updated := false
	used := make([]bool, len(toks))
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if m.updateWord(toks, i) {
			updated = true
		}
		y, mo, d, n := 0, 0, 0, 0
		switch {
		case isoDate(t):
			y, mo, d, n = atoi(t[:4]), atoi(t[5:7]), atoi(t[8:10]), 1
		case dottedDate(t) > 0:
			y, mo, d = dottedDateParts(t)
			n = 1
		case slashedDate(t):
			a, b, c := slashedParts(t)
			switch {
			case a > 12 && b <= 12:
				d, mo, y, n = a, b, c, 1
			case b > 12 && a <= 12:
				mo, d, y, n = a, b, c, 1
			}
		default:
			y, mo, d, n = m.namedDate(toks[i:])
		}
		if n == 0 || !validDate(y, mo, d) {
			continue
		}
		for k := i; k < i+n; k++ {
			used[k] = true
		}
		dates = append(dates, dateFound{date: fmt.Sprintf("%04d-%02d-%02d", y, mo, d), updated: updated})
		i += n - 1
	}
	for i, t := range toks {
		if !used[i] && !timeToken(t) {
			other++
		}
	}
	return dates, other
}

// namedDate reads a date with a month name at the start of toks:
// "november 19 2019", "nov. 19 2019", "19 november 2019", "19. november
// 2019", "19 de noviembre de 2019", "tuesday november 19 2019" is read
// from "november". It returns the number of tokens used, 0 for none.
func (m *metadataParams) namedDate(toks []string) (y, mo, d, n int) {
	month := func(t string) int { return m.Months[strings.TrimSuffix(t, ".")] }
	day := func(t string) int {
		t = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(t, "."), "st"), "nd"), "rd"), "th")
		if digits(t) == len(t) && len(t) >= 1 && len(t) <= 2 {
			return atoi(t)
		}
		return 0
	}
	year := func(t string) int {
		t = strings.TrimSuffix(t, ".")
		if len(t) == 4 && digits(t) == 4 {
			return atoi(t)
		}
		return 0
	}
	skipDe := func(k int) int { // "de" between the parts of Spanish and Portuguese dates
		if k < len(toks) && (toks[k] == "de" || toks[k] == "del") {
			return k + 1
		}
		return k
	}
	if len(toks) >= 3 {
		if mo = month(toks[0]); mo > 0 {
			if d = day(toks[1]); d > 0 {
				if y = year(toks[2]); y > 0 {
					return y, mo, d, 3
				}
			}
		}
		if d = day(toks[0]); d > 0 {
			k := skipDe(1)
			if k < len(toks) {
				if mo = month(toks[k]); mo > 0 {
					k = skipDe(k + 1)
					if k < len(toks) {
						if y = year(toks[k]); y > 0 {
							return y, mo, d, k + 1
						}
					}
				}
			}
		}
	}
	return 0, 0, 0, 0
}

func (m *metadataParams) updateWord(toks []string, i int) bool {
	for _, w := range m.updates {
		if i+len(w) > len(toks) {
			continue
		}
		ok := true
		for k, x := range w {
			if strings.Trim(toks[i+k], ":.") != x {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func isoDate(t string) bool {
	if i := strings.IndexByte(t, 't'); i == 10 {
		t = t[:10] // 2019-11-19t14:35:08
	}
	return len(t) == 10 && digits(t) == 4 && t[4] == '-' && digits(t[5:]) == 2 && t[7] == '-' && digits(t[8:]) == 2
}

// dottedDate returns the length of a d.m.yyyy date at the start of t,
// 0 for none.
func dottedDate(t string) int {
	t = strings.TrimSuffix(t, ".")
	a := digits(t)
	if a < 1 || a > 2 || len(t) <= a || t[a] != '.' {
		return 0
	}
	b := digits(t[a+1:])
	if b < 1 || b > 2 || len(t) <= a+1+b || t[a+1+b] != '.' {
		return 0
	}
	rest := t[a+2+b:]
	if len(rest) != 4 || digits(rest) != 4 {
		return 0
	}
	return len(t)
}

func dottedDateParts(t string) (y, m, d int) {
	p := strings.Split(strings.TrimSuffix(t, "."), ".")
	return atoi(p[2]), atoi(p[1]), atoi(p[0])
}

func slashedDate(t string) bool {
	p := strings.Split(t, "/")
	return len(p) == 3 && len(p[0]) <= 2 && len(p[1]) <= 2 && len(p[2]) == 4 &&
		digits(p[0]) == len(p[0]) && digits(p[1]) == len(p[1]) && digits(p[2]) == 4 && p[0] != "" && p[1] != ""
}

func slashedParts(t string) (a, b, c int) {
	p := strings.Split(t, "/")
	return atoi(p[0]), atoi(p[1]), atoi(p[2])
}

// timeToken reports whether t is part of a time stamp or a date line's
// furniture: "14:35", "3:10", "p.m.", "am", "uhr", "est", "h", a day
// name, digits alone.
func timeToken(t string) bool {
	t = strings.Trim(t, ".:;-–—/")
	if t == "" || digits(t) == len(t) {
		return true
	}
	if i := strings.IndexAny(t, ":."); i > 0 && i <= 2 && digits(t) == i && digits(t[i+1:]) == 2 && len(t) == i+3 {
		return true // 9:08, 18.54
	}
	if dayNames[t] {
		return true
	}
	switch t {
	case "am", "pm", "a.m", "p.m", "uhr", "h", "gmt", "utc", "est", "edt", "cet", "cest", "pst", "pdt", "bst", "ist", "et", "pt":
		return true
	}
	return false
}

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && isDigit(s[i]); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// dateLine returns the first publication date of a date line: a line
// of at most DateLineWords words besides its dates and times, with at
// least one date written out in full ("November 19, 2019", "Updated June
// 2, 2024 at 3:10 p.m.", "Veröffentlicht am 16.08.2019"). ok is false for
// a line that is not a date line; date is "" for a date line that only
// gives a date of change.
func (m *metadataParams) dateLine(s string) (date string, ok bool) {
	if len(s) > 4*160 || !hasDigits(s, 4) || utf8.RuneCountInString(s) > 160 {
		return "", false // every full date has a year
	}
	dates, other := m.findDates(s)
	if len(dates) == 0 || other > m.DateLineWords {
		return "", false
	}
	for _, d := range dates {
		if !d.updated {
			return d.date, true
		}
	}
	return "", true
}

// byline returns the names of a byline, in order: "By Jane Doe and John
// Smith", "Von Heike Buchter", "Par Jean Dupont, à Paris", "By JILL
// DISIS, CNN Business" (the part after a comma that is not a name is an
// affiliation), "by Surur on November 19, 2019". It returns nil for a
// line that is not a byline or whose names do not read as names.
func (m *metadataParams) byline(s string) []string {
	if countWords(s) > m.BylineWords {
		return nil
	}
	rest := ""
	lower := strings.ToLower(s)
	for _, p := range m.BylinePrefixes {
		if strings.HasPrefix(lower, p) && len(s) > len(p) && (s[len(p)] == ' ' || strings.HasSuffix(p, ":")) {
			rest = strings.TrimSpace(s[len(p):])
			break
		}
	}
	if rest == "" {
		return nil
	}
	// The names end where a date, a time or a separator starts.
	for _, sep := range []string{" | ", " - ", " – ", " — ", " · ", " • ", " / ", "(", " on ", " am ", " le ", " el ", " il ", " op ", " updated", " published"} {
		if i := strings.Index(strings.ToLower(rest), sep); i > 0 {
			rest = rest[:i]
		}
	}
	parts := m.splitNames(rest)
	var names []string
	for k, p := range parts {
		p = unglue(strings.TrimSpace(strings.TrimRight(p, ".,;:")))
		if !m.nameShaped(p) {
			if k == 0 {
				return nil
			}
			break // an affiliation after the names: "CNN Business"
		}
		names = append(names, p)
	}
	return names
}

// splitNames splits the names of a byline at joiners and, when there is
// a joiner ("A, B and C") or three or more names ("A, B, C"), at commas;
// otherwise what follows the first comma is an affiliation or a title
// ("Jill Disis, CNN Business", "Rachael Link, MS, RD"), not a name.
func (m *metadataParams) splitNames(s string) []string {
	joined := false
	for _, j := range m.NameJoiners {
		if len(splitWord(s, j)) > 1 {
			joined = true
			break
		}
	}
	commas := strings.Split(s, ",")
	if !joined && !(len(commas) >= 3 && m.allNames(commas)) {
		commas = commas[:1] // "Jill Disis, CNN Business"; but "A, B, C" are three names
	}
	var out []string
	for _, c := range commas {
		parts := []string{c}
		for _, j := range m.NameJoiners {
			var next []string
			for _, p := range parts {
				next = append(next, splitWord(p, j)...)
			}
			parts = next
		}
		out = append(out, parts...)
	}
	return out
}

func (m *metadataParams) allNames(parts []string) bool {
	for _, p := range parts {
		if !m.nameShaped(strings.TrimSpace(p)) {
			return false
		}
	}
	return true
}

// splitWord splits s at the word w (surrounded by spaces).
func splitWord(s, w string) []string {
	var out []string
	sep := " " + w + " "
	for {
		i := strings.Index(strings.ToLower(s), sep)
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+len(sep):]
	}
}

// nameShaped reports whether s reads as a person's or an agency's name:
// one to five words, each starting with a capital letter except known
// particles ("van", "de"), no digits, no "@", at most 200 bytes.
func (m *metadataParams) nameShaped(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 5 || len(s) > 200 {
		return false
	}
	caps := 0
	for _, w := range f {
		if strings.ContainsAny(w, "0123456789@#/:") {
			return false
		}
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case unicode.IsUpper(r):
			caps++
		case m.particles[w]:
		default:
			return false
		}
	}
	return caps > 0
}

// metadataLine decides a line of the header area that carries
// metadata: a byline (its names go to authors) or a date line (its first
// publication date goes to published, unless an earlier one did). ok is
// false for any other line.
func (n *Normalizer) metadataLine(text string, meta *passMeta) (rule, why string, ok bool) {
	m := &n.rules.meta
	date, dated := m.dateLine(text)
	names := m.byline(text)
	if dated && !meta.dated {
		meta.dated = true
		if meta.published == "" {
			meta.published = date
		}
	}
	switch {
	case names != nil:
		for _, a := range names {
			if !slices.Contains(meta.authors, a) && len(meta.authors) < maxAuthors {
				meta.authors = append(meta.authors, a)
			}
		}
		return ruleByline, "byline: the names are in authors", true
	case dated && date != "":
		return ruleDateLine, "date line: the date is in published", true
	case dated:
		return ruleDateLine, "date line: a date of change, not of publication", true
	}
	return "", "", false
}

// maxAuthors is the most names a record keeps (the schema's maxItems).
const maxAuthors = 50

// unglue cuts a name where the dump glued a title or an outlet to it
// without a space: "Meg JamesStaff Writer", "Jonathan GarberFOXBusiness".
// A capital after a small letter starts the glued part when two capitals
// follow each other there or a word follows it; "DeArdo", "LaMotte" and
// "McDonald" stay whole.
func unglue(s string) string {
	for i := 1; i+1 < len(s); i++ {
		if s[i-1] < 'a' || s[i-1] > 'z' || s[i] < 'A' || s[i] > 'Z' {
			continue
		}
		if s[i+1] >= 'A' && s[i+1] <= 'Z' || strings.ContainsRune(s[i:], ' ') {
			return s[:i]
		}
	}
	return s
}

// metaLine reports whether text is a byline or a date line.
func (n *Normalizer) metaLine(text string) bool {
	m := &n.rules.meta
	if m.byline(text) != nil {
		return true
	}
	_, ok := m.dateLine(text)
	return ok
}

// hasDigits reports whether s holds n ASCII digits in a row.
func hasDigits(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			if run++; run == n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// dayNames are the names and abbreviations of the days of the week in
// the languages of the month names, lower case: a date line may carry
// one ("Mon 18 Nov 2019", "Dienstag, 19. November 2019").
var dayNames = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true, "wed": true, "wednesday": true,
	"thu": true, "thur": true, "thurs": true, "thursday": true, "fri": true, "friday": true,
	"sat": true, "saturday": true, "sun": true, "sunday": true,
	"montag": true, "dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true, "sonntag": true,
	"lundi": true, "mardi": true, "mercredi": true, "jeudi": true, "vendredi": true, "samedi": true, "dimanche": true,
	"lunes": true, "martes": true, "miércoles": true, "jueves": true, "viernes": true, "sábado": true, "domingo": true,
	"lunedì": true, "martedì": true, "mercoledì": true, "giovedì": true, "venerdì": true, "sabato": true, "domenica": true,
	"maandag": true, "dinsdag": true, "woensdag": true, "donderdag": true, "vrijdag": true, "zaterdag": true, "zondag": true,
	"poniedziałek": true, "wtorek": true, "środa": true, "czwartek": true, "piątek": true, "sobota": true, "niedziela": true,
	"segunda-feira": true, "terça-feira": true, "quarta-feira": true, "quinta-feira": true, "sexta-feira": true,
}

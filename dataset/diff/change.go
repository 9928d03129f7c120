package diff

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/quire-archive/quire/dataset/record"
)

// Kind is what happened to a record.
type Kind string

// The kinds of record change.
const (
	Added   Kind = "added"
	Removed Kind = "removed"
	Renamed Kind = "renamed"
	Changed Kind = "changed"
)

// Change is one record that differs between the sides. Only the fields
// that apply to its Kind are set; the JSON form is documented in
// docs/DIFF.md.
type Change struct {
	Kind Kind `json:"kind"`
	// ID is the record's id: the new id for added, renamed and changed
	// records, the old id for removed ones.
	ID string `json:"id"`
	// OldID is a renamed record's old id.
	OldID string `json:"old_id,omitempty"`
	// Fields names the changed fields of a changed record, in record
	// order: title, authors, outlet, published, language, text,
	// captions, removed, source, rules_version.
	Fields []string `json:"fields,omitempty"`
	// Values holds old and new values of the short fields that changed
	// (title, authors as a JSON array, outlet, published, language,
	// source.name, source.bytes, source.sha256, rules_version); nil is
	// JSON null. A field a record's version lacks (authors and language
	// in a record of schema v1) compares as empty: [] and null.
	Values []Value `json:"values,omitempty"`
	// Text is the paragraph-level diff of the text.
	Text []Hunk `json:"text,omitempty"`
	// Captions and Removed are the caption and removed-line changes.
	Captions *Items `json:"captions,omitempty"`
	Removed  *Items `json:"removed,omitempty"`
	// About says which article the record is, for a reader of release
	// notes who does not know ids: the new record's title, outlet and
	// date for added, renamed and changed records, the old record's for
	// removed ones.
	About
}

// About is what a reader recognises a record by: its title, outlet and
// publication date, each absent when the record has none.
type About struct {
	Title     *string `json:"title,omitempty"`
	Outlet    *string `json:"outlet,omitempty"`
	Published *string `json:"published,omitempty"`
}

// maxAboutRunes bounds each About field, so that what a diff holds of a
// record while it waits to pair removed and added ones stays small
// whatever a title's length (at most about 3 × 120 runes); a longer
// title is cut, with "…", which is also as much as a line of release
// notes should show.
const maxAboutRunes = 120

// packAbout stores an About in one string (for each field a presence
// byte, a 2-byte length and the bytes), so that a pending record costs
// one allocation for it, not three.
func packAbout(a About) string {
	var b []byte
	for _, p := range []*string{a.Title, a.Outlet, a.Published} {
		if p == nil {
			b = append(b, 0)
			continue
		}
		b = append(b, 1, byte(len(*p)>>8), byte(len(*p)))
		b = append(b, *p...)
	}
	return string(b)
}

// unpackAbout reverses packAbout.
func unpackAbout(s string) About {
	var a About
	for _, p := range []**string{&a.Title, &a.Outlet, &a.Published} {
		if s == "" || s[0] == 0 {
			s = s[min(1, len(s)):]
			continue
		}
		n := int(s[1])<<8 | int(s[2])
		v := s[3 : 3+n]
		*p, s = &v, s[3+n:]
	}
	return a
}

// aboutOf returns the About of r, each field cut to maxAboutRunes
// (at most 480 bytes, so packAbout's 2-byte lengths hold it).
func aboutOf(r *record.Record) About {
	cut := func(p *string) *string {
		if p == nil {
			return nil
		}
		s := *p
		if rs := []rune(s); len(rs) > maxAboutRunes {
			s = string(rs[:maxAboutRunes-1]) + "…"
		} else {
			s = strings.Clone(s)
		}
		return &s
	}
	return About{Title: cut(r.Title), Outlet: cut(r.Outlet), Published: cut(r.Published)}
}

// Value is a short field's old and new value.
type Value struct {
	Field string  `json:"field"`
	Old   *string `json:"old"`
	New   *string `json:"new"`
}

// Items is a diff of a list field (captions, removed). Items are
// matched by content, not line number: an item whose text (and credit,
// or rule and why) is in both lists is the same item, and if only its
// line number changed — because lines above it were added or removed —
// it is counted in Moved, not listed.
type Items struct {
	Changes []Item `json:"changes"`
	Moved   int    `json:"moved"`
}

// Item is one caption or removed line that disappeared ("-") or
// appeared ("+").
type Item struct {
	Op     string  `json:"op"`
	Line   int     `json:"line"`
	Text   string  `json:"text"`
	Credit *string `json:"credit,omitempty"`
	Rule   string  `json:"rule,omitempty"`
	Why    string  `json:"why,omitempty"`
}

// contentSum identifies a record's content for rename detection: the
// canonical encoding with id and source.name blanked.
func contentSum(r *record.Record) ([32]byte, error) {
	c := *r
	c.ID = ""
	c.Source.Name = ""
	b, err := record.Marshal(&c)
	if err != nil {
		return [32]byte{}, fmt.Errorf("record %q: %w", r.ID, err)
	}
	return sha256.Sum256(b), nil
}

// compareRecords returns the change from a to b (same id), or nil if
// they are equal.
func compareRecords(a, b *record.Record, context int) *Change {
	c := &Change{Kind: Changed, ID: b.ID, About: aboutOf(b)}
	short := func(field string, x, y *string) {
		if !eqPtr(x, y) {
			c.Fields = append(c.Fields, field)
			c.Values = append(c.Values, Value{field, x, y})
		}
	}
	short("title", a.Title, b.Title)
	if !slices.Equal(a.Authors, b.Authors) { // nil and [] are equal
		x, y := authorsValue(a.Authors), authorsValue(b.Authors)
		c.Fields = append(c.Fields, "authors")
		c.Values = append(c.Values, Value{"authors", &x, &y})
	}
	short("outlet", a.Outlet, b.Outlet)
	short("published", a.Published, b.Published)
	short("language", a.Language, b.Language)
	if a.Text != b.Text {
		c.Fields = append(c.Fields, "text")
		c.Text = ParagraphDiff(SplitParagraphs(a.Text), SplitParagraphs(b.Text), context)
	}
	if !eqCaptions(a.Captions, b.Captions) {
		c.Fields = append(c.Fields, "captions")
		c.Captions = diffItems(captionItems(a.Captions), captionItems(b.Captions))
	}
	if !eqRemoved(a.Removed, b.Removed) {
		c.Fields = append(c.Fields, "removed")
		c.Removed = diffItems(removedItems(a.Removed), removedItems(b.Removed))
	}
	if a.Source != b.Source {
		c.Fields = append(c.Fields, "source")
		if a.Source.Name != b.Source.Name {
			c.Values = append(c.Values, Value{"source.name", &a.Source.Name, &b.Source.Name})
		}
		if a.Source.Bytes != b.Source.Bytes {
			x, y := strconv.FormatInt(a.Source.Bytes, 10), strconv.FormatInt(b.Source.Bytes, 10)
			c.Values = append(c.Values, Value{"source.bytes", &x, &y})
		}
		if a.Source.SHA256 != b.Source.SHA256 {
			c.Values = append(c.Values, Value{"source.sha256", &a.Source.SHA256, &b.Source.SHA256})
		}
	}
	if a.RulesVersion != b.RulesVersion {
		c.Fields = append(c.Fields, "rules_version")
		c.Values = append(c.Values, Value{"rules_version", &a.RulesVersion, &b.RulesVersion})
	}
	if len(c.Fields) == 0 {
		return nil
	}
	return c
}

// authorsValue is a list of authors as a Value: a JSON array, so that
// names with commas stay apart and no names is [].
func authorsValue(names []string) string {
	if names == nil {
		names = []string{}
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(names) // a []string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// showValue renders a Value's old or new value for people: a string
// quoted, null, or authors' JSON array as it is.
func showValue(field string, s *string) string {
	if field == "authors" && s != nil {
		return *s
	}
	return quoteValue(s)
}

func eqPtr(x, y *string) bool {
	if x == nil || y == nil {
		return x == y
	}
	return *x == *y
}

func eqCaptions(x, y []record.Caption) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i].Line != y[i].Line || x[i].Text != y[i].Text || !eqPtr(x[i].Credit, y[i].Credit) {
			return false
		}
	}
	return true
}

func eqRemoved(x, y []record.Removed) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func captionItems(cs []record.Caption) []Item {
	items := make([]Item, len(cs))
	for i, c := range cs {
		items[i] = Item{Line: c.Line, Text: c.Text, Credit: c.Credit}
	}
	return items
}

func removedItems(rs []record.Removed) []Item {
	items := make([]Item, len(rs))
	for i, r := range rs {
		items[i] = Item{Line: r.Line, Text: r.Text, Rule: r.Rule, Why: r.Why}
	}
	return items
}

// key is an item's identity without its line number. Fields are
// length-prefixed so no two different items share a key.
func (it Item) key() string {
	credit := "-"
	if it.Credit != nil {
		credit = "+" + *it.Credit
	}
	return fmt.Sprintf("%d:%s%d:%s%d:%s%d:%s", len(it.Text), it.Text, len(credit), credit, len(it.Rule), it.Rule, len(it.Why), it.Why)
}

func diffItems(a, b []Item) *Items {
	ka := make([]string, len(a))
	for i := range a {
		ka[i] = a[i].key()
	}
	kb := make([]string, len(b))
	for i := range b {
		kb[i] = b[i].key()
	}
	d := &Items{Changes: []Item{}}
	i, j := 0, 0
	for _, op := range editScript(ka, kb, MaxTextEdits) {
		switch op {
		case '=':
			if a[i].Line != b[j].Line {
				d.Moved++
			}
			i++
			j++
		case '-':
			it := a[i]
			it.Op = "-"
			d.Changes = append(d.Changes, it)
			i++
		case '+':
			it := b[j]
			it.Op = "+"
			d.Changes = append(d.Changes, it)
			j++
		}
	}
	return d
}

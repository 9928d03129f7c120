package lang

import "fmt"

// Lang is a language as an ISO 639-1 code ("de", "zh"), or Unsure.
type Lang string

// Unsure is the language of a document whose language could not be told
// reliably: the record's language is then null, and Stopwords gives the
// fallback list.
const Unsure Lang = ""

// String is the code, or "unsure".
func (l Lang) String() string {
	if l == Unsure {
		return "unsure"
	}
	return string(l)
}

// valid reports whether l is two lower-case ASCII letters.
func (l Lang) valid() bool {
	return len(l) == 2 && 'a' <= l[0] && l[0] <= 'z' && 'a' <= l[1] && l[1] <= 'z'
}

// Parse reads an ISO 639-1 code, as a record stores it.
func Parse(code string) (Lang, error) {
	l := Lang(code)
	if !l.valid() {
		return Unsure, fmt.Errorf("language %q: not an ISO 639-1 code (two lower-case letters)", code)
	}
	return l, nil
}

// Package record defines quire's record and its codec: the canonical JSON
// encoding, a strict decoder for records that come from outside, and a
// fast parser for lines already in canonical form.
//
//   - Versions: the encoding has one Version per version of the record
//     schema (schema/record.vN.schema.json). Every version quire ever
//     wrote is still read, checked and re-encoded exactly as it was
//     written, so old bundles and JSON Lines stay valid forever; quire
//     writes only Latest. A field added by a version (Record.Authors and
//     Record.Language by V2) is empty in a record of an older version.
//     The fields of each version are one table (fields.go) that the
//     encoder and the fast parser both follow.
//   - Canonical form: the version's fields in the order of Record, no
//     insignificant white space, no HTML escaping, one line. Equal records
//     have equal bytes, so hashes of records are meaningful.
//   - Decoding is strict because records are untrusted input: invalid
//     UTF-8 (raw or as lone surrogate escapes), duplicate keys, unknown
//     fields, nesting past MaxDepth and lines past MaxLineBytes are errors,
//     never silently repaired (encoding/json v1 would repair or accept the
//     first three).
//   - A fast parser (ParseCanonical) reads lines in canonical form byte
//     by byte, several times faster than strict decoding, and gives
//     exactly the record strict decoding gives; Decode uses it first.
//   - Schema validation is not done here: dataset/record/linecheck, the
//     one check of a record line, runs the schema (package schema) on
//     the same bytes, with this codec.
//
// This package imports nothing else of quire.
package record

import (
	"crypto/sha256"
	"encoding/hex"
)

// Limits on records read from untrusted sources.
const (
	// MaxLineBytes is the largest encoded record (one JSON Lines line,
	// without its newline) quire reads or writes.
	MaxLineBytes = 16 << 20
	// MaxDepth is the deepest nesting of JSON objects and arrays accepted
	// in a record line. A valid record nests 3 deep.
	MaxDepth = 32
)

// Record is one normalized document.
type Record struct {
	ID    string  `json:"id"`
	Title *string `json:"title"`
	// Authors are the names of the byline, in order (since V2). Nil
	// and empty are the same record: both encode as [].
	Authors   []string `json:"authors"`
	Outlet    *string  `json:"outlet"`
	Published *string  `json:"published"`
	// Language is the text's ISO 639-1 code, nil when the detector is
	// not sure (since V2).
	Language *string `json:"language"`
	// Text is the body: paragraphs separated by "\n\n", lines within a
	// paragraph by "\n".
	Text     string    `json:"text"`
	Captions []Caption `json:"captions"`
	Removed  []Removed `json:"removed"`
	Source   Source    `json:"source"`
	// RulesVersion is the version of the normalizer rules file used.
	RulesVersion string `json:"rules_version"`
}

// Caption is a photo caption and its credit, both from line Line of the
// source.
type Caption struct {
	Line   int     `json:"line"`
	Text   string  `json:"text"`
	Credit *string `json:"credit"`
}

// Removed is a line, or a span of a line, that the normalizer removed.
type Removed struct {
	Line int    `json:"line"`
	Text string `json:"text"`
	// Rule is the id of the rule or classifier decision that removed it.
	Rule string `json:"rule"`
	// Why gives the decision's main reasons when Rule alone does not.
	Why string `json:"why,omitempty"`
}

// Source identifies the raw bytes a record was made from.
type Source struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Marshal returns the canonical encoding of r in the latest version,
// without a trailing newline. Nil slices are encoded as empty arrays, so
// a record has one encoding.
func Marshal(r *Record) ([]byte, error) { return Latest.Marshal(r) }

// Unmarshal decodes one record line of the latest version strictly; see
// Version.Unmarshal.
func Unmarshal(line []byte) (*Record, error) { return Latest.Unmarshal(line) }

// IsCanonical reports whether line is exactly the canonical encoding, in
// the latest version, of the record it decodes to.
func IsCanonical(line []byte, r *Record) bool { return Latest.IsCanonical(line, r) }

// encodedSizeHint is a close guess at the size of r's encoding, so that
// Marshal allocates once in the common case (text with few escapes).
func encodedSizeHint(r *Record) int {
	n := 256 + len(r.ID) + len(r.Text) + len(r.Source.Name)
	for _, p := range []*string{r.Title, r.Outlet, r.Published, r.Language} {
		if p != nil {
			n += len(*p)
		}
	}
	for _, a := range r.Authors {
		n += 3 + len(a)
	}
	for _, c := range r.Captions {
		n += 48 + len(c.Text)
		if c.Credit != nil {
			n += len(*c.Credit)
		}
	}
	for _, m := range r.Removed {
		n += 48 + len(m.Text) + len(m.Rule) + len(m.Why)
	}
	return n + n/16
}

// Sum returns the hex sha256 of a record's canonical encoding.
func Sum(canonical []byte) string {
	s := sha256.Sum256(canonical)
	return hex.EncodeToString(s[:])
}

// Package normalize turns one raw document into one record.
//
// SKELETON: the API below is fixed; the implementation is being written.
package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
)

// MaxDocumentBytes is the largest raw document quire accepts.
const MaxDocumentBytes = 8 << 20

// Input is one raw document.
type Input struct {
	ID   string // record id (the file stem)
	Name string // source file name, recorded in the record
	Data []byte // raw bytes
}

// InputError is a raw document quire refuses, with where and why.
type InputError struct {
	Code   report.Code
	Offset int64 // byte offset, -1 if none
	Line   int   // 1-based line, 0 if none
	Msg    string
}

func (e *InputError) Error() string {
	switch {
	case e.Line > 0 && e.Offset >= 0:
		return fmt.Sprintf("line %d (byte %d): %s", e.Line, e.Offset, e.Msg)
	case e.Offset >= 0:
		return fmt.Sprintf("byte %d: %s", e.Offset, e.Msg)
	}
	return e.Msg
}

// Options configures a Normalizer.
type Options struct{}

// Normalizer holds compiled rules. It is immutable and safe for
// concurrent use.
type Normalizer struct{}

// New compiles the embedded rules.
func New(opts Options) (*Normalizer, error) { return &Normalizer{}, nil }

// RulesVersion is the version of the rules file, recorded in records.
func (n *Normalizer) RulesVersion() string { return "0.0.0" }

// RulesSHA256 is the hex sha256 of the rules file.
func (n *Normalizer) RulesSHA256() string { return strings.Repeat("0", 64) }

// Normalize turns one raw document into a record.
func (n *Normalizer) Normalize(in Input) (*record.Record, error) {
	sum := sha256.Sum256(in.Data)
	return &record.Record{
		ID: in.ID, Text: strings.TrimSpace(string(in.Data)),
		Source:       record.Source{Name: in.Name, Bytes: int64(len(in.Data)), SHA256: hex.EncodeToString(sum[:])},
		RulesVersion: n.RulesVersion(),
	}, nil
}

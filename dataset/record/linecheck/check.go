package linecheck

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// Problem is one way a record line is not valid. It carries no location
// beyond the line: At adds the caller's.
type Problem struct {
	Code report.Code
	// Pointer is the JSON pointer of the offending value ("" for the
	// line as a whole).
	Pointer string
	// Offset is the byte offset in the line where the problem was
	// found, -1 if none.
	Offset int64
	Msg    string
}

// String renders the problem for an error message: its pointer or byte
// offset, then the message.
func (p Problem) String() string {
	switch {
	case p.Pointer != "":
		return p.Pointer + ": " + p.Msg
	case p.Offset >= 0:
		return fmt.Sprintf("byte %d: %s", p.Offset, p.Msg)
	}
	return p.Msg
}

// At returns the problem as a report problem at location at (the file,
// member, line and record id the caller knows): the pointer, and the
// byte offset as offset and column.
func (p Problem) At(at report.Problem) report.Problem {
	at.Code, at.Severity, at.Msg = p.Code, p.Code.Severity, p.Msg
	if p.Pointer != "" {
		at.Pointer = p.Pointer
	}
	if p.Offset >= 0 {
		at.Offset, at.Column = p.Offset, int(p.Offset)+1
	}
	return at
}

// Add adds every problem to rep at location at.
func Add(rep *report.Report, at report.Problem, ps []Problem) {
	for _, p := range ps {
		rep.Add(p.At(at))
	}
}

// TooLong is the problem of a line longer than limit bytes, for a line
// reader that skips such a line without holding it (record.LineReader).
func TooLong(limit int) Problem {
	return Problem{Code: report.RecordTooLong, Offset: -1, Msg: fmt.Sprintf("record line longer than %d bytes", limit)}
}

// notCanonical is the message of a line that is valid but not in the
// canonical form.
const notCanonical = "record is not in canonical form (fields in schema order, no insignificant white space, no HTML escaping): re-encode it as quire does (record.Marshal)"

// syntaxCodes maps record.SyntaxError kinds to report codes; other kinds
// ("json", "unknown-field") are RecordJSON.
var syntaxCodes = map[string]report.Code{
	"invalid-utf8":  report.RecordUTF8,
	"duplicate-key": report.DuplicateKey,
	"too-deep":      report.RecordTooDeep,
	"too-long":      report.RecordTooLong,
}

// syntaxProblem is the problem of a record.SyntaxError (or another
// decoding error).
func syntaxProblem(err error) Problem {
	var se *record.SyntaxError
	if !errors.As(err, &se) {
		return Problem{Code: report.RecordJSON, Offset: -1, Msg: err.Error()}
	}
	code, ok := syntaxCodes[se.Kind]
	if !ok {
		code = report.RecordJSON
	}
	return Problem{Code: code, Offset: se.Offset, Msg: se.Msg}
}

// versioned checks lines of one record version against one schema.
type versioned struct {
	sch *schema.Schema
	v   record.Version
	// fast is the version whose rules fastValid encodes for sch, 0 if
	// the fast path does not apply.
	fast record.Version
}

func newVersioned(sch *schema.Schema) versioned {
	v := record.Version(sch.RecordVersion())
	if !v.Known() {
		v = record.Latest // a schema that is none of quire's (tests)
	}
	return versioned{sch: sch, v: v, fast: fastVersion(sch)}
}

// Checker checks record lines. A Checker is immutable and safe for
// concurrent use.
type Checker struct {
	one versioned   // New: one schema for every line
	all []versioned // NewAny: by record version (index v), each line its own
}

// New returns a checker of lines against sch (not nil), decoded with
// the codec of sch's record version: what a bundle's lines are checked
// with, the bundle naming its schema. A schema that is none of quire's
// is read with the latest codec and never by the fast path.
func New(sch *schema.Schema) *Checker { return &Checker{one: newVersioned(sch)} }

// NewAny returns a checker of lines of JSON Lines, which name no schema:
// each line is checked against quire's record schema of the version it
// needs (record.Sniff), so records written with an older schema stay
// valid. Its Record writes the latest version.
func NewAny() (*Checker, error) {
	c := &Checker{all: make([]versioned, record.Latest+1)}
	for v := record.V1; v <= record.Latest; v++ {
		sch, err := schema.RecordOf(int(v))
		if err != nil {
			return nil, err
		}
		c.all[v] = newVersioned(sch)
	}
	c.one = c.all[record.Latest]
	return c, nil
}

// Schema returns the schema of New, or the latest schema of NewAny.
func (c *Checker) Schema() *schema.Schema { return c.one.sch }

// Line checks one record line, without its newline, in the order of the
// package doc. The record is nil if the line does not decode; it may be
// set along with problems (a line that decodes but breaks the schema),
// so a caller can still name the record and check the order of ids.
func (c *Checker) Line(line []byte) (*record.Record, []Problem) {
	if c.all == nil {
		if r := c.one.fastLine(line); r != nil {
			return r, nil
		}
		return c.one.slow(line, nil)
	}
	for v := record.Latest; v >= record.V1; v-- {
		if r := c.all[v].fastLine(line); r != nil {
			return r, nil
		}
	}
	return c.one.slow(line, c.all)
}

// slow is the definition of a valid line. With all set, the line is
// checked in the version it sniffs as, instead of vc's.
func (vc versioned) slow(line []byte, all []versioned) (*record.Record, []Problem) {
	if len(line) > record.MaxLineBytes {
		return nil, []Problem{TooLong(record.MaxLineBytes)}
	}
	if len(bytes.Trim(line, " \t\r")) == 0 {
		return nil, []Problem{{Code: report.RecordJSON, Offset: -1, Msg: "blank line: JSON Lines holds one record per line and no blank lines"}}
	}
	v, err := record.Sniff(line)
	if err != nil {
		return nil, []Problem{syntaxProblem(err)}
	}
	if all != nil {
		vc = all[v]
	}
	var ps []Problem
	vs, err := vc.sch.Validate(line)
	if err != nil {
		return nil, []Problem{{Code: report.RecordJSON, Offset: -1, Msg: err.Error()}}
	}
	for _, v := range vs {
		ps = append(ps, Problem{Code: report.SchemaViolation, Pointer: v.Pointer, Offset: -1, Msg: v.Message})
	}
	r, err := vc.v.Unmarshal(line)
	switch {
	case err != nil && len(ps) == 0:
		return nil, []Problem{syntaxProblem(err)}
	case err != nil:
		return nil, ps
	case len(ps) == 0 && !vc.v.IsCanonical(line, r):
		ps = append(ps, Problem{Code: report.NotCanonical, Offset: -1, Msg: notCanonical})
	}
	return r, ps
}

// Record encodes r canonically — in the version of New's schema, or the
// latest for NewAny — and checks the line as Line would, without parsing
// it when the fast path can decide from r itself. The problems are
// Line's, or one saying why r cannot be encoded at all (too large, or a
// field its version does not have).
func (c *Checker) Record(r *record.Record) ([]byte, []Problem) {
	vc := c.one
	line, exact, err := vc.v.MarshalExact(r)
	if err != nil {
		code := report.SchemaViolation
		if errors.Is(err, record.ErrLineTooLong) {
			code = report.RecordTooLong
		}
		return nil, []Problem{{Code: code, Offset: -1, Msg: err.Error()}}
	}
	// The record's own fields, checked directly: the line decodes back
	// to r exactly, so it is canonical and checking r is checking the
	// line. TestRecordAgreesWithLine holds this to the slow path.
	if vc.fast != 0 && exact && fastValid(r, vc.fast) {
		return line, nil
	}
	if _, ps := vc.slow(line, nil); len(ps) > 0 {
		return nil, ps
	}
	return line, nil
}

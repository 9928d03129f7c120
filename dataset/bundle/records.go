package bundle

import (
	"errors"
	"fmt"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// lineProblem is one problem with one record line.
type lineProblem struct {
	code    report.Code
	pointer string
	msg     string
}

func (p lineProblem) String() string {
	if p.pointer != "" {
		return fmt.Sprintf("%s: %s", p.pointer, p.msg)
	}
	return p.msg
}

// syntaxCodes maps record.SyntaxError kinds to report codes.
var syntaxCodes = map[string]report.Code{
	"invalid-utf8":  report.RecordUTF8,
	"duplicate-key": report.DuplicateKey,
	"too-deep":      report.RecordTooDeep,
	"too-long":      report.RecordTooLong,
}

// checkLine decodes one record line strictly and checks that it is
// canonical and satisfies sch. Writer and scanner both call it, so what
// the writer accepts is exactly what the checker accepts. The record is
// nil if the line does not decode. The fast path (fastline.go) decides
// most lines; it only ever accepts a line the slow path accepts.
func checkLine(line []byte, sch *schema.Schema) (*record.Record, []lineProblem) {
	if r := fastLineCheck(line, sch); r != nil {
		return r, nil
	}
	return checkLineSlow(line, sch)
}

// codecOf returns the record version whose codec reads lines checked
// against sch: the schema's own version, and the latest for a schema
// that is none of quire's (tests use such schemas).
func codecOf(sch *schema.Schema) record.Version {
	if v := record.Version(sch.RecordVersion()); v.Known() {
		return v
	}
	return record.Latest
}

// checkLineSlow is checkLine without the fast path: the definition of
// a valid record line.
func checkLineSlow(line []byte, sch *schema.Schema) (*record.Record, []lineProblem) {
	v := codecOf(sch)
	r, err := v.Unmarshal(line)
	if err != nil {
		code := report.RecordJSON
		var se *record.SyntaxError
		if errors.As(err, &se) {
			if c, ok := syntaxCodes[se.Kind]; ok {
				code = c
			}
		}
		return nil, []lineProblem{{code: code, msg: err.Error()}}
	}
	var ps []lineProblem
	if !v.IsCanonical(line, r) {
		ps = append(ps, lineProblem{code: report.NotCanonical, msg: "record is not in canonical form (record.Marshal)"})
	}
	vs, err := sch.Validate(line)
	if err != nil {
		ps = append(ps, lineProblem{code: report.SchemaViolation, msg: err.Error()})
	}
	for _, v := range vs {
		ps = append(ps, lineProblem{code: report.SchemaViolation, pointer: v.Pointer, msg: v.Message})
	}
	return r, ps
}

// checkOrder checks that id comes strictly after prev (have says whether
// there is a prev).
func checkOrder(have bool, prev, id string) *lineProblem {
	switch {
	case !have || prev < id:
		return nil
	case prev == id:
		return &lineProblem{code: report.DuplicateID, msg: fmt.Sprintf("duplicate id %q", id)}
	}
	return &lineProblem{code: report.Unsorted, msg: fmt.Sprintf("id %q comes after %q: records must be sorted by id", id, prev)}
}

// knownSchema returns the record schema quire knows that raw must be:
// the one raw is byte for byte, else the one with raw's $id, else the
// latest; and, if raw is not exactly that schema, a message saying so. A
// bundle may not bring its own schema: records are always checked
// against quire's copy of the version the bundle names, with that
// version's codec, so bundles written with an old schema stay valid.
func knownSchema(raw []byte) (*schema.Schema, string) {
	if v := schema.RecordVersionOf(raw); v > 0 {
		s, err := schema.RecordOf(v)
		if err != nil {
			return nil, fmt.Sprintf("embedded schema: %v", err)
		}
		return s, ""
	}
	var head struct {
		ID string `json:"$id"`
	}
	_ = jsonUnmarshal(raw, &head)
	var s *schema.Schema
	for v := schema.LatestRecordVersion; v >= 1; v-- {
		k, err := schema.RecordOf(v)
		if err != nil {
			return nil, fmt.Sprintf("embedded schema: %v", err)
		}
		if s == nil || k.ID() == head.ID {
			s = k
		}
	}
	return s, fmt.Sprintf("schema differs from quire's %q (sha256 %s)", s.ID(), s.SHA256())
}

// useSchema makes the scanner check records against sch, the schema
// the bundle names (knownSchema). The schema member comes before every
// record, so no batch of lines is in flight yet, and the workers see the
// change through the channel that hands them their next batch.
func (s *scanner) useSchema(sch *schema.Schema) {
	s.sch = sch
	if s.pool != nil {
		s.pool.sch = sch
	}
}

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

// checkLineSlow is checkLine without the fast path: the definition of
// a valid record line.
func checkLineSlow(line []byte, sch *schema.Schema) (*record.Record, []lineProblem) {
	r, err := record.Unmarshal(line)
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
	if !record.IsCanonical(line, r) {
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

// knownSchema returns quire's embedded schema with the given $id, and
// whether raw is byte-for-byte that schema. A bundle may not bring its
// own schema: validation always uses quire's.
func knownSchema(raw []byte) (*schema.Schema, string) {
	s, err := schema.Record()
	if err != nil {
		return nil, fmt.Sprintf("embedded schema: %v", err)
	}
	if string(raw) != string(schema.RecordBytes()) {
		return s, fmt.Sprintf("schema differs from quire's %q (sha256 %s)", s.ID(), s.SHA256())
	}
	return s, ""
}

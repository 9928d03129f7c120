package bundle

import (
	"fmt"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/record/linecheck"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// lineProblem is one problem with one record line: a problem of the
// line itself (linecheck), or of its place among the others (order).
type lineProblem struct {
	code    report.Code
	pointer string
	offset  int64 // in the line, -1 if none
	msg     string
}

func (p lineProblem) String() string {
	return linecheck.Problem{Code: p.code, Pointer: p.pointer, Offset: p.offset, Msg: p.msg}.String()
}

// add adds the problem to rep at location at (member, line, record).
func (p lineProblem) add(rep *report.Report, at report.Problem) {
	rep.Add(linecheck.Problem{Code: p.code, Pointer: p.pointer, Offset: p.offset, Msg: p.msg}.At(at))
}

// checkLine checks one record line against sch with linecheck, the one
// definition of a valid record line, which the writer (Prepare,
// PrepareLine), the checker and the reader all call: what the writer
// accepts is exactly what the checker accepts. The record is nil if the
// line does not decode.
func checkLine(line []byte, sch *schema.Schema) (*record.Record, []lineProblem) {
	r, ps := linecheck.New(sch).Line(line)
	if len(ps) == 0 {
		return r, nil
	}
	lps := make([]lineProblem, len(ps))
	for i, p := range ps {
		lps[i] = lineProblem{code: p.Code, pointer: p.Pointer, offset: p.Offset, msg: p.Msg}
	}
	return r, lps
}

// checkOrder checks that id comes strictly after prev (have says whether
// there is a prev).
func checkOrder(have bool, prev, id string) *lineProblem {
	switch {
	case !have || prev < id:
		return nil
	case prev == id:
		return &lineProblem{code: report.DuplicateID, offset: -1, msg: fmt.Sprintf("duplicate id %q", id)}
	}
	return &lineProblem{code: report.Unsorted, offset: -1, msg: fmt.Sprintf("id %q comes after %q: records must be sorted by id", id, prev)}
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

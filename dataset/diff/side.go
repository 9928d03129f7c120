package diff

import (
	"errors"
	"fmt"
	"io"

	"github.com/quire-archive/quire/dataset/record"
)

// Side is one version of a dataset, read as a stream of records.
type Side interface {
	// Next returns the next record, in strictly increasing id order, or
	// io.EOF after the last one. The diff keeps no reference to a record
	// after the following call.
	Next() (*record.Record, error)
	// Info describes the dataset. It is called only after Next has
	// returned io.EOF, so a side may fill it in while streaming (a
	// bundle's manifest may follow its records).
	Info() SideInfo
}

// SideInfo is what a side knows about its dataset as a whole. Empty
// strings and nil mean "not known"; unknown values are not compared.
type SideInfo struct {
	// Label names the side in messages, e.g. a file name.
	Label string
	// Name and Version are the dataset's name and semver version.
	Name    string
	Version string
	// Schema is the record schema (draft-07 JSON) the dataset ships.
	Schema []byte
	// RulesVersion and RulesSHA256 identify the normalizer rules file.
	RulesVersion string
	RulesSHA256  string
	// Fields are other manifest fields (e.g. bag-info.txt), compared
	// key by key. Keys equal to "Name", "Version" etc. are not special.
	Fields map[string]string
}

// MemSide is a Side over records held in memory, for tests and small
// inputs. It does not sort: records must be given in id order.
type MemSide struct {
	info SideInfo
	recs []*record.Record
	i    int
}

// NewMemSide returns a side yielding recs in the order given.
func NewMemSide(info SideInfo, recs ...*record.Record) *MemSide {
	return &MemSide{info: info, recs: recs}
}

// Next implements Side.
func (s *MemSide) Next() (*record.Record, error) {
	if s.i >= len(s.recs) {
		return nil, io.EOF
	}
	s.i++
	return s.recs[s.i-1], nil
}

// Info implements Side.
func (s *MemSide) Info() SideInfo { return s.info }

// JSONLSide reads records from JSON Lines, one canonical or
// non-canonical record per line, decoded strictly by record.Unmarshal.
// It checks that ids strictly increase, since the merge depends on it,
// and names the offending line when they do not.
//
// Info reports the records' common rules_version when all records share
// one (and the info given to NewJSONLSide has none).
type JSONLSide struct {
	lr     *record.LineReader
	info   SideInfo
	prev   string
	n      int
	rules  string
	mixed  bool
	broken bool
}

// NewJSONLSide returns a side reading r. info.Label names the input in
// errors.
func NewJSONLSide(r io.Reader, info SideInfo) *JSONLSide {
	return &JSONLSide{lr: record.NewLineReader(r, record.MaxLineBytes), info: info}
}

// ErrUnsorted is wrapped by errors about records out of id order.
var ErrUnsorted = errors.New("records not in strictly increasing id order")

// Next implements Side. Errors name the label and line; after an error
// the side is done and further calls return the same kind of error.
func (s *JSONLSide) Next() (*record.Record, error) {
	if s.broken {
		return nil, fmt.Errorf("%s: read after error", s.info.Label)
	}
	line, err := s.lr.Next()
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		s.broken = true
		return nil, fmt.Errorf("%s: %w", s.info.Label, err)
	}
	rec, err := record.Unmarshal(line)
	if err != nil {
		s.broken = true
		return nil, fmt.Errorf("%s: line %d: %w", s.info.Label, s.lr.Line(), err)
	}
	if s.n > 0 && rec.ID <= s.prev {
		s.broken = true
		return nil, fmt.Errorf("%s: line %d: record %q after %q: %w", s.info.Label, s.lr.Line(), rec.ID, s.prev, ErrUnsorted)
	}
	s.n++
	s.prev = rec.ID
	switch {
	case s.n == 1:
		s.rules = rec.RulesVersion
	case rec.RulesVersion != s.rules:
		s.mixed = true
	}
	return rec, nil
}

// Info implements Side.
func (s *JSONLSide) Info() SideInfo {
	info := s.info
	if info.RulesVersion == "" && !s.mixed {
		info.RulesVersion = s.rules
	}
	return info
}

package diff

import (
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

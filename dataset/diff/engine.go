package diff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/quire-archive/quire/dataset/record"
)

// DefaultMaxPending is the default bound on rename-detection state: the
// number of added plus removed records held until the end of the merge.
// Each costs about 100 bytes plus its id, so the default needs at most
// about 250 MB.
const DefaultMaxPending = 1 << 20

// ErrTooManyPending is returned when more records were added and removed
// than Options.MaxPending allows; Options.NoRenames lifts the bound.
var ErrTooManyPending = errors.New("too many added and removed records for rename detection")

// Options configures Run. The zero value is ready to use.
type Options struct {
	// Context is the number of unchanged paragraphs shown around a text
	// change: 0 means DefaultContext, a negative value none.
	Context int
	// NoRenames turns rename detection off: added and removed records
	// are reported as the merge finds them, and memory no longer grows
	// with their number.
	NoRenames bool
	// MaxPending bounds the added plus removed records kept for rename
	// detection (0 means DefaultMaxPending). Past it Run fails with
	// ErrTooManyPending rather than guess.
	MaxPending int
}

// Reporter receives the result of a diff as it is found. Run calls
// Change for each differing record and End once, last. A Reporter must
// not keep a *Change after Change returns unless it copies it.
//
// Order of Change calls: changed records in id order as the merge finds
// them; then, with rename detection, renamed records (by new id),
// removed records (by id) and added records (by id). With NoRenames,
// added and removed records come in the merge's id order, interleaved
// with changed ones.
type Reporter interface {
	Change(c *Change) error
	End(r *Result) error
}

// Counts are exact record counts. Every old record is unchanged,
// changed, removed or the old half of a rename; every new record is
// unchanged, changed, added or the new half of a rename.
type Counts struct {
	Old       int64 `json:"old"`
	New       int64 `json:"new"`
	Added     int64 `json:"added"`
	Removed   int64 `json:"removed"`
	Renamed   int64 `json:"renamed"`
	Changed   int64 `json:"changed"`
	Unchanged int64 `json:"unchanged"`
}

// Result is everything but the per-record changes, which went to the
// Reporter.
type Result struct {
	Counts  Counts  `json:"counts"`
	Dataset Dataset `json:"dataset"`
	Bump    Bump    `json:"bump"`
}

// Identical reports whether the two sides hold the same records and the
// same known dataset information.
func (r *Result) Identical() bool {
	c := r.Counts
	return c.Added == 0 && c.Removed == 0 && c.Renamed == 0 && c.Changed == 0 &&
		len(r.Dataset.Fields) == 0 && len(r.Dataset.Schema) == 0
}

// Status is "identical" or "different", for an exit status or a log
// line.
func (r *Result) Status() string {
	if r.Identical() {
		return "identical"
	}
	return "different"
}

// Dataset holds dataset-level differences.
type Dataset struct {
	Old Ident `json:"old"`
	New Ident `json:"new"`
	// Fields are changed dataset fields: "name", "version",
	// "rules_version", "rules_sha256" and "manifest:KEY" for each
	// manifest field, in that order with keys sorted. Name, version and
	// rules are compared only when both sides know them; manifest fields
	// only when both sides have a manifest (a key on one side only has a
	// null value on the other).
	Fields []Value `json:"fields"`
	// Schema lists record schema changes (see SchemaChange).
	Schema []SchemaChange `json:"schema"`
}

// Ident names one side.
type Ident struct {
	Label   string `json:"label"`
	Name    string `json:"name"`
	Version string `json:"version"`
}

type pending struct {
	sum   [32]byte
	id    string
	about string // packAbout of the record's About
}

type merger struct {
	opts     Options
	rep      Reporter
	counts   Counts
	removed  []pending
	added    []pending
	maxPend  int
	context  int
	oldLabel string
	newLabel string
}

type stream struct {
	side  Side
	which string
	prev  string
	n     int64
}

func (s *stream) next() (*record.Record, error) {
	r, err := s.side.Next()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s side: %w", s.which, err)
	}
	if r == nil {
		return nil, fmt.Errorf("%s side: nil record after %q", s.which, s.prev)
	}
	if s.n > 0 && r.ID <= s.prev {
		return nil, fmt.Errorf("%s side: record %q after %q: %w", s.which, r.ID, s.prev, ErrUnsorted)
	}
	s.n++
	s.prev = r.ID
	return r, nil
}

// Run diffs old against new, sending each record change to rep (which
// may be nil) and returning the counts, dataset changes and required
// bump, which it also passes to rep.End.
func Run(old, new Side, opts Options, rep Reporter) (*Result, error) {
	if rep == nil {
		rep = discard{}
	}
	m := &merger{opts: opts, rep: rep, maxPend: opts.MaxPending, context: opts.Context}
	if m.maxPend <= 0 {
		m.maxPend = DefaultMaxPending
	}
	if m.context == 0 {
		m.context = DefaultContext
	}
	so, sn := &stream{side: old, which: "old"}, &stream{side: new, which: "new"}
	a, err := so.next()
	if err != nil {
		return nil, err
	}
	b, err := sn.next()
	if err != nil {
		return nil, err
	}
	for a != nil || b != nil {
		switch {
		case b == nil || a != nil && a.ID < b.ID:
			if err := m.gone(a); err != nil {
				return nil, err
			}
			if a, err = so.next(); err != nil {
				return nil, err
			}
		case a == nil || b.ID < a.ID:
			if err := m.came(b); err != nil {
				return nil, err
			}
			if b, err = sn.next(); err != nil {
				return nil, err
			}
		default:
			if c := compareRecords(a, b, m.context); c != nil {
				m.counts.Changed++
				if err := rep.Change(c); err != nil {
					return nil, err
				}
			} else {
				m.counts.Unchanged++
			}
			if a, err = so.next(); err != nil {
				return nil, err
			}
			if b, err = sn.next(); err != nil {
				return nil, err
			}
		}
	}
	m.counts.Old, m.counts.New = so.n, sn.n
	if err := m.pair(); err != nil {
		return nil, err
	}
	res := &Result{Counts: m.counts}
	if res.Dataset, err = compareInfo(old.Info(), new.Info()); err != nil {
		return nil, err
	}
	res.Bump = Required(res)
	if err := rep.End(res); err != nil {
		return nil, err
	}
	return res, nil
}

func (m *merger) hold(list *[]pending, r *record.Record) error {
	if len(m.removed)+len(m.added) >= m.maxPend {
		return fmt.Errorf("%w: more than %d (at record %q); raise the limit or turn rename detection off", ErrTooManyPending, m.maxPend, r.ID)
	}
	sum, err := contentSum(r)
	if err != nil {
		return err
	}
	p := pending{sum: sum, id: strings.Clone(r.ID)}
	if _, counts := m.rep.(countsOnly); !counts {
		p.about = packAbout(aboutOf(r))
	}
	*list = append(*list, p)
	return nil
}

func (m *merger) gone(r *record.Record) error {
	if m.opts.NoRenames {
		m.counts.Removed++
		return m.rep.Change(&Change{Kind: Removed, ID: r.ID, About: aboutOf(r)})
	}
	return m.hold(&m.removed, r)
}

func (m *merger) came(r *record.Record) error {
	if m.opts.NoRenames {
		m.counts.Added++
		return m.rep.Change(&Change{Kind: Added, ID: r.ID, About: aboutOf(r)})
	}
	return m.hold(&m.added, r)
}

// pair matches added and removed records of equal content. Among
// several of the same content, the i-th removed id (in id order) pairs
// with the i-th added id, so the pairing is deterministic.
func (m *merger) pair() error {
	byHash := make(map[[32]byte][]int32, len(m.removed))
	for i, p := range m.removed {
		byHash[p.sum] = append(byHash[p.sum], int32(i))
	}
	usedOld := make([]bool, len(m.removed))
	usedNew := make([]bool, len(m.added))
	type rename struct{ old, new, about string }
	var renames []rename
	for j, p := range m.added {
		if l := byHash[p.sum]; len(l) > 0 {
			usedOld[l[0]], usedNew[j] = true, true
			byHash[p.sum] = l[1:]
			renames = append(renames, rename{m.removed[l[0]].id, p.id, p.about})
		}
	}
	byHash = nil
	// renames are already in new-id order: m.added is.
	for _, r := range renames {
		m.counts.Renamed++
		if err := m.rep.Change(&Change{Kind: Renamed, ID: r.new, OldID: r.old, About: unpackAbout(r.about)}); err != nil {
			return err
		}
	}
	for i, p := range m.removed {
		if !usedOld[i] {
			m.counts.Removed++
			if err := m.rep.Change(&Change{Kind: Removed, ID: p.id, About: unpackAbout(p.about)}); err != nil {
				return err
			}
		}
	}
	for j, p := range m.added {
		if !usedNew[j] {
			m.counts.Added++
			if err := m.rep.Change(&Change{Kind: Added, ID: p.id, About: unpackAbout(p.about)}); err != nil {
				return err
			}
		}
	}
	return nil
}

func compareInfo(a, b SideInfo) (Dataset, error) {
	d := Dataset{
		Old:    Ident{a.Label, a.Name, a.Version},
		New:    Ident{b.Label, b.Name, b.Version},
		Fields: []Value{},
		Schema: []SchemaChange{},
	}
	field := func(name, x, y string) {
		if x != "" && y != "" && x != y {
			d.Fields = append(d.Fields, Value{name, &x, &y})
		}
	}
	field("name", a.Name, b.Name)
	field("version", a.Version, b.Version)
	field("rules_version", a.RulesVersion, b.RulesVersion)
	field("rules_sha256", a.RulesSHA256, b.RulesSHA256)
	if a.Fields != nil && b.Fields != nil {
		var keys []string
		for k := range a.Fields {
			keys = append(keys, k)
		}
		for k := range b.Fields {
			if _, ok := a.Fields[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			x, okx := a.Fields[k]
			y, oky := b.Fields[k]
			if okx != oky || x != y {
				v := Value{Field: "manifest:" + k}
				if okx {
					v.Old = &x
				}
				if oky {
					v.New = &y
				}
				d.Fields = append(d.Fields, v)
			}
		}
	}
	if a.Schema != nil && b.Schema != nil && !bytes.Equal(a.Schema, b.Schema) {
		sc, err := SchemaDiff(a.Schema, b.Schema)
		if err != nil {
			return d, err
		}
		d.Schema = sc
	}
	return d, nil
}

// countsOnly is implemented by reporters that never look at a change's
// About, so rename detection need not keep it for them.
type countsOnly interface{ countsOnly() }

type discard struct{}

func (discard) Change(*Change) error { return nil }
func (discard) End(*Result) error    { return nil }
func (discard) countsOnly()          {}

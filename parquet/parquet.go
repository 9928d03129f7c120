// Package parquet writes a quire release's records as an Apache Parquet
// file (github.com/parquet-go/parquet-go, pinned in this module's
// go.mod).
//
//   - Typed columns from the schema: the Parquet schema is derived from
//     package fields' description of the bundled record schema — strings
//     as UTF-8 byte arrays, integers as int64, dates as DATE, objects as
//     groups in field order, arrays as LIST groups (captions, removed,
//     authors), nullable or optional fields as optional columns.
//   - The same bytes on every run, and across library upgrades as far as
//     quire controls them: rows in the Source's order (id order), row
//     groups cut by a rule of the records alone (RowGroupRows records or
//     RowGroupBytes of canonical record bytes, whichever comes first),
//     zstd pages at a fixed level, created_by pinned to quire's name and
//     version (never the library's), key-value metadata sorted.
//   - Streaming with bounded memory: one row group is buffered, never
//     the dataset.
//   - Rows are built by hand from each canonical line (Dremel repetition
//     and definition levels), not by reflection, so the file holds
//     exactly what the line holds, for any schema version.
//
// This is a module of its own (see go.mod for why); it imports
// dataset/export, dataset/fields and the parquet-go library.
package parquet

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"time"

	pq "github.com/parquet-go/parquet-go"
	"github.com/quire-archive/quire/dataset/export"
	"github.com/quire-archive/quire/dataset/fields"
)

// Row group bounds: a row group ends after RowGroupRows records or once
// it holds RowGroupBytes of canonical record bytes. They bound the
// writer's memory (one row group is buffered) and are part of the
// format: changing them changes the bytes.
const (
	RowGroupRows  = 10000
	RowGroupBytes = 64 << 20
)

// Options configures Write.
type Options struct {
	// CreatedBy is the file's created_by ("quire version X"); it names
	// quire, not the library, so the bytes do not change with it.
	CreatedBy string
	// Metadata, if set, is called once after the last record and gives
	// the file's key-value metadata (written sorted by key).
	Metadata func() map[string]string
	// RowGroupRows and RowGroupBytes lower the row group bounds (0: the
	// defaults above), for tests.
	RowGroupRows  int64
	RowGroupBytes int64
}

// Schema returns the Parquet schema of records described by fs.
func Schema(fs []fields.Field) *pq.Schema {
	return pq.NewSchema("quire_record", group(fs))
}

// group is a Parquet group whose fields keep fs's order: parquet.Group
// sorts its fields by name.
func group(fs []fields.Field) pq.Node {
	g := &orderedGroup{Group: pq.Group{}}
	for i := range fs {
		n := node(&fs[i])
		g.Group[fs[i].Name] = n
		g.fields = append(g.fields, namedNode{Node: n, name: fs[i].Name})
	}
	return g
}

func node(f *fields.Field) pq.Node {
	var n pq.Node
	switch f.Kind {
	case fields.String:
		n = pq.String()
	case fields.Integer:
		n = pq.Int(64)
	case fields.Date:
		n = pq.Date()
	case fields.List:
		n = pq.List(node(f.Elem))
	case fields.Struct:
		n = group(f.Fields)
	}
	if f.MayBeNull() {
		n = pq.Optional(n)
	}
	return n
}

type orderedGroup struct {
	pq.Group
	fields []namedNode
}

func (g *orderedGroup) Fields() []pq.Field {
	out := make([]pq.Field, len(g.fields))
	for i := range g.fields {
		out[i] = &g.fields[i]
	}
	return out
}

type namedNode struct {
	pq.Node
	name string
}

func (n *namedNode) Name() string { return n.name }

// Value is for reflection-based writing, which this package does not use.
func (n *namedNode) Value(reflect.Value) reflect.Value { return reflect.Value{} }

// plan is a field's place in the Parquet schema: its first leaf column
// and how many leaves it has.
type plan struct {
	f        *fields.Field
	optional bool
	col      int
	leaves   int
	elem     *plan   // lists
	kids     []*plan // structs
}

func makePlans(fs []fields.Field, col *int) []*plan {
	var out []*plan
	for i := range fs {
		out = append(out, makePlan(&fs[i], col))
	}
	return out
}

func makePlan(f *fields.Field, col *int) *plan {
	p := &plan{f: f, optional: f.MayBeNull(), col: *col}
	switch f.Kind {
	case fields.List:
		p.elem = makePlan(f.Elem, col)
	case fields.Struct:
		p.kids = makePlans(f.Fields, col)
	default:
		*col++
	}
	p.leaves = *col - p.col
	return p
}

// rowBuilder turns one decoded record into a Parquet row.
type rowBuilder struct {
	plans []*plan
	cols  [][]pq.Value
	row   pq.Row
}

func newRowBuilder(fs []fields.Field) *rowBuilder {
	col := 0
	b := &rowBuilder{plans: makePlans(fs, &col)}
	b.cols = make([][]pq.Value, col)
	return b
}

func (b *rowBuilder) build(v map[string]any) (pq.Row, error) {
	for i := range b.cols {
		b.cols[i] = b.cols[i][:0]
	}
	for _, p := range b.plans {
		if err := b.emit(p, v[p.f.Name], 0, 0, 0); err != nil {
			return nil, fmt.Errorf("%s: %w", p.f.Name, err)
		}
	}
	b.row = b.row[:0]
	for _, c := range b.cols {
		b.row = append(b.row, c...)
	}
	return b.row, nil
}

// emit appends the leaf values of v, the value of p's field, at
// repetition level r, with d the definition level of its parent and
// maxRep the repetition level of the innermost enclosing list.
func (b *rowBuilder) emit(p *plan, v any, r, d, maxRep int) error {
	if v == nil {
		if !p.optional {
			return errors.New("null or absent, but the schema requires it")
		}
		b.nulls(p, r, d)
		return nil
	}
	if p.optional {
		d++
	}
	switch p.f.Kind {
	case fields.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("a %T where the schema has an object", v)
		}
		for _, k := range p.kids {
			if err := b.emit(k, m[k.f.Name], r, d, maxRep); err != nil {
				return fmt.Errorf("%s: %w", k.f.Name, err)
			}
		}
	case fields.List:
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("a %T where the schema has an array", v)
		}
		if len(a) == 0 {
			b.nulls(p.elem, r, d)
			return nil
		}
		rep := maxRep + 1
		for i, e := range a {
			ri := r
			if i > 0 {
				ri = rep
			}
			if err := b.emit(p.elem, e, ri, d+1, rep); err != nil {
				return fmt.Errorf("item %d: %w", i, err)
			}
		}
	default:
		val, err := leaf(p.f.Kind, v)
		if err != nil {
			return err
		}
		b.cols[p.col] = append(b.cols[p.col], val.Level(r, d, p.col))
	}
	return nil
}

// nulls appends a null at (r, d) to every leaf column of p.
func (b *rowBuilder) nulls(p *plan, r, d int) {
	for c := p.col; c < p.col+p.leaves; c++ {
		b.cols[c] = append(b.cols[c], pq.Value{}.Level(r, d, c))
	}
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

func leaf(k fields.Kind, v any) (pq.Value, error) {
	switch k {
	case fields.String:
		if s, ok := v.(string); ok {
			return pq.ByteArrayValue([]byte(s)), nil
		}
	case fields.Integer:
		if n, ok := v.(json.Number); ok {
			i, err := n.Int64()
			if err != nil {
				return pq.Value{}, fmt.Errorf("%s is not a 64-bit integer", n)
			}
			return pq.Int64Value(i), nil
		}
	case fields.Date:
		if s, ok := v.(string); ok {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return pq.Value{}, fmt.Errorf("%q is not a date", s)
			}
			return pq.Int32Value(int32(t.Sub(epoch).Hours() / 24)), nil
		}
	}
	return pq.Value{}, fmt.Errorf("a %T where the schema has a %v", v, k)
}

// Write writes the records of src as one Parquet file to w. On error
// what was written is not a Parquet file and must be discarded.
func Write(w io.Writer, fs []fields.Field, src export.Source, opts Options) (export.Summary, error) {
	if opts.CreatedBy == "" {
		return export.Summary{}, errors.New("parquet: no created_by")
	}
	pw := pq.NewWriter(w, Schema(fs),
		&pq.WriterConfig{CreatedBy: opts.CreatedBy},
		pq.Compression(&pq.Zstd),
	)
	rb := newRowBuilder(fs)
	maxRows, maxBytes := cmp.Or(opts.RowGroupRows, RowGroupRows), cmp.Or(opts.RowGroupBytes, RowGroupBytes)
	var rows, size int64
	s, err := export.Each(src, func(line []byte, v map[string]any) error {
		row, err := rb.build(v)
		if err != nil {
			return err
		}
		if _, err := pw.WriteRows([]pq.Row{row}); err != nil {
			return err
		}
		rows++
		size += int64(len(line))
		if rows == maxRows || size >= maxBytes {
			rows, size = 0, 0
			return pw.Flush()
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	if opts.Metadata != nil {
		// The writer keeps key-value pairs in the order they are set.
		kv := opts.Metadata()
		for _, k := range slices.Sorted(maps.Keys(kv)) {
			pw.SetKeyValueMetadata(k, kv[k])
		}
	}
	return s, pw.Close()
}

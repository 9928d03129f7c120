// Package export writes a release's records in the forms other tools
// read: JSON Lines (exactly the shards' bytes, concatenated) and CSV
// (RFC 4180, the flat fields only). Parquet lives in the nested module
// github.com/quire-archive/quire/parquet, which builds on Value and
// Columns from here.
//
//   - Streaming: records come one at a time from a Source (a
//     bundle.Reader, which verifies the bundle as it reads) and go to an
//     io.Writer; memory is one record plus the writer's buffer, whatever
//     the dataset's size.
//   - Driven by the schema: the columns are package fields' description
//     of the bundled schema, so an export of a release follows that
//     release's schema and no field can be forgotten.
//   - Deterministic: rows in the Source's order (id order for a
//     bundle), values formatted one way.
//   - The caller owns atomicity: on error, what was written is not an
//     export and must be discarded (cmd/quire writes through
//     internal/atomicfile).
//
// Imports: dataset/fields, dataset/record.
package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/dataset/record"
)

// Source yields records in order with their canonical lines (valid
// until the next call), and io.EOF after the last one: bundle.Reader.
type Source interface {
	Next() (*record.Record, []byte, error)
}

// Summary says what an export wrote.
type Summary struct {
	Records int64
	Bytes   int64 // of record data read (the canonical lines)
}

// JSONL writes every record's canonical line and a newline: the shards'
// bytes, concatenated.
func JSONL(w io.Writer, src Source) (Summary, error) {
	var s Summary
	bw := bufio.NewWriterSize(w, 1<<20)
	for {
		_, line, err := src.Next()
		if err == io.EOF {
			return s, bw.Flush()
		}
		if err != nil {
			return s, err
		}
		s.Records++
		s.Bytes += int64(len(line))
		bw.Write(line)
		if err := bw.WriteByte('\n'); err != nil {
			return s, err
		}
	}
}

// Column is a leaf of the record reached through objects only: one
// value per record, a CSV column.
type Column struct {
	Path  []string // field names from the top, e.g. ["source", "sha256"]
	Field *fields.Field
}

// Name is the column's header: the path joined with ".".
func (c Column) Name() string { return strings.Join(c.Path, ".") }

// FlatColumns returns the columns of fs that hold one value per record:
// leaves reached through objects, in field order. Lists (captions,
// removed, authors) have no place in a flat table and are left out.
func FlatColumns(fs []fields.Field) []Column {
	var out []Column
	var walk func(prefix []string, fs []fields.Field)
	walk = func(prefix []string, fs []fields.Field) {
		for i := range fs {
			f := &fs[i]
			path := append(append([]string(nil), prefix...), f.Name)
			switch f.Kind {
			case fields.Struct:
				walk(path, f.Fields)
			case fields.List:
			default:
				out = append(out, Column{Path: path, Field: f})
			}
		}
	}
	walk(nil, fs)
	return out
}

// Value decodes a canonical line into a generic value: objects as
// map[string]any, arrays as []any, numbers as json.Number, null as nil.
// Export works from the line, not the Go record, so what it writes is
// what the bundle holds whatever the schema version.
func Value(line []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Each calls fn with every record of src: its canonical line and the
// line decoded by Value. An error from src or fn stops it; fn's errors
// are prefixed with the record's id.
func Each(src Source, fn func(line []byte, v map[string]any) error) (Summary, error) {
	var s Summary
	for {
		r, line, err := src.Next()
		if err == io.EOF {
			return s, nil
		}
		if err != nil {
			return s, err
		}
		v, err := Value(line)
		if err == nil {
			err = fn(line, v)
		}
		if err != nil {
			return s, fmt.Errorf("record %q: %w", r.ID, err)
		}
		s.Records++
		s.Bytes += int64(len(line))
	}
}

// Lookup returns the value at path in v, nil when a member on the way
// is null or absent.
func Lookup(v map[string]any, path []string) any {
	var cur any = v
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// CSV writes a header of the flat columns' names and one row per
// record, RFC 4180: CRLF line ends, fields quoted when they hold a
// comma, quote or line break. A null or absent value is an empty field;
// the schema gives no nullable string an empty value, so the two cannot
// be confused.
func CSV(w io.Writer, src Source, fs []fields.Field) (Summary, error) {
	cols := FlatColumns(fs)
	if len(cols) == 0 {
		return Summary{}, errors.New("export: the schema has no flat fields")
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = c.Name()
	}
	if err := cw.Write(row); err != nil {
		return Summary{}, err
	}
	s, err := Each(src, func(_ []byte, v map[string]any) error {
		for i, c := range cols {
			switch x := Lookup(v, c.Path).(type) {
			case nil:
				row[i] = ""
			case string:
				row[i] = x
			case json.Number:
				row[i] = x.String()
			default:
				return fmt.Errorf("%s: a %T where the schema has a %v", c.Name(), x, c.Field.Kind)
			}
		}
		return cw.Write(row)
	})
	if err != nil {
		return s, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return s, err
	}
	return s, bw.Flush()
}

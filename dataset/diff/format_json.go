package diff

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// JSONFormat is the value of the "format" member of JSON output; it
// changes only if the structure changes incompatibly.
const JSONFormat = "quire-diff/1"

// JSON is a Reporter writing one JSON object (docs/DIFF.md). The
// "changes" array streams: each change is written, one per line, as it
// is reported, and counts, dataset changes and the bump follow it, so
// memory does not grow with the number of changes.
type JSON struct {
	w       *bufio.Writer
	started bool
	n       int64
}

// NewJSON returns a JSON reporter writing to w.
func NewJSON(w io.Writer) *JSON { return &JSON{w: bufio.NewWriter(w)} }

func (j *JSON) start() {
	if !j.started {
		j.started = true
		j.w.WriteString("{\"format\":\"" + JSONFormat + "\",\n\"changes\":[")
	}
}

// Change implements Reporter.
func (j *JSON) Change(c *Change) error {
	j.start()
	if j.n > 0 {
		j.w.WriteString(",")
	}
	j.n++
	j.w.WriteString("\n")
	return writeJSON(j.w, c)
}

// End implements Reporter.
func (j *JSON) End(r *Result) error {
	j.start()
	if j.n > 0 {
		j.w.WriteString("\n")
	}
	j.w.WriteString("],\n\"counts\":")
	if err := writeJSON(j.w, r.Counts); err != nil {
		return err
	}
	j.w.WriteString(",\n\"dataset\":")
	if err := writeJSON(j.w, r.Dataset); err != nil {
		return err
	}
	j.w.WriteString(",\n\"bump\":")
	if err := writeJSON(j.w, r.Bump); err != nil {
		return err
	}
	j.w.WriteString("\n}\n")
	return j.w.Flush()
}

func writeJSON(w *bufio.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return err
}

// Stat is a Reporter that writes only the counts, one per line.
type Stat struct{ w io.Writer }

// NewStat returns a Stat reporter writing to w.
func NewStat(w io.Writer) *Stat { return &Stat{w} }

// Change implements Reporter.
func (s *Stat) Change(*Change) error { return nil }

func (s *Stat) countsOnly() {}

// End implements Reporter.
func (s *Stat) End(r *Result) error {
	b := bufio.NewWriter(s.w)
	for _, row := range countRows(r.Counts) {
		writef(b, "%-10s %d\n", row.name, row.n)
	}
	return b.Flush()
}

type countRow struct {
	name string
	n    int64
}

func countRows(c Counts) []countRow {
	return []countRow{{"old", c.Old}, {"new", c.New}, {"added", c.Added}, {"removed", c.Removed},
		{"renamed", c.Renamed}, {"changed", c.Changed}, {"unchanged", c.Unchanged}}
}

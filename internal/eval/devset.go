package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/normalize"
)

// Limits on dev-set files, which are read whole.
const (
	// MaxPageBytes is the largest raw page read: the normalizer's own limit.
	MaxPageBytes = normalize.MaxDocumentBytes
	// MaxLabelsBytes is the largest labels file or manifest read.
	MaxLabelsBytes = 16 << 20
	// maxProblems is how many problems of one labels file are listed
	// before the rest are only counted.
	maxProblems = 10
)

// Line is one raw line of a page.
type Line struct {
	N     int    // 1-based, counting blank lines
	Text  string // raw, without the line ending
	Label Label  // NoLabel for a blank line
	Why   string // the labelling rule that fired, for the report
}

// Page is one labelled dev-set page.
type Page struct {
	Name  string // file stem, also the record id given to the normalizer
	Kind  string // from the manifest, e.g. "news/magazine"; may be empty
	Data  []byte // raw bytes, as given to the normalizer
	Lines []Line // Lines[i].N == i+1
}

// Line returns line n (1-based), or nil when n is out of range.
func (p *Page) Line(n int) *Line {
	if n < 1 || n > len(p.Lines) {
		return nil
	}
	return &p.Lines[n-1]
}

// Devset is an opened dev set: its manifest read, its pages not yet.
type Devset struct {
	fsys  fs.FS
	names []string          // sorted
	kinds map[string]string // name → kind; read only after LoadDevset
	cut   int               // margin of the seed-like cut (Cut), -1 for whole pages
}

// LoadDevset reads manifest.json of the dev set in fsys. Pages are read
// from cases/NAME.txt and cases/NAME.labels.json by Page and Pages.
func LoadDevset(fsys fs.FS) (*Devset, error) {
	b, err := readLimited(fsys, "manifest.json", MaxLabelsBytes)
	if err != nil {
		return nil, err
	}
	var m struct {
		Pages []struct {
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"pages"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", jsonErr(err))
	}
	d := &Devset{fsys: fsys, kinds: make(map[string]string, len(m.Pages)), cut: -1}
	for i, p := range m.Pages {
		if !validName(p.Name) {
			return nil, fmt.Errorf("manifest.json: /pages/%d/name: %q is not a plain file stem", i, p.Name)
		}
		if _, dup := d.kinds[p.Name]; dup {
			return nil, fmt.Errorf("manifest.json: /pages/%d/name: %q is listed twice", i, p.Name)
		}
		d.kinds[p.Name] = p.Kind
		d.names = append(d.names, p.Name)
	}
	if len(d.names) == 0 {
		return nil, errors.New("manifest.json: /pages: no pages")
	}
	slices.Sort(d.names)
	return d, nil
}

func validName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\`) && fs.ValidPath(s)
}

// Names returns the page names in sorted order.
func (d *Devset) Names() []string { return slices.Clone(d.names) }

// Page reads and checks one page.
func (d *Devset) Page(name string) (*Page, error) {
	kind, ok := d.kinds[name]
	if !ok {
		return nil, fmt.Errorf("page %q is not in manifest.json", name)
	}
	p, err := readCase(d.fsys, name, ".labels.json", ParsePage)
	if err != nil {
		return nil, err
	}
	p.Kind = kind
	if d.cut >= 0 {
		p = CutPage(p, d.cut)
	}
	return p, nil
}

// Pages yields the pages in name order, one at a time. After an error the
// sequence goes on with the next page, so a caller may report every bad
// file; it stops when the caller's loop does.
func (d *Devset) Pages() iter.Seq2[*Page, error] {
	return func(yield func(*Page, error) bool) {
		for _, n := range d.names {
			if !yield(d.Page(n)) {
				return
			}
		}
	}
}

// readCase reads page name of a set in fsys, cases/NAME.txt and its
// label file cases/NAME+suffix, with parse; a parse error is prefixed
// with the label file's path.
func readCase[P any](fsys fs.FS, name, suffix string, parse func(string, []byte, io.Reader) (P, error)) (P, error) {
	var zero P
	data, err := readLimited(fsys, path.Join("cases", name+".txt"), MaxPageBytes)
	if err != nil {
		return zero, err
	}
	lab := path.Join("cases", name+suffix)
	f, err := fsys.Open(lab)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	p, err := parse(name, data, f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", lab, err)
	}
	return p, nil
}

func readLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: larger than the limit of %d bytes", name, limit)
	}
	return b, nil
}

// ParsePage builds a page from its raw bytes and its labels file (JSON:
// {"lines": [{"n": N, "label": L, "why": RULE}, ...]}, other keys
// ignored). Every non-blank line must carry exactly one label and no
// blank or missing line may; every such problem is listed in the error,
// with the JSON pointer of the entry at fault.
func ParsePage(name string, data []byte, labels io.Reader) (*Page, error) {
	b, err := readLabels(labels)
	if err != nil {
		return nil, err
	}
	var lf struct {
		Lines *[]struct {
			N     *int   `json:"n"`
			Label string `json:"label"`
			Why   string `json:"why"`
		} `json:"lines"`
	}
	if err := json.Unmarshal(b, &lf); err != nil {
		return nil, jsonErr(err)
	}
	if lf.Lines == nil {
		return nil, errors.New(`/lines: missing`)
	}
	p := &Page{Name: name, Data: data}
	for i, t := range SplitLines(data) {
		p.Lines = append(p.Lines, Line{N: i + 1, Text: t})
	}
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	seen := make(map[int]int)
	for i, e := range *lf.Lines {
		ptr := fmt.Sprintf("/lines/%d", i)
		if e.N == nil {
			add("%s/n: missing", ptr)
			continue
		}
		l := parseLabel(e.Label)
		if l == NoLabel {
			add("%s/label: %q is not content, boilerplate or unsure", ptr, e.Label)
		}
		ln := p.Line(*e.N)
		switch {
		case ln == nil:
			add("%s/n: line %d is outside the page (%d lines)", ptr, *e.N, len(p.Lines))
			continue
		case measure(ln.Text) == 0:
			add("%s/n: line %d is blank", ptr, *e.N)
			continue
		}
		if j, dup := seen[*e.N]; dup {
			add("%s/n: line %d is labelled twice (also /lines/%d)", ptr, *e.N, j)
			continue
		}
		seen[*e.N] = i
		ln.Label, ln.Why = l, e.Why
	}
	for _, ln := range p.Lines {
		if _, ok := seen[ln.N]; !ok && measure(ln.Text) > 0 {
			add("line %d of the page has no label", ln.N)
		}
	}
	if err := problems(probs); err != nil {
		return nil, err
	}
	return p, nil
}

// readLabels reads a labels or snippet file, up to MaxLabelsBytes.
func readLabels(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxLabelsBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxLabelsBytes {
		return nil, fmt.Errorf("larger than the limit of %d bytes", MaxLabelsBytes)
	}
	return b, nil
}

// problems joins the problems found in one file into one error, the
// first maxProblems of them and the count of the rest; nil if none.
func problems(probs []string) error {
	if len(probs) > maxProblems {
		probs = append(probs[:maxProblems], fmt.Sprintf("and %d more problems", len(probs)-maxProblems))
	}
	if len(probs) > 0 {
		return errors.New(strings.Join(probs, "; "))
	}
	return nil
}

// jsonErr adds the byte offset encoding/json knows but does not print.
func jsonErr(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("byte %d: %w", se.Offset, err)
	case errors.As(err, &te):
		return fmt.Errorf("byte %d: %s: cannot use JSON %s as %s", te.Offset, te.Field, te.Value, te.Type)
	}
	return err
}

// SplitLines splits raw bytes into lines at LF, CRLF and CR, the numbering
// of record line numbers and of the labels. A final line ending does not
// start another line; a leading byte-order mark is dropped, as the
// normalizer drops it.
func SplitLines(data []byte) []string {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var lines []string
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			lines = append(lines, string(data))
			break
		}
		lines = append(lines, string(data[:i]))
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return lines
}

// measure is the number of characters a line or span counts for: runes
// after trimming white space at both ends.
func measure(s string) int { return utf8.RuneCountInString(strings.TrimSpace(s)) }

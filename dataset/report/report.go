// Package report collects the problems quire finds in its inputs.
//
//   - Every problem has a stable Code (number and name), a severity, a
//     location (path, line, column, record id, JSON pointer or archive
//     member) and a one-line message that says what to do.
//   - Checkers add problems to a Report and keep going: a report lists
//     every problem, not only the first, up to a limit past which
//     problems are counted by severity (a warning stays a warning).
//   - Sorting is total, so output is deterministic.
//   - Untrusted text (paths, members, pointers, messages) is escaped
//     (Escape) wherever a format writes it on a line, so an input cannot
//     add a line of its own; JSON output ends with a summary object.
//
// This package imports nothing else of quire; every checker imports it.
package report

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a problem blocks acceptance.
type Severity int

const (
	// Error problems make validation fail.
	Error Severity = iota
	// Warning problems are reported but only fail with --strict.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Problem is one thing wrong with an input.
type Problem struct {
	Path     string // file or bundle the problem is in
	Member   string // archive member, if any
	Line     int    // 1-based line, 0 if none
	Column   int    // 1-based column (bytes), 0 if none
	Offset   int64  // byte offset, -1 if none
	Record   string // record id, if known
	Pointer  string // JSON pointer, if any
	Code     Code
	Severity Severity
	Msg      string
}

// Location renders the problem's location as path:member:line:column,
// leaving out what is unknown. Path and member are escaped (Escape).
func (p Problem) Location() string {
	if pl := p.place(); pl != "" {
		return Escape(p.Path) + ":" + pl
	}
	return Escape(p.Path)
}

// place is the location without the path: member:line:column.
func (p Problem) place() string {
	var b strings.Builder
	if p.Member != "" {
		b.WriteString(Escape(p.Member))
	}
	if p.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		fmt.Fprintf(&b, "%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	return b.String()
}

// body is the problem without its location: severity, code, record,
// pointer, byte offset (when there is no line) and message.
func (p Problem) body() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: ", p.Severity, p.Code)
	if p.Record != "" {
		fmt.Fprintf(&b, "record %q: ", p.Record)
	}
	if p.Pointer != "" {
		fmt.Fprintf(&b, "%s: ", Escape(p.Pointer))
	}
	if p.Offset >= 0 && p.Line == 0 {
		fmt.Fprintf(&b, "byte %d: ", p.Offset)
	}
	b.WriteString(Escape(p.Msg))
	return b.String()
}

// String renders the problem on one line, for logs and errors.
func (p Problem) String() string { return p.Location() + ": " + p.body() }

// Report is an ordered collection of problems. The zero value is empty
// and ready to use. Reports are not safe for concurrent use.
type Report struct {
	Problems []Problem
	// Limit caps how many problems are kept (0 means DefaultLimit), so a
	// hostile input with millions of problems cannot exhaust memory.
	// Past it, the first problem of each code not seen yet is still
	// kept (at most one per code), so the cause of a flood is never the
	// one dropped.
	Limit int
	// DroppedErrors and DroppedWarnings count the problems not kept, by
	// severity: a flood of warnings past the limit is still only
	// warnings, so it never fails a run that has no error.
	DroppedErrors, DroppedWarnings int
	codes                          map[int]bool // codes of the problems kept
}

// DefaultLimit is the number of problems a Report keeps by default.
const DefaultLimit = 10000

// Add appends a problem. Offset -1 means "no byte offset" (see At).
func (r *Report) Add(p Problem) {
	limit := r.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	if len(r.Problems) >= limit && r.codes[p.Code.Num] {
		if p.Severity == Error {
			r.DroppedErrors++
		} else {
			r.DroppedWarnings++
		}
		return
	}
	if r.codes == nil {
		r.codes = map[int]bool{}
	}
	r.codes[p.Code.Num] = true
	r.Problems = append(r.Problems, p)
}

// Addf adds a problem of code c at location at, with its severity the
// code's default.
func (r *Report) Addf(at Problem, c Code, format string, args ...any) {
	at.Code = c
	at.Severity = c.Severity
	at.Msg = fmt.Sprintf(format, args...)
	r.Add(at)
}

// Merge appends the problems of o.
func (r *Report) Merge(o *Report) {
	for _, p := range o.Problems {
		r.Add(p)
	}
	r.DroppedErrors += o.DroppedErrors
	r.DroppedWarnings += o.DroppedWarnings
}

// At returns a location in path, with no offset.
func At(path string) Problem { return Problem{Path: path, Offset: -1} }

// Counts returns the number of errors and of warnings, those past the
// limit included.
func (r *Report) Counts() (errors, warnings int) {
	for _, p := range r.Problems {
		if p.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors + r.DroppedErrors, warnings + r.DroppedWarnings
}

// Dropped is the number of problems counted but not kept.
func (r *Report) Dropped() int { return r.DroppedErrors + r.DroppedWarnings }

// HasErrors reports whether any problem, kept or dropped, is an error.
func (r *Report) HasErrors() bool {
	if r.DroppedErrors > 0 {
		return true
	}
	for _, p := range r.Problems {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Strict turns every warning into an error, dropped ones included.
func (r *Report) Strict() {
	for i := range r.Problems {
		r.Problems[i].Severity = Error
	}
	r.DroppedErrors += r.DroppedWarnings
	r.DroppedWarnings = 0
}

// Sort orders problems by path, member, line, column, offset, record,
// pointer, code and message: a total order, for deterministic output.
func (r *Report) Sort() {
	sort.SliceStable(r.Problems, func(i, j int) bool {
		a, b := r.Problems[i], r.Problems[j]
		switch {
		case a.Path != b.Path:
			return a.Path < b.Path
		case a.Member != b.Member:
			return a.Member < b.Member
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Column != b.Column:
			return a.Column < b.Column
		case a.Offset != b.Offset:
			return a.Offset < b.Offset
		case a.Record != b.Record:
			return a.Record < b.Record
		case a.Pointer != b.Pointer:
			return a.Pointer < b.Pointer
		case a.Code.Num != b.Code.Num:
			return a.Code.Num < b.Code.Num
		}
		return a.Msg < b.Msg
	})
}

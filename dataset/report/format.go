package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats accepted by Write.
const (
	FormatText   = "text"
	FormatJSON   = "json"
	FormatGitHub = "github"
)

// Run describes the run a report is about, for its summary.
type Run struct {
	Inputs int // the number of inputs checked
	// Skipped names the checks that did not run, each with why, e.g.
	// "duplicate and id-collision checks: no dataset (-against)", so that
	// a clean summary never claims more than was checked.
	Skipped []string
}

// Write renders r (which should be sorted) in one of the formats:
//
//   - text: problems grouped per file, then a summary line;
//   - json: one JSON object per problem per line, with stable field
//     names (see JSONProblem), then one summary object (JSONSummary);
//   - github: GitHub Actions workflow commands (::error file=…,line=…::),
//     so a pull request shows each problem on its line, then a summary.
//
// Every untrusted string (paths, members, pointers, messages) is written
// with its control characters escaped (see Escape), so an input cannot
// add a line of its own to the text or github output.
func Write(w io.Writer, format string, r *Report, run Run) error {
	switch format {
	case FormatText:
		return writeText(w, r, run)
	case FormatJSON:
		return writeJSON(w, r, run)
	case FormatGitHub:
		return writeGitHub(w, r, run)
	}
	return fmt.Errorf("unknown format %q (want text, json or github)", format)
}

// Summary is the last line of the text and github formats.
func Summary(r *Report, run Run) string {
	e, wn := r.Counts()
	s := fmt.Sprintf("%s, %s in %s", plural(e, "error"), plural(wn, "warning"), plural(run.Inputs, "input"))
	if n := r.Dropped(); n > 0 {
		s += fmt.Sprintf(" (%s not listed)", plural(n, "more problem"))
	}
	for _, sk := range run.Skipped {
		s += "; skipped: " + Escape(sk)
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func writeText(w io.Writer, r *Report, run Run) error {
	var b strings.Builder
	last, first := "", true
	for _, p := range r.Problems {
		if first || p.Path != last {
			fmt.Fprintf(&b, "%s\n", ShowPath(p.Path))
			last, first = p.Path, false
		}
		fmt.Fprintf(&b, "  %s\n", textLine(p))
	}
	fmt.Fprintf(&b, "%s\n", Summary(r, run))
	_, err := io.WriteString(w, b.String())
	return err
}

// textLine is a problem without its path, which heads its group.
func textLine(p Problem) string {
	var b strings.Builder
	if loc := p.place(); loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	b.WriteString(p.body())
	return b.String()
}

// JSONProblem is the stable JSON form of a problem. Fields that do not
// apply are omitted.
type JSONProblem struct {
	Path     string `json:"path"`
	Member   string `json:"member,omitempty"`
	Line     int    `json:"line,omitempty"`
	Column   int    `json:"column,omitempty"`
	Offset   *int64 `json:"offset,omitempty"`
	Record   string `json:"record,omitempty"`
	Pointer  string `json:"pointer,omitempty"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// ToJSON converts p to its stable JSON form.
func ToJSON(p Problem) JSONProblem {
	j := JSONProblem{
		Path: p.Path, Member: p.Member, Line: p.Line, Column: p.Column, Record: p.Record,
		Pointer: p.Pointer, Code: p.Code.ID(), Name: p.Code.Name, Severity: p.Severity.String(), Message: p.Msg,
	}
	if p.Offset >= 0 {
		off := p.Offset
		j.Offset = &off
	}
	return j
}

// JSONSummary is the last object of the json format, under the key
// "summary", so that a consumer can tell a clean run from no output at
// all and see what was not checked. Errors and Warnings count every
// problem; NotListed those past the report's limit, which have no
// object of their own.
type JSONSummary struct {
	Errors    int      `json:"errors"`
	Warnings  int      `json:"warnings"`
	Inputs    int      `json:"inputs"`
	NotListed int      `json:"not_listed"`
	Skipped   []string `json:"skipped"`
}

func writeJSON(w io.Writer, r *Report, run Run) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, p := range r.Problems {
		if err := enc.Encode(ToJSON(p)); err != nil {
			return err
		}
	}
	e, wn := r.Counts()
	sum := JSONSummary{Errors: e, Warnings: wn, Inputs: run.Inputs, NotListed: r.Dropped(), Skipped: append([]string{}, run.Skipped...)}
	if err := enc.Encode(struct {
		Summary JSONSummary `json:"summary"`
	}{sum}); err != nil {
		return err
	}
	return bw.Flush()
}

// writeGitHub emits workflow commands. GitHub can only anchor an
// annotation on a file of the repository, so a problem inside a bundle
// member names the bundle and puts the member in the title.
func writeGitHub(w io.Writer, r *Report, run Run) error {
	var b strings.Builder
	for _, p := range r.Problems {
		cmd := "error"
		if p.Severity == Warning {
			cmd = "warning"
		}
		props := []string{"file=" + ghProp(Escape(p.Path))}
		if p.Line > 0 && p.Member == "" {
			props = append(props, fmt.Sprintf("line=%d", p.Line))
			if p.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", p.Column))
			}
		}
		title := p.Code.String()
		if p.Member != "" {
			title += " in " + Escape(p.Member)
			if p.Line > 0 {
				title += fmt.Sprintf(" line %d", p.Line)
			}
		}
		props = append(props, "title="+ghProp(title))
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(p.body()))
	}
	fmt.Fprintf(&b, "%s\n", Summary(r, run))
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData and ghProp escape as the Actions toolkit does.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

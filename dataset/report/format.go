package report

import (
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

// Write renders r (which should be sorted) in one of the formats:
//
//   - text: problems grouped per file, then a summary line;
//   - json: one JSON object per problem per line, with stable field
//     names (see JSONProblem), then nothing else;
//   - github: GitHub Actions workflow commands (::error file=…,line=…::),
//     so a pull request shows each problem on its line, then a summary.
//
// files is the number of inputs checked, for the summary line.
func Write(w io.Writer, format string, r *Report, files int) error {
	switch format {
	case FormatText:
		return writeText(w, r, files)
	case FormatJSON:
		return writeJSON(w, r)
	case FormatGitHub:
		return writeGitHub(w, r, files)
	}
	return fmt.Errorf("unknown format %q (want text, json or github)", format)
}

// Summary is the last line of the text and github formats.
func Summary(r *Report, files int) string {
	e, wn := r.Counts()
	s := fmt.Sprintf("%s, %s in %s", plural(e, "error"), plural(wn, "warning"), plural(files, "input"))
	if r.Dropped > 0 {
		s += fmt.Sprintf(" (%d more problems not listed)", r.Dropped)
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func writeText(w io.Writer, r *Report, files int) error {
	var b strings.Builder
	last := "\x00"
	for _, p := range r.Problems {
		if p.Path != last {
			fmt.Fprintf(&b, "%s\n", p.Path)
			last = p.Path
		}
		fmt.Fprintf(&b, "  %s\n", textLine(p))
	}
	fmt.Fprintf(&b, "%s\n", Summary(r, files))
	_, err := io.WriteString(w, b.String())
	return err
}

// textLine is a problem without its path, which heads its group.
func textLine(p Problem) string {
	var b strings.Builder
	loc := strings.TrimPrefix(p.Location(), p.Path)
	loc = strings.TrimPrefix(loc, ":")
	if loc != "" {
		b.WriteString(loc)
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%s %s: ", p.Severity, p.Code)
	if p.Record != "" {
		fmt.Fprintf(&b, "record %q: ", p.Record)
	}
	if p.Pointer != "" {
		fmt.Fprintf(&b, "%s: ", p.Pointer)
	}
	if p.Offset >= 0 && p.Line == 0 {
		fmt.Fprintf(&b, "byte %d: ", p.Offset)
	}
	b.WriteString(p.Msg)
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

func writeJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, p := range r.Problems {
		if err := enc.Encode(ToJSON(p)); err != nil {
			return err
		}
	}
	return nil
}

// writeGitHub emits workflow commands. GitHub can only anchor an
// annotation on a file of the repository, so a problem inside a bundle
// member names the bundle and puts the member in the title.
func writeGitHub(w io.Writer, r *Report, files int) error {
	var b strings.Builder
	for _, p := range r.Problems {
		cmd := "error"
		if p.Severity == Warning {
			cmd = "warning"
		}
		props := []string{"file=" + ghProp(p.Path)}
		if p.Line > 0 && p.Member == "" {
			props = append(props, fmt.Sprintf("line=%d", p.Line))
			if p.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", p.Column))
			}
		}
		title := p.Code.String()
		if p.Member != "" {
			title += " in " + p.Member
			if p.Line > 0 {
				title += fmt.Sprintf(" line %d", p.Line)
			}
		}
		props = append(props, "title="+ghProp(title))
		fmt.Fprintf(&b, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(strings.TrimPrefix(textLine(p), strings.TrimPrefix(p.Location(), p.Path+":")+": ")))
	}
	fmt.Fprintf(&b, "%s\n", Summary(r, files))
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

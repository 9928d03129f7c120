package diff

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// DefaultMaxDetails is the Markdown reporter's cap on listed records
// per kind when MarkdownOptions.MaxDetails is zero.
const DefaultMaxDetails = 100

// MarkdownOptions configures the Markdown reporter.
type MarkdownOptions struct {
	// MaxDetails caps the records listed per kind (added, removed,
	// renamed, changed); 0 means DefaultMaxDetails. The summary comes
	// first but is known only at the end, so listed records are held in
	// memory: the cap bounds that memory. Counts are always exact.
	MaxDetails int
}

// Markdown is a Reporter writing release notes a maintainer can paste:
// the bump, a summary table, schema and dataset changes, then the
// records by kind.
type Markdown struct {
	w     io.Writer
	max   int
	lists map[Kind]*mdList
}

type mdList struct {
	lines []string
	n     int64
}

// NewMarkdown returns a Markdown reporter writing to w.
func NewMarkdown(w io.Writer, opts MarkdownOptions) *Markdown {
	m := &Markdown{w: w, max: opts.MaxDetails, lists: map[Kind]*mdList{}}
	if m.max <= 0 {
		m.max = DefaultMaxDetails
	}
	for _, k := range []Kind{Added, Removed, Renamed, Changed} {
		m.lists[k] = &mdList{}
	}
	return m
}

// Change implements Reporter.
func (m *Markdown) Change(c *Change) error {
	l := m.lists[c.Kind]
	l.n++
	if len(l.lines) >= m.max {
		return nil
	}
	var s string
	switch c.Kind {
	case Renamed:
		s = mdCode(c.OldID) + " → " + mdCode(c.ID) + mdAbout(c.About)
	case Changed:
		s = mdCode(c.ID) + mdAbout(c.About) + ": " + describeChange(c)
	default:
		s = mdCode(c.ID) + mdAbout(c.About)
	}
	l.lines = append(l.lines, s)
	return nil
}

// mdAbout is a record's title, outlet and date after its id:
// " — Title (Outlet, 2024-05-02)", or "" when none is known.
func mdAbout(a About) string {
	var s string
	if a.Title != nil {
		s = " — " + mdText(*a.Title)
	}
	if where := aboutWhere(a, mdText); where != "" {
		if s == "" {
			s = " —"
		}
		s += " (" + where + ")"
	}
	return s
}

// describeChange is a one-line summary of a changed record.
func describeChange(c *Change) string {
	var parts []string
	for _, f := range c.Fields {
		switch f {
		case "text":
			del, ins := 0, 0
			for _, h := range c.Text {
				for _, p := range h.Paragraphs {
					switch p.Op {
					case "-":
						del++
					case "+":
						ins++
					}
				}
			}
			parts = append(parts, fmt.Sprintf("text (−%d +%d %s)", del, ins, plural(int64(max(del, ins)), "paragraph")))
		case "captions", "removed":
			d := c.Captions
			name := "captions"
			if f == "removed" {
				d, name = c.Removed, "removed lines"
			}
			del, ins := 0, 0
			for _, it := range d.Changes {
				if it.Op == "-" {
					del++
				} else {
					ins++
				}
			}
			if del+ins == 0 {
				parts = append(parts, name+" (line numbers only)")
			} else {
				parts = append(parts, fmt.Sprintf("%s (−%d +%d)", name, del, ins))
			}
		case "rules_version", "title", "authors", "outlet", "published", "language":
			for _, v := range c.Values {
				if v.Field == f {
					parts = append(parts, fmt.Sprintf("%s %s → %s", f, mdCode(showValue(f, v.Old)), mdCode(showValue(f, v.New))))
				}
			}
		default:
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, ", ")
}

// mdCode writes s as a Markdown code span that s cannot break out of.
func mdCode(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// End implements Reporter.
func (m *Markdown) End(r *Result) error {
	w := bufio.NewWriter(m.w)
	o, n := r.Dataset.Old, r.Dataset.New
	writef(w, "# Changes from %s to %s\n\n", sideTitle(o), sideTitle(n))
	if r.Identical() {
		w.WriteString("No differences.\n")
		return w.Flush()
	}
	writef(w, "Required version bump: **%s**\n\n", r.Bump.Level)
	for _, rs := range r.Bump.Reasons {
		writef(w, "- %s: %s\n", rs.Level, mdText(rs.Why))
	}
	if len(r.Bump.Reasons) > 0 {
		w.WriteString("\n")
	}
	w.WriteString("| records | count |\n|---|---:|\n")
	for _, row := range countRows(r.Counts) {
		writef(w, "| %s | %d |\n", row.name, row.n)
	}
	if len(r.Dataset.Schema) > 0 {
		w.WriteString("\n## Schema\n\n")
		for _, s := range r.Dataset.Schema {
			writef(w, "- %s: %s (%s)\n", mdCode(display(s.Path)), mdText(s.What), s.Level)
		}
	}
	if len(r.Dataset.Fields) > 0 {
		w.WriteString("\n## Dataset\n\n")
		for _, f := range r.Dataset.Fields {
			writef(w, "- %s: %s → %s\n", mdText(f.Field), mdCode(quoteValue(f.Old)), mdCode(quoteValue(f.New)))
		}
	}
	for _, k := range []Kind{Added, Removed, Renamed, Changed} {
		l := m.lists[k]
		if l.n == 0 {
			continue
		}
		writef(w, "\n## %s (%d)\n\n", strings.ToUpper(string(k[:1]))+string(k[1:]), l.n)
		for _, s := range l.lines {
			writef(w, "- %s\n", s)
		}
		if rest := l.n - int64(len(l.lines)); rest > 0 {
			writef(w, "- … and %d more\n", rest)
		}
	}
	return w.Flush()
}

func sideTitle(id Ident) string {
	var parts []string
	for _, s := range []string{id.Name, id.Version} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, id.Label)
	}
	if parts[0] == "" {
		return "(unnamed)"
	}
	return mdText(strings.Join(parts, " "))
}

// mdText escapes characters that Markdown would interpret.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range strings.NewReplacer("\n", " ", "\r", " ").Replace(s) {
		if strings.ContainsRune("\\`*_[]<>|#", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

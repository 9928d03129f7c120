package diff

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// TextOptions configures the text reporter.
type TextOptions struct {
	// Color adds ANSI colours. The caller decides; cmd/quire sets it only
	// when stdout is a terminal.
	Color bool
	// MaxDetails caps the records printed: past it, records are only
	// counted and a "… and N more" line follows (0: no cap). Counts are
	// always exact.
	MaxDetails int
}

// Text is the human-readable Reporter. It writes nothing at all when
// the sides are identical.
type Text struct {
	w     *bufio.Writer
	opts  TextOptions
	shown int64
	more  int64
}

// NewText returns a text reporter writing to w.
func NewText(w io.Writer, opts TextOptions) *Text {
	return &Text{w: bufio.NewWriter(w), opts: opts}
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiRed   = "\x1b[31m"
	ansiGreen = "\x1b[32m"
	ansiCyan  = "\x1b[36m"
)

func (t *Text) color(c, s string) string {
	if !t.opts.Color || s == "" {
		return s
	}
	return c + s + ansiReset
}

func writef(w *bufio.Writer, format string, args ...any) { fmt.Fprintf(w, format, args...) }

// Change implements Reporter.
func (t *Text) Change(c *Change) error {
	if t.opts.MaxDetails > 0 && t.shown >= int64(t.opts.MaxDetails) {
		t.more++
		return nil
	}
	t.shown++
	w := t.w
	switch c.Kind {
	case Added:
		writef(w, "%s %s%s\n", t.color(ansiGreen, "added  "), c.ID, aboutText(c.About))
	case Removed:
		writef(w, "%s %s%s\n", t.color(ansiRed, "removed"), c.ID, aboutText(c.About))
	case Renamed:
		writef(w, "%s %s -> %s%s\n", t.color(ansiCyan, "renamed"), c.OldID, c.ID, aboutText(c.About))
	case Changed:
		writef(w, "%s %s%s: %s\n", t.color(ansiBold, "changed"), c.ID, aboutText(c.About), strings.Join(c.Fields, ", "))
		for _, v := range c.Values {
			writef(w, "  %s: %s -> %s\n", v.Field, showValue(v.Field, v.Old), showValue(v.Field, v.New))
		}
		if len(c.Text) > 0 {
			w.WriteString("  text:\n")
			for _, h := range c.Text {
				writef(w, "    %s\n", t.color(ansiCyan, hunkHeader(h)))
				for _, p := range h.Paragraphs {
					col := map[string]string{"-": ansiRed, "+": ansiGreen}[p.Op]
					for _, line := range strings.Split(p.Text, "\n") {
						w.WriteString("    " + t.color(col, strings.TrimRight(p.Op+line, " ")) + "\n")
					}
				}
			}
		}
		t.items(w, "captions", c.Captions)
		t.items(w, "removed", c.Removed)
	}
	return nil
}

// aboutText is a record's title, outlet and date after its id, for a
// reader: ` "Title" (Outlet, 2024-05-02)`, or "" when none is known.
// The title is quoted and the others escaped if they hold anything not
// printable, so a record cannot write a line of its own.
func aboutText(a About) string {
	var s string
	if a.Title != nil {
		s = " " + strconv.Quote(*a.Title)
	}
	if where := aboutWhere(a, printable); where != "" {
		s += " (" + where + ")"
	}
	return s
}

// aboutWhere is "Outlet, 2024-05-02", or the one known, each shown with
// show.
func aboutWhere(a About, show func(string) string) string {
	var parts []string
	for _, p := range []*string{a.Outlet, a.Published} {
		if p != nil && *p != "" {
			parts = append(parts, show(*p))
		}
	}
	return strings.Join(parts, ", ")
}

// printable returns s, or s quoted if it holds a character that is not
// printable (a newline, an escape sequence).
func printable(s string) string {
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

func (t *Text) items(w *bufio.Writer, name string, d *Items) {
	if d == nil {
		return
	}
	writef(w, "  %s:\n", name)
	for _, it := range d.Changes {
		col := map[string]string{"-": ansiRed, "+": ansiGreen}[it.Op]
		w.WriteString("    " + t.color(col, it.Op+" "+describeItem(it)) + "\n")
	}
	if d.Moved > 0 {
		writef(w, "    (%d %s only moved to another line)\n", d.Moved, plural(int64(d.Moved), "item"))
	}
}

func describeItem(it Item) string {
	s := fmt.Sprintf("line %d", it.Line)
	if it.Rule != "" {
		s += " [" + it.Rule + "]"
	}
	s += " " + strconv.Quote(it.Text)
	if it.Credit != nil {
		s += " credit " + strconv.Quote(*it.Credit)
	}
	if it.Why != "" {
		s += " (" + it.Why + ")"
	}
	return s
}

func hunkHeader(h Hunk) string {
	return fmt.Sprintf("@@ -%d,%d +%d,%d @@", h.OldStart, h.OldCount, h.NewStart, h.NewCount)
}

func quoteValue(s *string) string {
	if s == nil {
		return "null"
	}
	return strconv.Quote(*s)
}

// End implements Reporter.
func (t *Text) End(r *Result) error {
	w := t.w
	if r.Identical() {
		return w.Flush()
	}
	if t.more > 0 {
		writef(w, "… and %d more %s\n", t.more, plural(t.more, "record"))
	}
	if t.shown > 0 || t.more > 0 {
		w.WriteString("\n")
	}
	for _, f := range r.Dataset.Fields {
		writef(w, "%s: %s -> %s\n", f.Field, quoteValue(f.Old), quoteValue(f.New))
	}
	if len(r.Dataset.Schema) > 0 {
		w.WriteString("schema:\n")
		for _, s := range r.Dataset.Schema {
			writef(w, "  %s: %s (%s)\n", display(s.Path), s.What, s.Level)
		}
	}
	c := r.Counts
	writef(w, "%d changed, %d added, %d removed, %d renamed, %d unchanged (old %d, new %d records)\n",
		c.Changed, c.Added, c.Removed, c.Renamed, c.Unchanged, c.Old, c.New)
	writef(w, "required version bump: %s\n", t.color(ansiBold, r.Bump.Level.String()))
	for _, rs := range r.Bump.Reasons {
		writef(w, "  %s: %s\n", rs.Level, rs.Why)
	}
	return w.Flush()
}

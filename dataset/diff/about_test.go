package diff

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// TestAboutBesideIDs: every kind of change names its record's title,
// outlet and date beside the id, in text and Markdown, with and without
// rename detection (which holds removed and added records until the
// end); a title that would break a line is quoted or escaped, and a
// very long one is cut.
func TestAboutBesideIDs(t *testing.T) {
	with := func(id, text, title, outlet, date string) *record.Record {
		r := rec(id, text)
		r.Title, r.Outlet, r.Published = sp(title), sp(outlet), sp(date)
		return r
	}
	old := []*record.Record{
		with("a1", "Kept text.", "Old council title", "Gazette", "2024-05-01"),
		with("b2", "Gone text.", "Bridge closes", "Herald", "2024-04-02"),
		with("c3", "Moved text.", "Ferry resumes", "Post", "2024-03-03"),
	}
	long := strings.Repeat("Long ", 60)
	new := []*record.Record{
		with("a1", "Kept text, edited.", "Council meets on budget", "Gazette", "2024-05-02"),
		with("c9", "Moved text.", "Ferry resumes", "Post", "2024-03-03"),
		with("e5", "New text.", "Forged\n::error::title", "Times", "2024-06-01"),
		with("f6", "Other new text.", long, "Times", "2024-06-02"),
	}
	for _, noRenames := range []bool{false, true} {
		var txt, md bytes.Buffer
		if _, err := Run(NewMemSide(SideInfo{}, old...), NewMemSide(SideInfo{}, new...), Options{NoRenames: noRenames}, NewText(&txt, TextOptions{})); err != nil {
			t.Fatal(err)
		}
		if _, err := Run(NewMemSide(SideInfo{}, old...), NewMemSide(SideInfo{}, new...), Options{NoRenames: noRenames}, NewMarkdown(&md, MarkdownOptions{})); err != nil {
			t.Fatal(err)
		}
		wantText := []string{
			`changed a1 "Council meets on budget" (Gazette, 2024-05-02): `,
			`removed b2 "Bridge closes" (Herald, 2024-04-02)`,
			`added   e5 "Forged\n::error::title" (Times, 2024-06-01)`,
			`added   f6 "` + strings.Repeat("Long ", 23) + "Long…\" (Times, 2024-06-02)",
		}
		wantMD := []string{
			"- `a1` — Council meets on budget (Gazette, 2024-05-02): ",
			"- `b2` — Bridge closes (Herald, 2024-04-02)",
			"- `e5` — Forged ::error::title (Times, 2024-06-01)",
		}
		if noRenames {
			wantText = append(wantText, `removed c3 "Ferry resumes" (Post, 2024-03-03)`, `added   c9 "Ferry resumes" (Post, 2024-03-03)`)
		} else {
			wantText = append(wantText, `renamed c3 -> c9 "Ferry resumes" (Post, 2024-03-03)`)
			wantMD = append(wantMD, "- `c3` → `c9` — Ferry resumes (Post, 2024-03-03)")
		}
		for _, w := range wantText {
			if !strings.Contains(txt.String(), w+"\n") && !strings.Contains(txt.String(), w) {
				t.Errorf("renames %v: text lacks %q:\n%s", !noRenames, w, txt.String())
			}
		}
		for _, w := range wantMD {
			if !strings.Contains(md.String(), w) {
				t.Errorf("renames %v: markdown lacks %q:\n%s", !noRenames, w, md.String())
			}
		}
		for _, out := range []string{txt.String(), md.String()} {
			for _, l := range strings.Split(out, "\n") {
				if strings.HasPrefix(l, "::") {
					t.Errorf("a title started a line: %q", l)
				}
			}
		}
	}
}

func TestPackAbout(t *testing.T) {
	long := strings.Repeat("é", maxAboutRunes)
	for _, a := range []About{
		{},
		{Title: sp("")},
		{Title: sp("A title"), Outlet: sp("CNN"), Published: sp("2024-05-02")},
		{Outlet: sp("x\x00y")},
		{Title: sp(long), Published: sp("")},
	} {
		got := unpackAbout(packAbout(a))
		for i, pair := range [][2]*string{{a.Title, got.Title}, {a.Outlet, got.Outlet}, {a.Published, got.Published}} {
			if (pair[0] == nil) != (pair[1] == nil) || (pair[0] != nil && *pair[0] != *pair[1]) {
				t.Errorf("field %d of %+v does not survive packing", i, a)
			}
		}
	}
}

package contrib

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

var update = flag.Bool("update", false, "rewrite the generated parts of docs")

const contributingDoc = "../../docs/CONTRIBUTING.md"

// codesTable renders every code of report.All() as a Markdown table.
func codesTable() string {
	var b strings.Builder
	b.WriteString("| code | name | severity | meaning |\n| --- | --- | --- | --- |\n")
	for _, c := range report.All() {
		help := strings.ReplaceAll(c.Help, "|", `\|`)
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.ID(), c.Name, c.Severity, help)
	}
	return b.String()
}

// TestCodesDoc fails when the table of codes in docs/CONTRIBUTING.md is
// not the one report.All() gives; -update rewrites it.
func TestCodesDoc(t *testing.T) {
	doc, err := os.ReadFile(contributingDoc)
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- codes:begin -->\n", "<!-- codes:end -->"
	s := string(doc)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s: no %q … %q markers", contributingDoc, begin, end)
	}
	want := s[:i+len(begin)] + codesTable() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(contributingDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the table of codes is out of date; run go test ./dataset/contrib -run TestCodesDoc -update", contributingDoc)
}

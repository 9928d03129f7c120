package normalize

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDebugView shows a web dev-set page line by line with its classes,
// decisions and snippet marks (scratch). VIEW=name.
func TestDebugView(t *testing.T) {
	name := os.Getenv("VIEW")
	if name == "" {
		t.Skip()
	}
	base := "/work/shared/devset-web/cases/" + name
	data, _ := os.ReadFile(base + ".txt")
	var sn struct{ With, Without []string }
	b, _ := os.ReadFile(base + ".snippets.json")
	json.Unmarshal(b, &sn)
	n := newNormalizer(t)
	info := map[int]string{}
	debugHook = func(pass int, pg *page, lines []Line) {
		for i := range lines {
			info[lines[i].N] = fmt.Sprintf("%-9s %-9s d=%.2f w=%-3d", pg.cf[i], pg.final[i], pg.fs[i].density(), pg.fs[i].words)
		}
	}
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: data})
	debugHook = nil
	if err != nil {
		t.Fatal(err)
	}
	rules := map[int]string{}
	for _, r := range rec.Removed {
		rules[r.Line] = r.Rule
	}
	for _, c := range rec.Captions {
		rules[c.Line] = "CAPTION"
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		mark := " "
		for _, s := range sn.With {
			if strings.Contains(l, s) {
				mark = "+"
			}
		}
		for _, s := range sn.Without {
			if strings.Contains(l, s) {
				mark = "-"
			}
		}
		r := rules[i+1]
		if r == "" {
			r = "KEPT"
		}
		if len(l) > 80 {
			l = l[:80]
		}
		fmt.Printf("%s %4d %-38s %-22s %s\n", mark, i+1, info[i+1], strings.TrimPrefix(r, "classifier:"), l)
	}
}

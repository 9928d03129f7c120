package normalize

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestDebugSnip lists snippet outcomes of the web dev set with the class
// of the line holding each snippet (scratch).
func TestDebugSnip(t *testing.T) {
	mode := os.Getenv("SNIP") // "fp", "fn" or "all"
	if mode == "" {
		t.Skip()
	}
	langWant := os.Getenv("SNIPLANG")
	n := newNormalizer(t)
	files, _ := filepath.Glob("/work/shared/devset-web/cases/*.txt")
	ws := func(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }
	for _, f := range files {
		var sn struct {
			With, Without []string
			Lang          string
		}
		b, _ := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".snippets.json")
		json.Unmarshal(b, &sn)
		if langWant != "" && sn.Lang != langWant {
			continue
		}
		data, _ := os.ReadFile(f)
		info := map[int]string{}
		debugHook = func(pass int, pg *page, lines []Line) {
			for i := range lines {
				info[lines[i].N] = fmt.Sprintf("%s/%s d=%.2f w=%d", pg.cf[i], pg.final[i], pg.fs[i].density(), pg.fs[i].words)
			}
		}
		rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: data})
		debugHook = nil
		if err != nil {
			continue
		}
		text := ws(rec.Text)
		rules := map[int]string{}
		for _, r := range rec.Removed {
			rules[r.Line] = r.Rule
		}
		raw := strings.Split(string(data), "\n")
		where := func(s string) (int, string) {
			s = ws(s)
			for i, l := range raw {
				if strings.Contains(ws(l), s) {
					return i + 1, l
				}
			}
			return 0, ""
		}
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		if len(name) > 28 {
			name = name[:28]
		}
		for k, list := range [][]string{sn.With, sn.Without} {
			for _, s := range list {
				in := strings.Contains(text, ws(s))
				bad := (k == 0) != in
				if mode == "fn" && !(k == 0 && bad) || mode == "fp" && !(k == 1 && bad) || mode == "bad" && !bad {
					continue
				}
				ln, l := where(s)
				if len(l) > 90 {
					l = l[:90]
				}
				kind := [...]string{"WITH", "WITHOUT"}[k]
				fmt.Printf("%-7s %-5v %-28s %4d %-28s %-22s %q\n", kind, in, name, ln, info[ln], rules[ln], l)
			}
		}
	}
}

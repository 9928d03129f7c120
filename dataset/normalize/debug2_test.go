package normalize

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestDebugKept aggregates, over the line-labelled dev set, the classes of
// boilerplate lines that survive and content lines that are lost (scratch).
func TestDebugKept(t *testing.T) {
	if os.Getenv("KEPT") == "" {
		t.Skip()
	}
	n := newNormalizer(t)
	files, _ := filepath.Glob("/work/shared/devset/cases/*.txt")
	type key struct{ label, cf, final, pos string }
	agg := map[key]int{}
	for _, f := range files {
		data, _ := os.ReadFile(f)
		var lab struct {
			Lines []struct {
				N     int    `json:"n"`
				Label string `json:"label"`
			} `json:"lines"`
		}
		b, _ := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".labels.json")
		json.Unmarshal(b, &lab)
		labels := map[int]string{}
		for _, l := range lab.Lines {
			labels[l.N] = l.Label
		}
		last := map[int][2]string{}
		debugHook = func(pass int, pg *page, lines []Line) {
			for i := range lines {
				pos := "mid"
				if pg.first < 0 || i < pg.first {
					pos = "top"
				} else if i > pg.last {
					pos = "bot"
				}
				last[lines[i].N] = [2]string{pg.cf[i].String() + "/" + pg.final[i].String(), pos}
			}
		}
		rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: data})
		debugHook = nil
		if err != nil {
			continue
		}
		gone := map[int]bool{}
		for _, r := range rec.Removed {
			gone[r.Line] = true
		}
		for _, c := range rec.Captions {
			gone[c.Line] = true
		}
		for ln, v := range last {
			l := labels[ln]
			if l == "boilerplate" && !gone[ln] || l == "content" && gone[ln] {
				cls := strings.SplitN(v[0], "/", 2)
				agg[key{l, cls[0], cls[1], v[1]}] += 1
			}
		}
	}
	var ks []key
	for k := range agg {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return agg[ks[i]] > agg[ks[j]] })
	for _, k := range ks {
		fmt.Printf("%6d %+v\n", agg[k], k)
	}
}

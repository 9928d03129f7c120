package lang

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// TestDetectDevsets measures detection against the hand labels of
// ../shared/devset-web and the all-English ../shared/devset. A wrong
// language is worse than Unsure (the classifier then falls back to a
// cross-language list), so the floors bound wrong answers tightly and
// unsure ones loosely. Run with -v for the table.
func TestDetectDevsets(t *testing.T) {
	pages := append(loadWeb(t), loadDevset(t)...)
	type tally struct{ right, wrong, unsure int }
	by := map[string]*tally{}
	all := &tally{}
	var wrong, unsure []string
	for _, p := range pages {
		got := Detect(p.lines)
		tl := by[p.lang]
		if tl == nil {
			tl = &tally{}
			by[p.lang] = tl
		}
		switch {
		case got == Unsure:
			tl.unsure++
			all.unsure++
			unsure = append(unsure, fmt.Sprintf("%s(%s)", p.name, p.lang))
		case string(got) == p.lang:
			tl.right++
			all.right++
		default:
			tl.wrong++
			all.wrong++
			wrong = append(wrong, fmt.Sprintf("%s(%s→%s)", p.name, p.lang, got))
		}
	}
	var langs []string
	for l := range by {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		t.Logf("%-4s right %3d  wrong %2d  unsure %2d", l, by[l].right, by[l].wrong, by[l].unsure)
	}
	t.Logf("all  right %3d  wrong %2d  unsure %2d of %d pages", all.right, all.wrong, all.unsure, len(pages))
	t.Logf("wrong: %s", strings.Join(wrong, " "))
	t.Logf("unsure: %s", strings.Join(unsure, " "))
	if all.wrong > maxWrong {
		t.Errorf("%d pages detected as a wrong language, want at most %d: %s", all.wrong, maxWrong, strings.Join(wrong, " "))
	}
	if all.unsure > maxUnsure {
		t.Errorf("%d pages unsure, want at most %d: %s", all.unsure, maxUnsure, strings.Join(unsure, " "))
	}
}

package normalize

import (
	"fmt"
	"os"
	"testing"
)

// TestDebugPage prints the classifier's view of $PAGE (scratch).
func TestDebugPage(t *testing.T) {
	path := os.Getenv("PAGE")
	if path == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(path)
	n := newNormalizer(t)
	debugHook = func(pass int, pg *page, lines []Line) {
		fmt.Printf("--- classify call %d: %d lines, first %d last %d\n", pass, len(lines), pg.first, pg.last)
		for i := range lines {
			txt := lines[i].Text
			if len(txt) > 70 {
				txt = txt[:70]
			}
			fmt.Printf("%4d %-9s %-9s d=%.2f w=%d %q\n", lines[i].N, pg.cf[i], pg.final[i], pg.fs[i].density(), pg.fs[i].words, txt)
		}
	}
	defer func() { debugHook = nil }()
	if _, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: data}); err != nil {
		t.Fatal(err)
	}
}

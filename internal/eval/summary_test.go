package eval

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEvaluateSummary(t *testing.T) {
	d, err := LoadDevset(testFS())
	if err != nil {
		t.Fatal(err)
	}
	sums, err := Evaluate(d, System{"len20", LineLength{Min: 20}}, System{"keep", LineLength{Min: 0}})
	if err != nil {
		t.Fatal(err)
	}
	s, keep := sums[0], sums[1]
	if s.Pages != 3 || s.System != "len20" {
		t.Errorf("pages %d system %q", s.Pages, s.System)
	}
	// a: content 41 kept, "Menu" 4 removed. b: "Only boilerplate" 16
	// removed. t: as in TestLineLengthBaseline.
	if got, want := s.Chars, [4]int{0, 41 + 95, 4 + 16 + 59, 12}; got != want {
		t.Errorf("chars %v, want %v", got, want)
	}
	if got, want := s.Removed, [4]int{0, 11, 4 + 16 + 32, 12}; got != want {
		t.Errorf("removed %v, want %v", got, want)
	}
	if got, want := s.Retention(), float64(136-11)/136; got != want {
		t.Errorf("micro retention %v, want %v", got, want)
	}
	ret, nRet, rem, nRem := s.Macro()
	// b has no content, so the retention mean is over a and t only.
	if nRet != 2 || nRem != 3 || ret != (1+84.0/95)/2 || rem != (1+1+32.0/59)/3 {
		t.Errorf("macro %v over %d, %v over %d", ret, nRet, rem, nRem)
	}
	if errs := s.Errors(); len(errs) > 0 {
		t.Errorf("errors %v", errs)
	}
	if got := s.Worst(1, PageFigures.Retention); len(got) != 1 || got[0].Name != "t" {
		t.Errorf("worst by retention %v, want t", got)
	}
	if got := s.Worst(5, PageFigures.Removal); len(got) != 3 || got[0].Name != "t" || got[1].Name != "a" {
		t.Errorf("worst by removal %v, want t, a, b", got)
	}
	wantRules := []RuleStat{{Rule: "len<20", Chars: [4]int{0, 11, 52, 12}, Lines: [4]int{0, 1, 4, 1}}}
	if d := cmp.Diff(wantRules, s.Rules()); d != "" {
		t.Errorf("rules (-want +got):\n%s", d)
	}
	if got := s.ContentShare(s.Rules()[0]); got != 11.0/136 {
		t.Errorf("content share %v", got)
	}
	wantLost := []LostLine{{Page: "t", Line: 5, Rules: []string{"len<20"}, Chars: 11, Lost: 11, Why: "byline", Text: "By Jane Doe"}}
	if d := cmp.Diff(wantLost, s.Lost()); d != "" {
		t.Errorf("lost (-want +got):\n%s", d)
	}
	if keep.Retention() != 1 || keep.Removal() != 0 || len(keep.Lost()) != 0 || len(keep.Rules()) != 0 {
		t.Errorf("keep-all: retention %v removal %v lost %v rules %v", keep.Retention(), keep.Removal(), keep.Lost(), keep.Rules())
	}
}

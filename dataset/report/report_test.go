package report

import (
	"regexp"
	"testing"
)

func TestCodesUnique(t *testing.T) {
	nums, names := map[int]bool{}, map[string]bool{}
	name := regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	last := 0
	for _, c := range All() {
		if nums[c.Num] || names[c.Name] {
			t.Errorf("code %v is not unique", c)
		}
		if c.Num <= last {
			t.Errorf("code %v out of order in All", c)
		}
		if !name.MatchString(c.Name) || c.Help == "" {
			t.Errorf("code %v: bad name or no help", c)
		}
		nums[c.Num], names[c.Name], last = true, true, c.Num
	}
}

func TestReportSortAndLimit(t *testing.T) {
	r := Report{Limit: 3}
	r.Addf(Problem{Path: "b", Offset: -1}, BOM, "w")
	r.Addf(Problem{Path: "a", Line: 2, Offset: -1}, InvalidUTF8, "e")
	r.Addf(Problem{Path: "a", Line: 1, Offset: -1}, InvalidUTF8, "e")
	r.Addf(Problem{Path: "c", Offset: -1}, InvalidUTF8, "dropped")
	r.Sort()
	if got := r.Problems[0].Location(); got != "a:1" {
		t.Errorf("first = %q, want a:1", got)
	}
	if e, w := r.Counts(); e != 3 || w != 1 || r.Dropped() != 1 || !r.HasErrors() {
		t.Errorf("counts = %d errors, %d warnings, %d dropped; want 3 (one dropped), 1, 1", e, w, r.Dropped())
	}
	want := `a:1: error Q101 invalid-utf8: e`
	if got := r.Problems[0].String(); got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

// TestLimitKeepsEachCode: a flood of one problem past the limit must not
// hide a different problem that comes after it.
func TestLimitKeepsEachCode(t *testing.T) {
	r := Report{Limit: 3}
	for i := 0; i < 100; i++ {
		r.Addf(Problem{Path: "b", Line: i + 1, Offset: -1}, DuplicateID, "dup")
	}
	r.Addf(Problem{Path: "b", Offset: -1}, TooBig, "too many members")
	r.Addf(Problem{Path: "b", Offset: -1}, TooBig, "again")
	if len(r.Problems) != 4 || r.Problems[3].Code != TooBig || r.Dropped() != 98 {
		t.Fatalf("kept %d (last %v), dropped %d; want 4 with the TooBig one, 98 dropped", len(r.Problems), r.Problems[len(r.Problems)-1].Code, r.Dropped())
	}
}

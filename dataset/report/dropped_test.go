package report

import "testing"

// TestDroppedWarningsAreNotErrors: past the limit, problems that are not
// kept are counted by severity, so a flood of warnings (every file of a
// large contribution gets Q504) never turns a clean run into a failure,
// while a dropped error still fails it.
func TestDroppedWarningsAreNotErrors(t *testing.T) {
	r := Report{Limit: 3}
	for i := 0; i < 5; i++ {
		r.Addf(Problem{Path: "x", Line: i + 1, Offset: -1}, SeedNameUnusual, "rename")
	}
	if r.HasErrors() {
		t.Errorf("5 warnings (3 kept) count as errors")
	}
	if e, w := r.Counts(); e != 0 || w != 5 {
		t.Errorf("counts = %d errors, %d warnings; want 0, 5", e, w)
	}
	r.Strict()
	if !r.HasErrors() {
		t.Errorf("after Strict, the warnings are not errors")
	}
	if e, w := r.Counts(); e != 5 || w != 0 {
		t.Errorf("counts after Strict = %d errors, %d warnings; want 5, 0", e, w)
	}

	r = Report{Limit: 3}
	for i := 0; i < 3; i++ {
		r.Addf(Problem{Path: "x", Line: i + 1, Offset: -1}, SeedNameUnusual, "rename")
	}
	r.Addf(Problem{Path: "x", Line: 9, Offset: -1}, InvalidUTF8, "kept: first of its code")
	r.Addf(Problem{Path: "x", Line: 10, Offset: -1}, InvalidUTF8, "dropped")
	if !r.HasErrors() {
		t.Errorf("a dropped error is not counted")
	}
	if e, w := r.Counts(); e != 2 || w != 3 {
		t.Errorf("counts = %d errors, %d warnings; want 2, 3", e, w)
	}

	var m Report
	m.Merge(&r)
	if e, w := m.Counts(); e != 2 || w != 3 || !m.HasErrors() {
		t.Errorf("merged counts = %d errors, %d warnings; want 2, 3", e, w)
	}
}

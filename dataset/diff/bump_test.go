package diff

import (
	"strings"
	"testing"
)

func TestRequired(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  Result
		want Level
		why  string
	}{
		{"identical", Result{Counts: Counts{Unchanged: 3}}, None, ""},
		{"version only", Result{Dataset: Dataset{Fields: []Value{{Field: "version"}}}}, None, ""},
		{"changed", Result{Counts: Counts{Changed: 2}}, Patch, "patch: 2 records changed"},
		{"added", Result{Counts: Counts{Added: 1, Changed: 1}}, Minor, "minor: 1 record added"},
		{"removed", Result{Counts: Counts{Removed: 1, Added: 1}}, Major, "major: 1 record removed"},
		{"renamed", Result{Counts: Counts{Renamed: 1}}, Major, "major: 1 record renamed (old id gone)"},
		{"schema minor", Result{Dataset: Dataset{Schema: []SchemaChange{{Path: "x", What: "property added (optional)", Level: Minor}}}}, Minor, "minor: schema accepts more records (x: property added (optional))"},
		{"schema major", Result{Dataset: Dataset{Schema: []SchemaChange{{Path: "a", What: "w", Level: Major}, {Path: "b", What: "v", Level: Major}}}}, Major, "major: schema accepts fewer records (a: w and 1 more)"},
		{"rules", Result{Dataset: Dataset{Fields: []Value{{Field: "rules_version"}}}}, Patch, "patch: rules_version changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := Required(&tc.res)
			if b.Level != tc.want {
				t.Errorf("level: got %v, want %v", b.Level, tc.want)
			}
			var whys []string
			for _, r := range b.Reasons {
				if r.Level == b.Level {
					whys = append(whys, r.Level.String()+": "+r.Why)
				}
			}
			if tc.why != "" && (len(whys) == 0 || whys[0] != tc.why) {
				t.Errorf("reasons: got %q, want first %q", whys, tc.why)
			}
			if tc.want == None && len(b.Reasons) != 0 {
				t.Errorf("reasons for none: %q", b.Reasons)
			}
		})
	}
}

func TestCheckVersion(t *testing.T) {
	major, minor, patch, none := Bump{Level: Major}, Bump{Level: Minor}, Bump{Level: Patch}, Bump{Level: None}
	for _, tc := range []struct {
		prev, next string
		req        Bump
		want       string // "" ok, else a substring of the error
	}{
		{"1.2.3", "2.0.0", major, ""},
		{"1.2.3", "1.3.0", major, "is a minor bump from 1.2.3, but the changes need a major bump"},
		{"1.2.3", "1.3.0", minor, ""},
		{"1.2.3", "1.2.4", minor, "is a patch bump"},
		{"1.2.3", "1.2.4", patch, ""},
		{"1.2.3", "1.2.4", none, ""},
		{"1.2.3", "1.2.3", none, "not greater than the previous version"},
		{"1.2.3", "1.2.2", patch, "not greater"},
		{"1.2.3", "1.2.3+build", none, "not greater"},
		{"1.2.3", "1.3.0-rc.1", minor, ""},
		{"1.3.0-rc.1", "1.3.0", patch, ""},
		{"v1.2.3", "v2.0.0", major, ""},
		{"0.3.1", "0.4.0", major, ""},
		{"0.3.1", "0.3.2", major, "patch bump from 0.3.1, but the changes need a minor bump"},
		{"0.3.1", "0.3.2", minor, ""},
		{"1.2", "1.3.0", none, `previous version "1.2" is not a semantic version`},
		{"1.2.3", "two", none, `version "two" is not a semantic version`},
		{"1.2.3", "01.2.4", none, "not a semantic version"},
	} {
		err := CheckVersion(tc.prev, tc.next, tc.req)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s -> %s (%s): %v", tc.prev, tc.next, tc.req.Level, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s -> %s (%s): got %v, want %q", tc.prev, tc.next, tc.req.Level, err, tc.want)
		}
	}
}

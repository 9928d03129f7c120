package diff

import (
	"fmt"
	"strings"

	"golang.org/x/mod/semver"
)

// Level is a semver bump level, ordered: None < Patch < Minor < Major.
type Level int

// The bump levels.
const (
	None Level = iota
	Patch
	Minor
	Major
)

var levelNames = [...]string{"none", "patch", "minor", "major"}

func (l Level) String() string {
	if l < None || l > Major {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// MarshalText encodes a level as its name, for JSON.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes a level name.
func (l *Level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if string(b) == n {
			*l = Level(i)
			return nil
		}
	}
	return fmt.Errorf("unknown bump level %q", b)
}

// Bump is the smallest version bump a change requires, and why.
type Bump struct {
	Level   Level    `json:"level"`
	Reasons []Reason `json:"reasons"`
}

// Reason is one cause of a bump, with the level it requires alone.
type Reason struct {
	Level Level  `json:"level"`
	Why   string `json:"why"`
}

func (b Bump) String() string {
	if len(b.Reasons) == 0 {
		return b.Level.String()
	}
	var whys []string
	for _, r := range b.Reasons {
		if r.Level == b.Level {
			whys = append(whys, r.Why)
		}
	}
	return b.Level.String() + ": " + strings.Join(whys, "; ")
}

// Required computes the bump a diff result needs. The rules, from the
// point of view of someone who consumes the dataset (docs/DIFF.md):
//
//   - major: a record id disappears (removed, or renamed: code that
//     looks a record up by id breaks), or the schema accepts fewer
//     records than before (property removed, new required property,
//     type or enum narrowed, pattern/format/bound added or tightened,
//     any other constraint added or changed);
//   - minor: records added, or the schema accepts more records (optional
//     property added, constraint removed or loosened);
//   - patch: record content corrected (changed records), rules version
//     or rules file changed, schema annotations or unused definitions
//     changed, other manifest fields changed;
//   - none: nothing but the dataset version differs.
//
// Reasons are listed from the highest level down, in a fixed order.
func Required(r *Result) Bump {
	var b Bump
	add := func(l Level, format string, args ...any) {
		b.Reasons = append(b.Reasons, Reason{l, fmt.Sprintf(format, args...)})
		b.Level = max(b.Level, l)
	}
	c := r.Counts
	if c.Removed > 0 {
		add(Major, "%d %s removed", c.Removed, plural(c.Removed, "record"))
	}
	if c.Renamed > 0 {
		add(Major, "%d %s renamed (old %s gone)", c.Renamed, plural(c.Renamed, "record"), plural(c.Renamed, "id"))
	}
	schemaAt := func(l Level) {
		n := 0
		for _, s := range r.Dataset.Schema {
			if s.Level == l {
				n++
			}
		}
		if n > 0 {
			first := ""
			for _, s := range r.Dataset.Schema {
				if s.Level == l {
					first = display(s.Path) + ": " + s.What
					break
				}
			}
			more := ""
			if n > 1 {
				more = fmt.Sprintf(" and %d more", n-1)
			}
			add(l, "schema %s (%s%s)", map[Level]string{Major: "accepts fewer records", Minor: "accepts more records", Patch: "changed without changing which records are valid"}[l], first, more)
		}
	}
	schemaAt(Major)
	if c.Added > 0 {
		add(Minor, "%d %s added", c.Added, plural(c.Added, "record"))
	}
	schemaAt(Minor)
	if c.Changed > 0 {
		add(Patch, "%d %s changed", c.Changed, plural(c.Changed, "record"))
	}
	schemaAt(Patch)
	for _, f := range r.Dataset.Fields {
		if f.Field != "version" {
			add(Patch, "%s changed", f.Field)
		}
	}
	if b.Reasons == nil {
		b.Reasons = []Reason{}
	}
	return b
}

func plural(n int64, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// CheckVersion refuses next as the version following prev when it is
// not greater than prev or bumps less than required. Versions are
// semver with or without a leading "v". Below 1.0.0 the requirement
// moves down one level, as is usual for 0.x (and as Cargo does): a
// major change needs a minor bump, a minor change a patch bump.
func CheckVersion(prev, next string, required Bump) error {
	p, n := canonVersion(prev), canonVersion(next)
	if !fullSemver(p) {
		return fmt.Errorf("previous version %q is not a semantic version MAJOR.MINOR.PATCH", prev)
	}
	if !fullSemver(n) {
		return fmt.Errorf("version %q is not a semantic version MAJOR.MINOR.PATCH", next)
	}
	if semver.Compare(n, p) <= 0 {
		return fmt.Errorf("version %s is not greater than the previous version %s", next, prev)
	}
	need := required.Level
	if semver.Major(p) == "v0" && need > Patch {
		need--
	}
	got := Patch
	switch {
	case semver.Major(n) != semver.Major(p):
		got = Major
	case semver.MajorMinor(n) != semver.MajorMinor(p):
		got = Minor
	}
	if got < need {
		return fmt.Errorf("version %s is a %s bump from %s, but the changes need a %s bump (%s)", next, got, prev, need, required)
	}
	return nil
}

// fullSemver reports whether v is valid with all three numbers:
// x/mod/semver also accepts the shorthands "v1" and "v1.2".
func fullSemver(v string) bool {
	core, _, _ := strings.Cut(v, "+")
	return semver.IsValid(v) && semver.Canonical(core) == core
}

// canonVersion adds the "v" x/mod/semver wants.
func canonVersion(v string) string {
	if strings.HasPrefix(v, "v") {
		return v
	}
	return "v" + v
}

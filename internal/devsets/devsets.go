// Package devsets finds the shared development sets for tests: the
// line-labelled news pages ("devset") and the snippet-labelled web pages
// ("devset-web") that CI keeps in ../shared beside the clone.
//
//   - A set is found in $QUIRE_DEVSET (devset) or $QUIRE_DEVSET_WEB
//     (devset-web) when set, else in shared/NAME of the nearest directory
//     above the test's working directory that has one: ../shared beside a
//     clone, whatever the depth of the package, and beside a worktree
//     that links it.
//   - A missing set FAILS the test instead of skipping it: a floor or a
//     measurement that silently runs on nothing guards nothing.
//
// It is for tests only and imports nothing of quire.
package devsets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Names of the sets, and the environment variables that override where
// they are.
const (
	Lines = "devset"     // QUIRE_DEVSET
	Web   = "devset-web" // QUIRE_DEVSET_WEB
)

func envOf(name string) string {
	return "QUIRE_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// Root returns the directory of set name (it holds cases/), or fails tb.
func Root(tb testing.TB, name string) string {
	tb.Helper()
	env := envOf(name)
	if d := os.Getenv(env); d != "" {
		for _, c := range []string{d, filepath.Dir(filepath.Clean(d))} { // the set, or its cases/
			if isSet(c) {
				return c
			}
		}
		tb.Fatalf("%s=%s: no dev set there (want a directory with cases/*.txt)", env, d)
	}
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if c := filepath.Join(dir, "shared", name); isSet(c) {
			return c
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	tb.Fatalf("dev set %s not found in shared/%s above the working directory: CI has ../shared beside the clone; set %s to use another copy", name, name, env)
	return ""
}

// Cases returns the cases/ directory of set name, or fails tb.
func Cases(tb testing.TB, name string) string {
	tb.Helper()
	return filepath.Join(Root(tb, name), "cases")
}

func isSet(dir string) bool {
	m, _ := filepath.Glob(filepath.Join(dir, "cases", "*.txt"))
	return len(m) > 0
}

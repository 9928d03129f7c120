package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/gen"
)

// quireTerm runs the command in-process like quire, with stderr a
// terminal or not, and a clock that moves a second at every reading so
// that every read of input is due a redraw.
func quireTerm(t *testing.T, term bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	clk := newFakeClock(time.Second)
	en := &env{stdout: &o, stderr: &e, stderrIsTerminal: term, now: clk.now, getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1700000000"
		}
		return ""
	}}
	code = run(en, args)
	return code, o.String(), e.String()
}

// recordsJSONL writes the records of the documents in dir, in id order,
// as JSON Lines, and returns the file's path.
func recordsJSONL(t *testing.T, dir string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no documents in %s: %v", dir, err)
	}
	code, out, stderr := quire(t, append([]string{"normalize"}, names...)...)
	if code != 0 {
		t.Fatalf("normalize: exit %d\n%s", code, stderr)
	}
	path := filepath.Join(t.TempDir(), filepath.Base(dir)+".jsonl")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestProgressCommands runs validate and diff on every kind of input
// with stderr a terminal and not, with -quiet and with -format json: a
// progress line appears only on a terminal without either, it is cleared
// at the end, and stdout and the exit status are the same every time.
func TestProgressCommands(t *testing.T) {
	seeds1, seeds2, bundle1, bundle2 := diffScenario(t)
	jsonl1, jsonl2 := recordsJSONL(t, seeds1), recordsJSONL(t, seeds2)
	for _, tc := range []struct {
		name  string
		args  []string
		label string // of the progress line
	}{
		{"validate bundle", []string{"validate", bundle1}, "validate " + bundle1},
		{"validate bundle fast", []string{"validate", "-level", "fast", bundle2}, "validate " + bundle2},
		{"validate jsonl", []string{"validate", "-against", bundle1, jsonl2}, "validate " + jsonl2},
		{"validate dir", []string{"validate", "-against", jsonl1, seeds2}, "validate " + seeds2},
		{"validate against seeds", []string{"validate", "-against", seeds1, jsonl2}, "index " + seeds1},
		{"diff bundles", []string{"diff", bundle1, bundle2}, "diff"},
		{"diff seeds", []string{"diff", seeds1, seeds2}, "diff"},
		{"diff jsonl", []string{"diff", "-stat", jsonl1, jsonl2}, "diff"},
		{"diff mixed", []string{"diff", "-bump", bundle1, seeds2}, "diff"},
		{"diff identical", []string{"diff", jsonl1, bundle1}, "diff"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, plain, stderr := quireTerm(t, false, tc.args...)
			if code == exitTrouble {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			if stderr != "" {
				t.Errorf("not a terminal: stderr %q", stderr)
			}
			code2, out, stderr := quireTerm(t, true, tc.args...)
			if code2 != code || out != plain {
				t.Errorf("on a terminal: exit %d, stdout\n%s\nwant exit %d, stdout\n%s", code2, out, code, plain)
			}
			label := shortLabel(tc.label)
			if !strings.Contains(stderr, label+": ") || !strings.Contains(stderr, "B/s") {
				t.Errorf("on a terminal: no progress line %q… in stderr %q", label, stderr)
			}
			if !strings.HasPrefix(stderr, "\r") || !strings.HasSuffix(stderr, "\r\x1b[K") || strings.Contains(stderr, "\n") {
				t.Errorf("on a terminal: the progress line is not redrawn in place and cleared: %q", stderr)
			}
			// At the last redraw, everything was read: the total is the
			// inputs' size, not a guess.
			draws := redraws(stderr)
			if last := draws[len(draws)-1]; !strings.Contains(last, "(100%)") {
				t.Errorf("last redraw %q is not at 100%%", last)
			}
			for _, off := range [][]string{{"-quiet"}, {"-format", "json"}} {
				args := append(append([]string(nil), tc.args...), off...)
				if tc.name == "diff jsonl" && off[0] == "-format" {
					continue // -stat has no json form; -quiet covers it
				}
				_, want, _ := quireTerm(t, false, args...)
				code3, out, stderr := quireTerm(t, true, args...)
				if code3 != code || out != want {
					t.Errorf("%s on a terminal: exit %d, stdout differs from not on a terminal", off, code3)
				}
				if stderr != "" {
					t.Errorf("%s on a terminal: stderr %q", off, stderr)
				}
			}
		})
	}
}

// TestProgressBuild: a build big enough for the repeated-line pre-pass
// shows a line for the pre-pass ("count lines") and one for the build,
// each redrawn in place and cleared; not on a non-terminal, nor with
// -quiet; the bundle is the same bytes either way.
func TestProgressBuild(t *testing.T) {
	g, err := gen.New(gen.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	seeds := t.TempDir()
	for i := range normalize.MinRepeatCorpus + 10 {
		name, data := g.Doc(i)
		if err := os.WriteFile(filepath.Join(seeds, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var bundles []string
	for _, tc := range []struct {
		term  bool
		extra []string
		want  []string // progress labels
	}{
		{false, nil, nil},
		{true, []string{"-quiet"}, nil},
		{true, nil, []string{"count lines: ", "build: "}},
	} {
		out := t.TempDir()
		code, stdout, stderr := quireTerm(t, tc.term, append([]string{"build", "-seeds", seeds, "-out", out}, tc.extra...)...)
		if code != 0 {
			t.Fatalf("terminal %v %v: exit %d\n%s", tc.term, tc.extra, code, stderr)
		}
		// The progress lines come before build's summary on stderr.
		lines, _, _ := strings.Cut(stderr, "quire: built ")
		if tc.want == nil && lines != "" {
			t.Errorf("terminal %v %v: stderr %q before the summary", tc.term, tc.extra, lines)
		}
		for _, l := range tc.want {
			if !strings.Contains(lines, "\r"+l) {
				t.Errorf("no progress line %q in stderr %q", l, lines)
			}
		}
		if tc.want != nil && (strings.Contains(lines, "\n") || !strings.HasSuffix(lines, "\r\x1b[K")) {
			t.Errorf("progress lines not redrawn in place and cleared: %q", lines)
		}
		b, err := os.ReadFile(strings.TrimSpace(stdout))
		if err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, string(b))
	}
	if bundles[0] != bundles[1] || bundles[0] != bundles[2] {
		t.Error("the bundle differs with progress lines on")
	}
}

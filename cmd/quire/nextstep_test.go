package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAddNextStepWorks runs the command quire add prints as its next
// step, exactly as printed, after several adds: it must build the next
// release (the old hint, plain "quire build", failed as soon as one
// release existed, since the default version never moves). It covers a
// first release, 0.x releases and 1.x releases.
func TestAddNextStepWorks(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := copyDir(filepath.Join(repoRoot(t), "seeds"), "seeds"); err != nil {
		t.Fatal(err)
	}
	writeArticles(t, "new", 6, 3)
	step := 0
	add := func(file, wantNext string) {
		t.Helper()
		step++
		code, out, stderr := quire(t, "add", "-quiet", filepath.Join("new", file))
		if code != exitOK {
			t.Fatalf("add %s: exit %d\n%s%s", file, code, out, stderr)
		}
		_, next, ok := strings.Cut(out, "\nnext: ")
		if !ok {
			t.Fatalf("add %s printed no next step:\n%s", file, out)
		}
		next = strings.TrimSuffix(next, "\n")
		if next != wantNext {
			t.Errorf("step %d: next step %q, want %q", step, next, wantNext)
		}
		args := strings.Fields(next)
		if args[0] != "quire" {
			t.Fatalf("next step %q is not a quire command", next)
		}
		code, out, stderr = quire(t, append(args[1:], "-quiet")...)
		if code != exitOK {
			t.Fatalf("step %d: the next step %q fails: exit %d\n%s%s", step, next, code, out, stderr)
		}
	}
	const next = "quire build -bump"
	built := func(version string) {
		t.Helper()
		if _, err := os.Stat(filepath.Join("dist", "dataset-"+version+".tar.zst")); err != nil {
			t.Errorf("step %d: the next step did not build %s: %v", step, version, err)
		}
	}
	add("story-00000.txt", next)
	built("0.1.0")
	add("story-00001.txt", next) // records added: minor, a patch bump below 1.0.0
	built("0.1.1")
	add("story-00002.txt", next)
	built("0.1.2")
	// From 1.0.0 on, added records are a minor bump.
	if code, _, stderr := quire(t, "build", "-quiet", "-version", "1.0.0", "-previous", "dist/dataset-0.1.2.tar.zst"); code != exitOK {
		t.Fatalf("build 1.0.0: %s", stderr)
	}
	add("story-00003.txt", next)
	built("1.1.0")
	// A release that is not semver, or of another name, is not the previous one.
	os.WriteFile(filepath.Join("dist", "dataset-latest.tar.zst"), nil, 0o644)
	os.WriteFile(filepath.Join("dist", "other-9.0.0.tar.zst"), nil, 0o644)
	add("story-00004.txt", next)
	built("1.2.0")
}

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSeeds: the documented command, quire-beam -seeds ../seeds -out
// DIR on Prism, writes the bundle and sidecar quire build writes for the
// same seeds and SOURCE_DATE_EPOCH, prints its path, and removes its
// staging directory. (run defines its flags on the global flag set,
// which Beam's flags share, so a test binary calls it once.)
func TestRunSeeds(t *testing.T) {
	root, _ := filepath.Abs("../../..")
	seeds := filepath.Join(root, "seeds")
	tmp := t.TempDir()
	build := exec.Command("go", "run", "./cmd/quire", "build", "-quiet", "-seeds", seeds, "-out", filepath.Join(tmp, "want"))
	build.Dir = root
	build.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000")
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("quire build: %v: %s", err, b)
	}
	out := filepath.Join(tmp, "got")
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1700000000"
		}
		return ""
	}
	if code := run([]string{"-seeds", seeds, "-out", out}, getenv, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if got, want := strings.TrimSpace(stdout.String()), filepath.Join(out, "dataset-0.1.0.tar.zst"); got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	for _, name := range []string{"dataset-0.1.0.tar.zst", "dataset-0.1.0.tar.zst.sha256"} {
		want, err := os.ReadFile(filepath.Join(tmp, "want", name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: quire-beam wrote %d bytes that differ from quire build's %d", name, len(got), len(want))
		}
	}
	left, _ := os.ReadDir(out)
	if len(left) != 2 {
		t.Errorf("the output directory holds %d entries, want the bundle and its sidecar", len(left))
	}
}

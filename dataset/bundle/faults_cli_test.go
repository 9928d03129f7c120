package bundle

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
)

// cliSample is how many fault cases TestFaultsCLI runs through the real
// command; each class is represented.
const cliSample = 50

var problemCode = regexp.MustCompile(`\bQ[0-9]{3} [a-z0-9-]+\b`)

// TestFaultsCLI runs a sample of the fault cases through the quire
// binary, built from cmd/quire: "quire validate" must exit 1, say nothing
// on stderr and name the problem's code on stdout. It lives here, not in
// cmd/quire, because the cases are made by this package's tests.
func TestFaultsCLI(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skip("no go tool to build cmd/quire")
		}
	}
	dir := t.TempDir()
	quire := filepath.Join(dir, "quire")
	if out, err := exec.Command(goTool, "build", "-o", quire, "../../cmd/quire").CombinedOutput(); err != nil {
		t.Fatalf("build quire: %v\n%s", err, out)
	}
	var pool []faultCase
	for _, c := range genFaults(t, faultBase(t)) {
		if c.max == 0 { // the CLI has no limit override
			pool = append(pool, c)
		}
	}
	sample := map[int]bool{}
	seen := map[string]bool{}
	for i, c := range pool {
		if !seen[c.class] {
			seen[c.class], sample[i] = true, true
		}
	}
	for i := 0; len(sample) < cliSample && i < len(pool); i += len(pool) / cliSample {
		sample[i] = true
	}
	file := filepath.Join(dir, "fault.tar.zst")
	for i, c := range pool {
		if !sample[i] {
			continue
		}
		if err := os.WriteFile(file, c.b, 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		cmd := exec.Command(quire, "validate", file)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != 1 || stderr.Len() > 0 || !problemCode.Match(stdout.Bytes()) {
			t.Errorf("%s: %s: exit %d, want 1; stderr %q; stdout:\n%s", c.class, c.name, code, stderr.String(), stdout.String())
		}
	}
	t.Logf("%d cases of %d classes through quire validate", len(sample), len(seen))
}

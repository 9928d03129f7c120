// Package interop runs the Python tools quire's users read releases with
// (Hugging Face datasets, frictionless, mlcroissant, pyarrow, DuckDB,
// bagit-python) on what the tests made, through the scripts in
// interop/ at the repository root.
//
//   - The tools live in a virtual environment that .ci/run creates from
//     interop/requirements.txt; QUIRE_PYTHON names its python.
//   - On a developer's machine without it, the tests that need it skip,
//     so go test ./... stays runnable without Python. In CI (CI set, as
//     CI runners and .ci/run do) they fail instead: a check that did not
//     run is not a check that passed.
//
// This package is for tests only; it imports nothing of quire.
package interop

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Env names the python of the virtual environment with the tools.
const Env = "QUIRE_PYTHON"

// Python returns the python to run the checks with. It skips t when
// there is none, or fails it when running in CI.
func Python(t testing.TB) string {
	t.Helper()
	p := os.Getenv(Env)
	if p == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: in CI the interoperability checks must run (.ci/run creates the venv from interop/requirements.txt and sets it)", Env)
		}
		t.Skipf("%s not set: the checks with datasets, frictionless, mlcroissant, pyarrow, duckdb and bagit are skipped (see interop/README.md)", Env)
	}
	return p
}

// Script returns the path of a script in interop/.
func Script(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "interop", name)
}

// Run runs interop/SCRIPT with args and fails t, showing the script's
// output, if it exits non-zero. It returns the output.
func Run(t testing.TB, script string, args ...string) string {
	t.Helper()
	py := Python(t)
	cmd := exec.Command(py, append([]string{Script(script)}, args...)...)
	// Nothing from the network: the tools must work on the files alone.
	cmd.Env = append(os.Environ(), "HF_HUB_OFFLINE=1", "HF_DATASETS_OFFLINE=1",
		"HF_HOME="+t.TempDir(), "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(script), strings.Join(args, " "), err, out)
	}
	return string(out)
}

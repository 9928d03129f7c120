package job

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// TestSameDependencies: the beam module builds quire's code with the
// versions quire's own go.mod pins. Go's minimal version selection
// takes the highest version any module asks for, so Beam could move
// one up — and the zstd encoder's bytes (klauspost/compress), the NFC
// tables (golang.org/x/text) or the schema validator would then no
// longer be quire build's.
func TestSameDependencies(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	mf, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The versions the beam module's build selects (a test binary's
	// build information lists no dependencies).
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{.Version}}", "all")
	cmd.Stderr = os.Stderr
	listed, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -m all: %v", err)
	}
	linked := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(listed)), "\n") {
		if path, v, ok := strings.Cut(l, " "); ok {
			linked[path] = v
		}
	}
	for _, must := range []string{"github.com/klauspost/compress", "golang.org/x/text", "github.com/xeipuuv/gojsonschema"} {
		if _, ok := linked[must]; !ok {
			t.Errorf("%s is not in the beam module's build: the test checks nothing for it", must)
		}
	}
	for _, r := range mf.Require {
		if v, ok := linked[r.Mod.Path]; ok && v != r.Mod.Version {
			t.Errorf("%s: the beam module builds with %s, quire's go.mod pins %s", r.Mod.Path, v, r.Mod.Version)
		}
	}
}

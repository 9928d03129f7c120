package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-archive/quire/internal/interop"
)

// testMetadata is a complete quire.toml, as a maintainer would write it.
func testMetadata(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "dataset", "metadata", "testdata", "quire.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// buildWithMetadata builds the repository's seeds with testMetadata
// beside them and returns the bundle's path.
func buildWithMetadata(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := copyDir(filepath.Join(repoRoot(t), "seeds"), filepath.Join(dir, "seeds")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "quire.toml"), testMetadata(t), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := quireEnv(t, map[string]string{"SOURCE_DATE_EPOCH": "1700000000"},
		"build", "-quiet", "-seeds", filepath.Join(dir, "seeds"), "-out", filepath.Join(dir, "dist"))
	if code != 0 {
		t.Fatalf("quire build: exit %d\n%s", code, stderr)
	}
	return filepath.Join(dir, "dist", "dataset-0.1.0.tar.zst")
}

// extract unpacks a bundle with GNU tar and zstd, as a user would, and
// returns the bag's directory.
func extract(t *testing.T, bundle string) string {
	t.Helper()
	for _, tool := range []string{"tar", "zstd"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not installed (.ci/run installs it)", tool)
			}
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	cmd := exec.Command("tar", "--zstd", "-xf", bundle)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	return filepath.Join(dir, strings.TrimSuffix(filepath.Base(bundle), ".tar.zst"))
}

// TestReleaseDescribesItself: the seeds' release, built with a metadata
// file, holds the dataset card, datapackage.json, croissant.json and the
// descriptive bag-info.txt fields, and passes the tools their users run:
// bagit-python, datasets.load_dataset, frictionless, mlcroissant.
func TestReleaseDescribesItself(t *testing.T) {
	bag := extract(t, buildWithMetadata(t))
	for _, p := range []string{"README.md", "data/datapackage.json", "data/croissant.json"} {
		if _, err := os.Stat(filepath.Join(bag, p)); err != nil {
			t.Errorf("the extracted bag has no %s", p)
		}
	}
	info, _ := os.ReadFile(filepath.Join(bag, "bag-info.txt"))
	for _, want := range []string{"Source-Organization: Example Library\n", "Contact-Name: Ada Example\n",
		"Contact-Email: ada@example.org\n", "External-Description: Three scraped news articles, normalized by quire. Used to test that a release loads"} {
		if !strings.Contains(string(info), want) {
			t.Errorf("bag-info.txt lacks %q:\n%s", want, info)
		}
	}
	tags, _ := os.ReadFile(filepath.Join(bag, "tagmanifest-sha256.txt"))
	if !strings.Contains(string(tags), "  README.md\n") {
		t.Errorf("tagmanifest-sha256.txt does not list README.md:\n%s", tags)
	}
	t.Log(interop.Run(t, "check_bag.py", bag))
}

// TestBuildRecordsMetadata: the manifest holds the metadata file's
// sha256, and a broken metadata file stops the build before anything is
// written, naming every problem.
func TestBuildRecordsMetadata(t *testing.T) {
	b := buildWithMetadata(t)
	code, stdout, _ := quireEnv(t, nil, "inspect", "-json", b)
	if code != 0 || !strings.Contains(stdout, `"metadata"`) || !strings.Contains(stdout, sha256Hex(testMetadata(t))) {
		t.Errorf("manifest does not record the metadata file's sha256:\n%s", stdout)
	}
	code, stdout, _ = quireEnv(t, nil, "inspect", b)
	if code != 0 || !strings.Contains(stdout, "metadata:      quire.toml\n               sha256 "+sha256Hex(testMetadata(t))) {
		t.Errorf("quire inspect does not show the metadata file:\n%s", stdout)
	}

	dir := t.TempDir()
	copyDir(filepath.Join(repoRoot(t), "seeds"), filepath.Join(dir, "seeds"))
	os.WriteFile(filepath.Join(dir, "quire.toml"), []byte("titel = \"x\"\nlicense = \"cc-by-4.0\"\n"), 0o644)
	code, _, stderr := quireEnv(t, nil, "build", "-quiet", "-seeds", filepath.Join(dir, "seeds"), "-out", filepath.Join(dir, "dist"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"quire.toml: titel: unknown field", "quire.toml: title: required", `license: "cc-by-4.0": SPDX spells it "CC-BY-4.0"`, "nothing written"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "dist")); err == nil {
		t.Errorf("a build with a broken metadata file created %s", filepath.Join(dir, "dist"))
	}
	// -metadata names a file that must exist.
	code, _, stderr = quireEnv(t, nil, "build", "-quiet", "-seeds", filepath.Join(dir, "seeds"), "-metadata", filepath.Join(dir, "nosuch.toml"))
	if code != 2 || !strings.Contains(stderr, "nosuch.toml") {
		t.Errorf("-metadata nosuch.toml: exit %d, stderr %q", code, stderr)
	}
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

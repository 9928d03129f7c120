package job

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/quire-archive/quire/internal/devsets"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedsSameBytes: the repository's seeds give quire build's bundle
// and sidecar, byte for byte.
func TestSeedsSameBytes(t *testing.T) {
	seeds := filepath.Join(repoRoot, "seeds")
	want, wantSide := quireBuild(t, seeds, tempDir(t))
	out := tempDir(t)
	if err := runJob(t, options(t, seeds, out)); err != nil {
		t.Fatal(err)
	}
	sameBytes(t, out, want, wantSide)
	if _, err := os.Stat(filepath.Join(out, ".quire-beam-dataset-0.1.0")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("staging directory left after the job: %v", err)
	}
}

// copyTexts copies the *.txt files of src into a new seeds directory.
func copyTexts(t *testing.T, src string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(src, "*.txt"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no documents in %s (%v): the tests need ../shared beside the repository", src, err)
	}
	dst := tempDir(t)
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(n)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// TestDevsetRepeatsSameBytes: the 153 dev-set news pages
// (../shared/devset, or QUIRE_DEVSET; the test fails without them),
// enough for the corpus-level repeated-line pass, whose statistics the job builds from
// per-document hashes on the workers: the same bundle, and the manifest
// records the pass.
func TestDevsetRepeatsSameBytes(t *testing.T) {
	seeds := copyTexts(t, devsets.Cases(t, devsets.Lines))
	wantDir := tempDir(t)
	want, wantSide := quireBuild(t, seeds, wantDir)
	stdout, _, _ := quire(t, "inspect", "-json", filepath.Join(wantDir, "dataset-0.1.0.tar.zst"))
	if !strings.Contains(stdout, `"repeats"`) {
		t.Fatalf("quire build ran no repeated-line pass on %s: the test would prove nothing", seeds)
	}
	out := tempDir(t)
	if err := runJob(t, options(t, seeds, out)); err != nil {
		t.Fatal(err)
	}
	sameBytes(t, out, want, wantSide)
}

// generate writes n generated documents of mean size mean with
// quire-gen.
func generate(t *testing.T, n int, mean string) string {
	t.Helper()
	dir := filepath.Join(tempDir(t), "seeds")
	cmd := exec.Command(filepath.Join(tools, "quire-gen"), "-n", fmt.Sprint(n), "-mean", mean, "-out", dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("quire-gen: %v: %s", err, b)
	}
	return dir
}

// TestGeneratedShardsSameBytes: a few hundred generated documents large
// enough to fill several shards (the format's own 32 MiB limit), with
// the repeated-line pass on: the shards are cut, built on the workers
// and assembled into quire build's bytes.
func TestGeneratedShardsSameBytes(t *testing.T) {
	seeds := generate(t, 300, "330KiB")
	wantDir := tempDir(t)
	want, wantSide := quireBuild(t, seeds, wantDir)
	if n := shardCount(t, filepath.Join(wantDir, "dataset-0.1.0.tar.zst")); n < 3 {
		t.Fatalf("quire build made %d shard(s) of the generated corpus; the test needs at least 3", n)
	}
	out := tempDir(t)
	if err := runJob(t, options(t, seeds, out)); err != nil {
		t.Fatal(err)
	}
	sameBytes(t, out, want, wantSide)
}

// TestRetrySameBytes: steps that fail on their first attempt for an
// element — a document being normalized, a shard whose files are
// written but not renamed (left behind, as by a lost worker), the
// assembly after the bundle is committed but not its sidecar — then
// succeed; the bundle is quire build's, and nothing else is left in
// the output directory. Prism does not retry a failed step, so the job is run
// again, as a user (or a scheduler) would; a runner that retries (Flink
// with restarts) may get there in one run.
func TestRetrySameBytes(t *testing.T) {
	seeds := generate(t, 60, "100KiB")
	want, wantSide := quireBuild(t, seeds, tempDir(t))
	out := tempDir(t)
	opts := options(t, seeds, out)
	opts.failOnce = t.TempDir()
	var failures int
	for {
		err := runJob(t, opts)
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "injected failure") {
			t.Fatalf("run %d: %v", failures+1, err)
		}
		failures++
		if failures > 4 {
			t.Fatalf("still failing after %d runs: %v", failures, err)
		}
		// A failed run may leave a bundle only once it is complete.
		if b, err := os.ReadFile(opts.BundlePath()); err == nil && !bytes.Equal(b, want) {
			t.Fatalf("run %d failed and left a bundle that is not quire build's", failures)
		}
	}
	for _, step := range []string{"normalize", "shard", "commit"} {
		if m, _ := filepath.Glob(filepath.Join(opts.failOnce, step+"-*")); len(m) != 1 {
			t.Errorf("step %s failed %d times, want once: the test proves less than it says", step, len(m))
		}
	}
	t.Logf("%d failed run(s)", failures)
	sameBytes(t, out, want, wantSide)
	left, _ := os.ReadDir(out)
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	if len(names) != 2 {
		t.Errorf("the output directory holds %q, want the bundle and its sidecar", names)
	}
}

// TestBadDocument: a document quire build refuses fails the job with
// quire build's messages, the file named, and nothing is written.
func TestBadDocument(t *testing.T) {
	seeds := copyTexts(t, filepath.Join(repoRoot, "seeds"))
	if err := os.WriteFile(filepath.Join(seeds, "bad-utf8.txt"), []byte("Title\n\nA body \xff with a bad byte.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(seeds, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	wantOut := tempDir(t)
	_, stderr, code := quire(t, "build", "-quiet", "-seeds", seeds, "-out", wantOut)
	if code != 1 {
		t.Fatalf("quire build: exit %d, want 1: %s", code, stderr)
	}
	out := tempDir(t)
	err := runJob(t, options(t, seeds, out))
	if err == nil {
		t.Fatal("the job succeeded")
	}
	var n int
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		msg, ok := strings.CutPrefix(l, "quire: error: ")
		if !ok {
			continue
		}
		n++
		if !strings.Contains(err.Error(), msg) {
			t.Errorf("the job's error does not say %q, as quire build does:\n%v", msg, err)
		}
	}
	if n < 3 {
		t.Errorf("quire build said %d errors, want the two documents and the count:\n%s", n, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "dataset-0.1.0.tar.zst")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a bundle was written: %v", err)
	}
}

// TestListingProblem: a seeds directory quire build refuses to list
// fails the job with the same message.
func TestListingProblem(t *testing.T) {
	seeds := copyTexts(t, filepath.Join(repoRoot, "seeds"))
	if err := os.Mkdir(filepath.Join(seeds, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := quire(t, "build", "-quiet", "-seeds", seeds, "-out", tempDir(t))
	if code != 1 || !strings.Contains(stderr, "sub: not a regular file") {
		t.Fatalf("quire build: exit %d: %s", code, stderr)
	}
	err := runJob(t, options(t, seeds, tempDir(t)))
	if err == nil {
		t.Fatal("the job succeeded")
	}
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if msg, ok := strings.CutPrefix(l, "quire: error: "); ok && !strings.Contains(err.Error(), msg) {
			t.Errorf("the job's error does not say %q, as quire build does:\n%v", msg, err)
		}
	}
}

// TestExistingBundleKept: a bundle of the same name and version with
// other bytes is not replaced without Force, as quire build refuses.
func TestExistingBundleKept(t *testing.T) {
	seeds := filepath.Join(repoRoot, "seeds")
	out := tempDir(t)
	final := filepath.Join(out, "dataset-0.1.0.tar.zst")
	if err := os.WriteFile(final, []byte("an older release"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := runJob(t, options(t, seeds, out))
	if err == nil || !strings.Contains(err.Error(), "exists with different content") {
		t.Fatalf("got %v, want the bundle refused", err)
	}
	if b, _ := os.ReadFile(final); string(b) != "an older release" {
		t.Fatalf("the existing bundle was changed")
	}
	opts := options(t, seeds, out)
	opts.Force = true
	if err := runJob(t, opts); err != nil {
		t.Fatal(err)
	}
	want, wantSide := quireBuild(t, seeds, tempDir(t))
	sameBytes(t, out, want, wantSide)
}

// TestQuireVersion: the job records the version quire build records.
func TestQuireVersion(t *testing.T) {
	stdout, _, _ := quire(t, "version")
	first, _, _ := strings.Cut(stdout, "\n")
	if want := "quire " + QuireVersion; first != want {
		t.Errorf("quire version says %q, the job records %q", first, want)
	}
}

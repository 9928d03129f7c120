package job

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"

	// The runners -runner may name (ptest registers only Prism's).
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/flink"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/spark"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/universal"
)

// The tests run the pipeline on the runner of the -runner flag: Prism
// in this process by default; the Flink and Spark scripts
// (beam/jobserver/run.sh) run them on a job server with
// -runner=flink -endpoint=… -environment_type=LOOPBACK. Every bundle is
// compared with the one the real quire build writes, built from this
// repository's source.

var keep = flag.Bool("keep", false, "keep the tests' temporary directories (printed)")

// repoRoot is the quire repository, whose module the beam module
// replaces.
var repoRoot, _ = filepath.Abs("../..")

// tools holds the quire and quire-gen binaries, built once.
var tools string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "quire-beam-tools-")
	if err != nil {
		panic(err)
	}
	tools = dir
	cmd := exec.Command("go", "build", "-o", dir, "./cmd/quire", "./cmd/quire-gen")
	cmd.Dir = repoRoot
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.RemoveAll(dir)
		panic("build quire: " + err.Error())
	}
	code := ptest.MainRet(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// epoch is the SOURCE_DATE_EPOCH of every build in the tests, so that
// the bundles carry a date.
const epoch = "1700000000"

// tempDir is t.TempDir, or a directory left in place with -keep.
func tempDir(t *testing.T) string {
	t.Helper()
	if !*keep {
		return t.TempDir()
	}
	d, err := os.MkdirTemp("", "quire-beam-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("kept: %s", d)
	return d
}

// quire runs the quire command; it returns its stdout, stderr and exit
// status.
func quire(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(tools, "quire"), args...)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+epoch)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("quire %s: %v", strings.Join(args, " "), err)
		}
	}
	return o.String(), e.String(), cmd.ProcessState.ExitCode()
}

// quireBuild builds seeds with quire build into out and returns the
// bundle's bytes and its sidecar's.
func quireBuild(t *testing.T, seeds, out string, args ...string) (bundle, sidecar []byte) {
	t.Helper()
	_, stderr, code := quire(t, append([]string{"build", "-quiet", "-seeds", seeds, "-out", out}, args...)...)
	if code != 0 {
		t.Fatalf("quire build: exit %d: %s", code, stderr)
	}
	return readBundle(t, filepath.Join(out, "dataset-0.1.0.tar.zst"))
}

func readBundle(t *testing.T, path string) (bundle, sidecar []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.ReadFile(path + ".sha256")
	if err != nil {
		t.Fatal(err)
	}
	return b, s
}

// options are the test's job options for seeds and out.
func options(t *testing.T, seeds, out string) Options {
	t.Helper()
	ep, err := ParseSourceDateEpoch(epoch)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Seeds: seeds, Out: out, Name: "dataset", Version: "0.1.0", Repeats: 5, SourceDateEpoch: ep}
}

// runJob runs the build of opts as a Beam job on the test's runner and
// cleans its staging directory up if it succeeded.
func runJob(t *testing.T, opts Options) error {
	t.Helper()
	if err := opts.Check(); err != nil {
		t.Fatalf("options: %v", err)
	}
	p, s := beam.NewPipelineWithRoot()
	Build(s, opts)
	start := time.Now()
	err := ptest.Run(p)
	runner := *ptest.Runner
	if runner == "" {
		runner = ptest.DefaultRunner()
	}
	t.Logf("job on %s: %v (failed: %v)", runner, time.Since(start).Round(time.Millisecond), err != nil)
	if err != nil {
		return err
	}
	return Cleanup(context.Background(), opts)
}

// sameBytes fails the test unless the job's bundle and sidecar in
// out are exactly quire build's.
func sameBytes(t *testing.T, out string, want, wantSide []byte) {
	t.Helper()
	got, side := readBundle(t, filepath.Join(out, "dataset-0.1.0.tar.zst"))
	if !bytes.Equal(got, want) {
		t.Errorf("the job's bundle (%d bytes) differs from quire build's (%d bytes)", len(got), len(want))
	}
	if !bytes.Equal(side, wantSide) {
		t.Errorf("the job's sidecar %q differs from quire build's %q", side, wantSide)
	}
}

// shardCount reads the number of shards of a bundle with quire inspect.
func shardCount(t *testing.T, path string) int {
	t.Helper()
	stdout, stderr, code := quire(t, "inspect", "-json", path)
	if code != 0 {
		t.Fatalf("quire inspect: exit %d: %s", code, stderr)
	}
	var m struct {
		Shards []json.RawMessage `json:"shards"`
	}
	if err := json.Unmarshal([]byte(stdout), &m); err != nil {
		t.Fatalf("quire inspect -json: %v", err)
	}
	return len(m.Shards)
}

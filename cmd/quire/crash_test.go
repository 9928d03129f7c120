package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/internal/atomicfile"
	"github.com/quire-archive/quire/internal/gen"
)

// crashKills is the number of SIGKILLs TestCrashBuild sends: 100, or 20
// with -short; QUIRE_CRASH_KILLS overrides both.
func crashKills(t *testing.T) int {
	if s := os.Getenv("QUIRE_CRASH_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("QUIRE_CRASH_KILLS=%q", s)
		}
		return n
	}
	if testing.Short() {
		return 20
	}
	return 100
}

// buildQuireBinary builds cmd/quire into dir: the crash test needs a
// real process to kill.
func buildQuireBinary(t *testing.T, dir string) string {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skip("no go tool to build quire")
		}
	}
	bin := filepath.Join(dir, "quire")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// writeProse writes n documents of a few KB of made-up news prose, the
// same for the same seed.
func writeProse(t *testing.T, dir string, n int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	pick := func(words []string) string { return words[rng.IntN(len(words))] }
	subjects := []string{"The city council", "A local farmer", "The health ministry", "Researchers at the university", "The river authority", "Two neighbours", "The regional court", "A group of teachers"}
	verbs := []string{"announced", "questioned", "approved", "described", "rejected", "welcomed", "postponed", "examined"}
	objects := []string{"a plan to rebuild the old bridge", "the budget for next year", "new rules for the harbour", "a study of winter floods", "the closure of the north clinic", "a proposal for cheaper buses", "the results of the spring survey"}
	tails := []string{"on Tuesday", "after a long debate", "despite some objections", "in a statement to reporters", "at a public meeting", "earlier this month"}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s\n\n", pick(subjects), pick(verbs), pick(objects))
		for p := 0; p < 8+rng.IntN(6); p++ {
			for s := 0; s < 3+rng.IntN(3); s++ {
				fmt.Fprintf(&b, "%s %s %s %s. ", pick(subjects), pick(verbs), pick(objects), pick(tails))
			}
			b.WriteString("\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("doc-%04d.txt", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func fileSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestCrashBuild kills "quire build" with SIGKILL at random moments
// while it replaces a release (-force), many times, and wants the final
// path to hold the old complete bundle or the new complete one, never
// anything else; every other file left behind must be a recognizable
// temporary file (atomicfile.IsTemp), and the next run must remove them.
func TestCrashBuild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	kills := crashKills(t)
	dir := t.TempDir()
	quire := buildQuireBinary(t, dir)
	seedsA, seedsB := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	writeProse(t, seedsA, 300, 1)
	writeProse(t, seedsB, 300, 2)
	out := filepath.Join(dir, "dist")
	final := filepath.Join(out, "news-1.0.0.tar.zst")
	build := func(seeds string) *exec.Cmd {
		cmd := exec.Command(quire, "build", "-quiet", "-force", "-seeds", seeds, "-out", out, "-name", "news", "-version", "1.0.0")
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000")
		return cmd
	}
	runBuild := func(seeds string) ([]byte, []byte, time.Duration) {
		start := time.Now()
		if b, err := build(seeds).CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", seeds, err, b)
		}
		d := time.Since(start)
		b, err := os.ReadFile(final)
		if err != nil {
			t.Fatal(err)
		}
		side, err := os.ReadFile(final + ".sha256")
		if err != nil {
			t.Fatal(err)
		}
		return b, side, d
	}
	newB, newSide, _ := runBuild(seedsB)
	oldB, oldSide, dur := runBuild(seedsA)
	for _, b := range [][]byte{oldB, newB} {
		rep, _, err := bundle.Check(bytes.NewReader(b), bundle.CheckOptions{})
		if err != nil || rep.HasErrors() {
			t.Fatalf("a known-good bundle does not check: %v %v", err, rep.Problems)
		}
	}
	if bytes.Equal(oldB, newB) {
		t.Fatal("old and new bundles are the same")
	}
	t.Logf("a build of 300 documents takes %v; bundles of %d and %d bytes", dur, len(oldB), len(newB))

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	var nOld, nNew, nDone, nTemps, nStale int
	for i := 0; i < kills; i++ {
		// The old release in place, as after a previous build.
		if err := os.WriteFile(final, oldB, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(final+".sha256", oldSide, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := build(seedsB)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(dur) * 13 / 10))
		time.Sleep(delay)
		if cmd.Process.Signal(syscall.SIGKILL) != nil {
			nDone++ // it had finished
		}
		cmd.Wait()

		got, err := os.ReadFile(final)
		switch {
		case err != nil:
			t.Fatalf("kill %d after %v: %v", i, delay, err)
		case bytes.Equal(got, oldB):
			nOld++
		case bytes.Equal(got, newB):
			nNew++
		default:
			t.Fatalf("kill %d after %v: %s holds %d bytes that are neither bundle", i, delay, final, len(got))
		}
		if rep, _, err := bundle.Check(bytes.NewReader(got), bundle.CheckOptions{Level: bundle.LevelFast}); err != nil || rep.HasErrors() {
			t.Fatalf("kill %d: the bundle at the final path does not check", i)
		}
		// The sidecar may be missing (killed between removing the old one
		// and renaming the new one) but never disagrees with the bundle.
		side, err := os.ReadFile(final + ".sha256")
		switch {
		case errors.Is(err, os.ErrNotExist):
			nStale++
		case err != nil:
			t.Fatal(err)
		case !strings.HasPrefix(string(side), fileSum(got)):
			t.Fatalf("kill %d: sidecar %q does not describe the bundle at the final path", i, side)
		}
		ents, err := os.ReadDir(out)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			switch name := e.Name(); {
			case name == filepath.Base(final), name == filepath.Base(final)+".sha256":
			case atomicfile.IsTemp(name):
				nTemps++
			default:
				t.Errorf("kill %d after %v: unrecognizable file %s left behind", i, delay, name)
			}
		}
	}
	// The next run removes what the killed ones left and finishes.
	got, side, _ := runBuild(seedsB)
	if !bytes.Equal(got, newB) || !bytes.Equal(side, newSide) {
		t.Errorf("the build after the kills did not write the new release")
	}
	ents, _ := os.ReadDir(out)
	for _, e := range ents {
		if atomicfile.IsTemp(e.Name()) {
			t.Errorf("temporary file %s survived the next run", e.Name())
		}
	}
	t.Logf("%d kills: old bundle %d, new bundle %d (%d had finished), temporary files left %d (all removed by the next run), missing sidecar %d (none stale)",
		kills, nOld, nNew, nDone, nTemps, nStale)
}

// TestCrashAdd kills "quire add" with SIGKILL at random moments while it
// adds a contribution of 60 documents to a seeds directory, many times.
// After each kill, the recovery every later add or build runs first
// (contrib.Recover, then atomicfile.Clean) must leave the seeds directory
// holding either exactly the documents it had or those plus every new
// one: never a part of the contribution, never a temporary file.
func TestCrashAdd(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL")
	}
	kills := crashKills(t)
	dir := t.TempDir()
	quire := buildQuireBinary(t, dir)
	base := filepath.Join(dir, "base")
	if err := copyDir(filepath.Join(repoRoot(t), "seeds"), base); err != nil {
		t.Fatal(err)
	}
	contribDir := filepath.Join(dir, "contrib")
	os.Mkdir(contribDir, 0o755)
	g, err := gen.New(gen.Options{Seed: 11, MeanBytes: 3000})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		_, data := g.Doc(i)
		if err := os.WriteFile(filepath.Join(contribDir, fmt.Sprintf("story-%02d.txt", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	listing := func(seeds string) string {
		ents, err := os.ReadDir(seeds)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(seeds, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, e.Name()+" "+fileSum(b))
		}
		return strings.Join(names, "\n")
	}
	reset := func() string {
		seeds := filepath.Join(dir, "seeds")
		os.RemoveAll(seeds)
		if err := copyDir(base, seeds); err != nil {
			t.Fatal(err)
		}
		return seeds
	}
	add := func(seeds string) *exec.Cmd {
		return exec.Command(quire, "add", "-seeds", seeds, contribDir)
	}
	// A complete add, for the "after" state and its duration.
	seeds := reset()
	before := listing(seeds)
	start := time.Now()
	if out, err := add(seeds).CombinedOutput(); err != nil {
		t.Fatalf("quire add: %v\n%s", err, out)
	}
	dur := time.Since(start)
	after := listing(seeds)
	if strings.Count(after, "\n") != strings.Count(before, "\n")+60 {
		t.Fatalf("a complete add placed %d files, want 60", strings.Count(after, "\n")-strings.Count(before, "\n"))
	}
	t.Logf("an add of 60 documents takes %v", dur)

	rng := rand.New(rand.NewPCG(3, 4))
	var nOld, nNew, nRolled int
	for i := 0; i < kills; i++ {
		seeds := reset()
		cmd := add(seeds)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(dur) + 1))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		rolled, err := contrib.Recover(seeds)
		if err != nil {
			t.Fatalf("kill %d after %v: recover: %v", i, delay, err)
		}
		if len(rolled) > 0 {
			nRolled++
		}
		if _, err := atomicfile.Clean(seeds); err != nil {
			t.Fatal(err)
		}
		switch got := listing(seeds); got {
		case before:
			nOld++
		case after:
			nNew++
		default:
			t.Fatalf("kill %d after %v: seeds/ is neither the old set nor the old set plus the whole contribution:\n%s", i, delay, got)
		}
	}
	t.Logf("%d kills: old set %d (%d of them rolled back from a journal), complete add %d", kills, nOld, nRolled, nNew)
}

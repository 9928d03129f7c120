package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/gen"
)

// TestConcurrentAdds runs two quire add processes on one seeds directory
// at the same time, many times, with the second started at a random
// moment of the first: a large contribution A and a small one B that
// holds a copy of one of A's documents and a new one. Names, sequence
// numbers and duplicates are decided under the same lock that places the
// files, so whichever add comes second sees the first's files: the
// directory ends with A's documents or B's, never both (the same bytes
// twice), never a sequence number twice, never part of a contribution.
func TestConcurrentAdds(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("flock")
	}
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	dir := t.TempDir()
	bin := buildQuireBinary(t, dir)
	g, err := gen.New(gen.Options{Seed: 21, MeanBytes: 3000})
	if err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	os.Mkdir(a, 0o755)
	os.Mkdir(b, 0o755)
	const nA = 40
	for i := 0; i < nA; i++ {
		_, data := g.Doc(i)
		os.WriteFile(filepath.Join(a, fmt.Sprintf("story-%02d.txt", i)), data, 0o644)
		if i == nA/2 {
			os.WriteFile(filepath.Join(b, "copy.txt"), data, 0o644)
		}
	}
	_, data := g.Doc(nA)
	os.WriteFile(filepath.Join(b, "new.txt"), data, 0o644)

	base := filepath.Join(repoRoot(t), "seeds")
	add := func(seeds, src string) *exec.Cmd {
		cmd := exec.Command(bin, "add", "-quiet", "-seeds", seeds, src)
		cmd.Dir = dir
		return cmd
	}
	// One add of A alone, for how long an add takes.
	seeds := filepath.Join(dir, "seeds-timing")
	if err := copyDir(base, seeds); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if out, err := add(seeds, a).CombinedOutput(); err != nil {
		t.Fatalf("add A alone: %v\n%s", err, out)
	}
	dur := time.Since(start)

	rng := rand.New(rand.NewPCG(5, 6))
	wins := map[string]int{}
	for i := 0; i < rounds; i++ {
		seeds := filepath.Join(dir, fmt.Sprintf("seeds-%02d", i))
		if err := copyDir(base, seeds); err != nil {
			t.Fatal(err)
		}
		first, second := a, b
		if i%2 == 1 {
			first, second = b, a
		}
		delay := time.Duration(rng.Int64N(int64(dur)/2 + 1))
		var wg sync.WaitGroup
		outs := make([]string, 2)
		for k, src := range []string{first, second} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if k == 1 {
					time.Sleep(delay)
				}
				out, _ := add(seeds, src).CombinedOutput()
				outs[k] = string(out)
			}()
		}
		wg.Wait()
		got := checkSeedsConsistent(t, seeds, base)
		switch got {
		case nA, 2:
			wins[fmt.Sprint(got)]++
		default:
			t.Fatalf("round %d (second add after %v): %d documents added, want %d (A) or 2 (B), never both\n%s\n%s", i, delay, got, nA, outs[0], outs[1])
		}
	}
	t.Logf("%d rounds, an add of A takes %v: A won %d, B won %d", rounds, dur, wins[fmt.Sprint(nA)], wins["2"])
}

// checkSeedsConsistent fails the test if seeds holds the same bytes
// twice, a sequence number twice, a name whose hash is not its bytes'
// (among files not in base), or anything left by an add (journal,
// temporary files); it returns the number of documents added to base.
func checkSeedsConsistent(t *testing.T, seeds, base string) int {
	t.Helper()
	ents, err := os.ReadDir(seeds)
	if err != nil {
		t.Fatal(err)
	}
	bySum, bySeq := map[string]string{}, map[string]string{}
	added := 0
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			t.Errorf("%s left in %s", name, seeds)
			continue
		}
		data, err := os.ReadFile(filepath.Join(seeds, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := fileSum(data)
		if o, dup := bySum[sum]; dup {
			t.Errorf("%s and %s hold the same bytes", o, name)
		}
		bySum[sum] = name
		seq, h, ok := corpus.SeedName(strings.TrimSuffix(name, ".txt"))
		if !ok {
			t.Errorf("%s is not a seeds name", name)
			continue
		}
		if o, dup := bySeq[seq]; dup {
			t.Errorf("%s and %s have sequence number %s", o, name, seq)
		}
		bySeq[seq] = name
		if orig, err := os.ReadFile(filepath.Join(base, name)); err == nil && bytes.Equal(orig, data) {
			continue
		}
		added++
		if h != sum[:16] {
			t.Errorf("added %s has the hash %s", name, sum[:16])
		}
	}
	return added
}

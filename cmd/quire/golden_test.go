package main

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"
	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/schema"
)

// buildSeeds runs quire build in-process on a copy of the repository's
// seeds, written in the given order, and returns the bundle bytes.
func buildSeeds(t *testing.T, reverse bool, procs int) []byte {
	t.Helper()
	root := repoRoot(t)
	dir := t.TempDir()
	seeds := filepath.Join(dir, "seeds")
	os.Mkdir(seeds, 0o755)
	ents, err := os.ReadDir(filepath.Join(root, "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	if reverse {
		sort.Slice(ents, func(i, j int) bool { return ents[i].Name() > ents[j].Name() })
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(root, "seeds", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(seeds, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1700000000"
		}
		return ""
	}}
	out := filepath.Join(dir, "dist")
	if code := run(e, []string{"build", "-seeds", seeds, "-out", out, "-quiet"}); code != 0 {
		t.Fatalf("quire build: exit %d\n%s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(out, "dataset-0.1.0.tar.zst"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readMember returns one member of a bundle, read with the zstd and tar
// packages directly.
func readMember(t *testing.T, path, name string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec, err := zstd.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	tr := tar.NewReader(dec)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("%s: member %s: %v", path, name, err)
		}
		if h.Name == name {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
}

// TestBuildDeterministic builds the seeds with the files written in two
// orders and with 1 and 4 cores: the bytes must be identical.
func TestBuildDeterministic(t *testing.T) {
	a := buildSeeds(t, false, 1)
	b := buildSeeds(t, true, 4)
	if !bytes.Equal(a, b) {
		t.Fatalf("bundles differ: %d and %d bytes", len(a), len(b))
	}
}

// TestGoldenBundle compares the seeds' bundle with golden/bundle: the
// dataset manifest, the BagIt tag files and the sha256 of the tar
// stream and of the compressed bundle. It reads the bundle with the zstd
// and tar packages directly, not with quire's reader.
func TestGoldenBundle(t *testing.T) {
	zst := buildSeeds(t, false, 2)
	dec, err := zstd.NewReader(bytes.NewReader(zst))
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	tarBytes, err := io.ReadAll(dec)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	var names []string
	tr := tar.NewReader(bytes.NewReader(tarBytes))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, fmt.Sprintf("%s %o %d/%d %s", h.Name, h.Mode, h.Uid, h.Gid, h.ModTime.UTC().Format("2006-01-02T15:04:05Z")))
		body, _ := io.ReadAll(tr)
		base := filepath.Base(h.Name)
		switch base {
		case "manifest.json", "bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt":
			got[base] = body
		}
	}
	tarSum := sha256.Sum256(tarBytes)
	zstSum := sha256.Sum256(zst)
	got["SHA256SUMS"] = []byte(fmt.Sprintf("%s  dataset-0.1.0.tar\n%s  dataset-0.1.0.tar.zst\n",
		hex.EncodeToString(tarSum[:]), hex.EncodeToString(zstSum[:])))
	got["members.txt"] = []byte(strings.Join(names, "\n") + "\n")

	dir := filepath.Join(repoRoot(t), "golden", "bundle")
	if *update {
		os.MkdirAll(dir, 0o755)
		for name, b := range got {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for name, b := range got {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%v (run go test ./cmd/quire -run TestGoldenBundle -update)", err)
			continue
		}
		if diff := cmp.Diff(string(want), string(b)); diff != "" {
			t.Errorf("golden/bundle/%s differs (-want +got):\n%s", name, diff)
		}
	}
}

// TestEveryByteFlipRejected changes each byte of the seeds' bundle in
// turn, in two ways (the lowest bit, and all bits), and checks that the
// checker rejects every one of them: issue 2's "rejects it after any
// single byte of it is changed", exhaustively rather than by sampling.
// It does so without the bundle's .sha256 file, where only the bundle's
// own records (the trailer's frame digests among them) can catch a
// change, and with it, where the file's sha256 must catch every one.
func TestEveryByteFlipRejected(t *testing.T) {
	zst := buildSeeds(t, false, 2)
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(zst)
	sidecar := hex.EncodeToString(s[:])
	for _, sum := range []string{"", sidecar} {
		if r, _, err := bundle.Check(bytes.NewReader(zst), bundle.CheckOptions{Schema: sch, Workers: 1, FileSHA256: sum}); err != nil || len(r.Problems) > 0 {
			t.Fatalf("the unchanged bundle does not pass (sidecar %t): %v %v", sum != "", err, r)
		}
	}
	if testing.Short() {
		t.Skip("every byte: skipped with -short")
	}
	for _, sum := range []string{"", sidecar} {
		// With the .sha256 file, the file's digest is checked at every
		// level: the fastest will do.
		level := bundle.LevelFull
		if sum != "" {
			level = bundle.LevelFast
		}
		// Offsets are shared out among the cores, each with its copy.
		procs := runtime.GOMAXPROCS(0)
		var wg sync.WaitGroup
		for p := range procs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mut := bytes.Clone(zst)
				for i := p; i < len(zst); i += procs {
					for _, x := range []byte{0x01, 0xff} {
						mut[i] = zst[i] ^ x
						r, _, err := bundle.Check(bytes.NewReader(mut), bundle.CheckOptions{Schema: sch, Workers: 1, FileSHA256: sum, Level: level})
						if err != nil {
							t.Errorf("byte %d ^ %#x: I/O error %v", i, x, err)
							return
						}
						if !r.HasErrors() {
							t.Errorf("byte %d of %d ^ %#x (sidecar %t): bundle accepted", i, len(zst), x, sum != "")
						}
					}
					mut[i] = zst[i]
				}
			}()
		}
		wg.Wait()
	}
}

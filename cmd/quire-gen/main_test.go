package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/gen"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(&env{stdout: &o, stderr: &e}, args)
	return code, o.String(), e.String()
}

// readDir returns name → bytes of the documents in dir, failing on
// anything corpus.List rejects.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	docs, err := corpus.List(os.DirFS(dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, d := range docs {
		b, err := os.ReadFile(filepath.Join(dir, d.Name))
		if err != nil {
			t.Fatal(err)
		}
		m[d.Name] = b
	}
	return m
}

func TestDocsDeterministic(t *testing.T) {
	a, b := t.TempDir(), filepath.Join(t.TempDir(), "new", "dir")
	if code, out, errs := runCmd(t, "-n", "60", "-seed", "3", "-out", a); code != 0 || errs != "" || !strings.Contains(out, "wrote 60 documents") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, _, errs := runCmd(t, "-n", "60", "-seed", "3", "-j", "1", "-out", b); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	da, db := readDir(t, a), readDir(t, b)
	if len(da) != 60 || len(db) != 60 {
		t.Fatalf("%d and %d documents, want 60", len(da), len(db))
	}
	g, _ := gen.New(gen.Options{Seed: 3})
	for i := 0; i < 60; i++ {
		name, data := g.Doc(i)
		if !bytes.Equal(da[name], data) || !bytes.Equal(db[name], data) {
			t.Errorf("%s differs from the generator's document %d", name, i)
		}
	}
}

func TestRefuseNonEmpty(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "keep.me"), []byte("x"), 0o644)
	code, _, errs := runCmd(t, "-n", "5", "-out", dir)
	if code != 2 || !strings.Contains(errs, "is not empty") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("%d entries after refusal", len(ents))
	}
	if code, _, errs := runCmd(t, "-n", "5", "-out", dir, "-force"); code != 0 {
		t.Fatalf("-force: exit %d: %s", code, errs)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 6 {
		t.Fatalf("%d entries after -force, want 6", len(ents))
	}
}

func TestSize(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := runCmd(t, "-size", "200KB", "-out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	docs := readDir(t, dir)
	total, largest := 0, 0
	for _, d := range docs {
		total += len(d)
		largest = max(largest, len(d))
	}
	// The last document reaches the size; the one before did not.
	if total < 200_000 || total-largest >= 200_000 {
		t.Errorf("%d documents, %d bytes for -size 200KB", len(docs), total)
	}
}

func TestNextAndPlain(t *testing.T) {
	v1, v2 := t.TempDir(), t.TempDir()
	runCmd(t, "-n", "200", "-plain", "-out", v1)
	if code, out, errs := runCmd(t, "-n", "200", "-plain", "-next", "-edit", "10", "-add", "5", "-remove", "5", "-out", v2); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	} else {
		t.Log(out)
	}
	a, b := readDir(t, v1), readDir(t, v2)
	added, removed, edited := 0, 0, 0
	for name, data := range b {
		old, ok := a[name]
		switch {
		case !ok:
			added++
		case !bytes.Equal(old, data):
			edited++
		}
	}
	for name := range a {
		if _, ok := b[name]; !ok {
			removed++
		}
	}
	if added != 10 || removed == 0 || edited == 0 {
		t.Errorf("added %d (want 10), removed %d, edited %d", added, removed, edited)
	}
}

func TestRecordsFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "r.jsonl")
	if code, _, errs := runCmd(t, "-n", "50", "-records", f); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 50 {
		t.Fatalf("%d lines, want 50", len(lines))
	}
	for i, l := range lines {
		r, err := record.Unmarshal([]byte(l))
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if want := gen.PlainName(i); r.Source.Name != want {
			t.Errorf("line %d: source %q, want %q", i+1, r.Source.Name, want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{},
		{"-n", "5"},
		{"-n", "5", "-size", "1MB", "-out", dir},
		{"-size", "lots", "-out", dir},
		{"-n", "5", "-mean", "1", "-out", dir},
		{"-n", "5", "-edit", "3", "-out", dir},
		{"-size", "1MB", "-next", "-out", dir},
		{"-n", "5", "-out", dir, "-records", filepath.Join(dir, "r.jsonl")},
		{"-n", "5", "-next", "-edit", "80", "-remove", "30", "-out", dir},
		{"-n", "5", "-out", dir, "extra"},
		{"-bogus"},
	} {
		code, out, errs := runCmd(t, args...)
		if code != 2 || out != "" || errs == "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2, usage on stderr", args, code, out, errs)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("usage errors left %d entries", len(ents))
	}
	if code, out, _ := runCmd(t, "-h"); code != 0 || !strings.Contains(out, "EXIT STATUS") {
		t.Errorf("-h: exit %d, stdout %q", code, out)
	}
}

func TestParseSize(t *testing.T) {
	for s, want := range map[string]int64{
		"4096": 4096, "2MB": 2_000_000, "1GiB": 1 << 30, "500KiB": 500 << 10, "1.5kb": 1500, "7 B": 7,
	} {
		if got, err := parseSize(s); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "MB", "-1", "1XB", "1e400", "abc"} {
		if _, err := parseSize(s); err == nil {
			t.Errorf("parseSize(%q) accepted", s)
		}
	}
}

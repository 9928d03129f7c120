package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/gen"
)

// quire runs the command in-process with SOURCE_DATE_EPOCH fixed.
func quire(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	en := &env{stdout: &o, stderr: &e, getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1700000000"
		}
		return ""
	}}
	code = run(en, args)
	return code, o.String(), e.String()
}

// diffScenario builds the scenario: v1 is the repository's
// seeds; v2 edits one seed, removes one and adds one. It returns the two
// seeds directories and their bundles.
func diffScenario(t *testing.T) (seeds1, seeds2, bundle1, bundle2 string) {
	t.Helper()
	dir := t.TempDir()
	seeds1, seeds2 = filepath.Join(dir, "v1"), filepath.Join(dir, "v2")
	if err := copyDir(filepath.Join(repoRoot(t), "seeds"), seeds1); err != nil {
		t.Fatal(err)
	}
	if err := copyDir(seeds1, seeds2); err != nil {
		t.Fatal(err)
	}
	edit := filepath.Join(seeds2, "000_879b37c607dd505b.txt")
	b, _ := os.ReadFile(edit)
	b2 := bytes.Replace(b, []byte("Trump also said he was not aware"), []byte("Trump also said, on Friday, that he was not aware"), 1)
	if bytes.Equal(b, b2) {
		t.Fatal("edit did not apply")
	}
	os.WriteFile(edit, b2, 0o644)
	os.Remove(filepath.Join(seeds2, "002_545c632c87161882.txt"))
	os.WriteFile(filepath.Join(seeds2, "004_0d7a3cf0d1f2e5a9.txt"), []byte("Council Approves Bridge Repairs\n\n"+
		"The city council voted on Tuesday to approve the budget for the coming year, after a long debate about the cost of repairs to the old bridge.\n\n"+
		"Residents who spoke at the meeting said they were worried about the traffic that the work would cause in the town centre.\n"), 0o644)
	out := filepath.Join(dir, "dist")
	for _, v := range []struct{ seeds, version string }{{seeds1, "1.0.0"}, {seeds2, "2.0.0"}} {
		if code, _, stderr := quire(t, "build", "-quiet", "-seeds", v.seeds, "-out", out, "-version", v.version); code != 0 {
			t.Fatalf("build %s: exit %d\n%s", v.seeds, code, stderr)
		}
	}
	return seeds1, seeds2, filepath.Join(out, "dataset-1.0.0.tar.zst"), filepath.Join(out, "dataset-2.0.0.tar.zst")
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(repoRoot(t), "golden", "diff", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/quire -run TestDiffSeeds -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("golden/diff/%s differs (-want +got):\n%s", name, diff)
	}
}

// TestDiffSeeds is issue 4's acceptance scenario, in every format, with
// bundles on both sides and with a seeds directory on the new side.
func TestDiffSeeds(t *testing.T) {
	_, seeds2, b1, b2 := diffScenario(t)
	// Paths differ per run; the golden files name the sides by base name.
	dir := filepath.Dir(b1)
	t.Chdir(dir)
	b1, b2 = filepath.Base(b1), filepath.Base(b2)

	code, text, stderr := quire(t, "diff", b1, b2)
	if code != 1 || stderr != "" {
		t.Fatalf("diff: exit %d, stderr %q", code, stderr)
	}
	checkGolden(t, "seeds.txt", text)
	for _, want := range []string{"changed 000_879b37c607dd505b", "removed 002_545c632c87161882", "added   004_0d7a3cf0d1f2e5a9", "required version bump: major"} {
		if !strings.Contains(text, want) {
			t.Errorf("text diff lacks %q", want)
		}
	}
	code, md, _ := quire(t, "diff", "-format", "markdown", b1, b2)
	if code != 1 {
		t.Fatalf("markdown: exit %d", code)
	}
	checkGolden(t, "seeds.md", md)

	code, js, _ := quire(t, "diff", "-format", "json", b1, b2)
	var doc struct {
		Format string `json:"format"`
		Counts struct {
			Added, Removed, Changed, Renamed, Unchanged int
		} `json:"counts"`
		Bump struct {
			Level string `json:"level"`
		} `json:"bump"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || code != 1 {
		t.Fatalf("json: exit %d, %v\n%s", code, err, js)
	}
	if c := doc.Counts; c.Added != 1 || c.Removed != 1 || c.Changed != 1 || c.Renamed != 0 || c.Unchanged != 1 || doc.Bump.Level != "major" {
		t.Errorf("json counts %+v, bump %q", c, doc.Bump.Level)
	}
	code, stat, _ := quire(t, "diff", "-stat", b1, b2)
	if code != 1 || !strings.Contains(stat, "added      1") || !strings.Contains(stat, "removed    1") || !strings.Contains(stat, "changed    1") {
		t.Errorf("stat: exit %d\n%s", code, stat)
	}
	code, bump, _ := quire(t, "diff", "-bump", b1, b2)
	if code != 1 || !strings.HasPrefix(bump, "major\n") {
		t.Errorf("bump: exit %d, %q", code, bump)
	}

	// Deterministic: the same inputs give the same bytes.
	for _, args := range [][]string{{"diff", b1, b2}, {"diff", "-format", "markdown", b1, b2}, {"diff", "-format", "json", b1, b2}} {
		_, a, _ := quire(t, args...)
		_, b, _ := quire(t, args...)
		if a != b {
			t.Errorf("%v is not deterministic", args)
		}
	}

	// A seeds directory as the new side gives the same record changes.
	code, text2, stderr := quire(t, "diff", "-stat", b1, seeds2)
	if code != 1 || stderr != "" || !strings.Contains(text2, "added      1") {
		t.Errorf("diff bundle seeds: exit %d, stderr %q\n%s", code, stderr, text2)
	}
}

func TestDiffIdentical(t *testing.T) {
	seeds1, _, b1, _ := diffScenario(t)
	code, out, stderr := quire(t, "diff", b1, b1)
	if code != 0 || out != "" || stderr != "" {
		t.Errorf("diff X X: exit %d, stdout %q, stderr %q; want 0 and nothing", code, out, stderr)
	}
	code, out, _ = quire(t, "diff", "-stat", b1, seeds1)
	if code != 0 || !strings.Contains(out, "added      0") || !strings.Contains(out, "changed    0") {
		t.Errorf("diff -stat bundle seeds: exit %d\n%s", code, out)
	}
	code, out, _ = quire(t, "diff", "-format", "json", b1, b1)
	if code != 0 || !strings.Contains(out, `"added": 0`) && !strings.Contains(out, `"added":0`) {
		t.Errorf("diff -format json X X: exit %d\n%s", code, out)
	}
	code, out, _ = quire(t, "diff", "-bump", b1, b1)
	if code != 0 || !strings.HasPrefix(out, "none") {
		t.Errorf("diff -bump X X: exit %d, %q", code, out)
	}
}

// TestBuildPrevious: build -previous refuses a version below the
// required bump, writes nothing then, and otherwise writes release notes
// into the bundle.
func TestBuildPrevious(t *testing.T) {
	_, seeds2, b1, _ := diffScenario(t)
	out := t.TempDir()
	code, _, stderr := quire(t, "build", "-quiet", "-seeds", seeds2, "-out", out, "-version", "1.1.0", "-previous", b1)
	if code != 1 || !strings.Contains(stderr, "need a major bump") || !strings.Contains(stderr, "hint: major: 1 record removed") {
		t.Errorf("build 1.1.0 after 1.0.0 with a removal: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "dataset-1.1.0.tar.zst")); err == nil {
		t.Error("a refused build wrote its bundle")
	}
	code, _, stderr = quire(t, "build", "-quiet", "-seeds", seeds2, "-out", out, "-version", "1.0.0", "-previous", b1)
	if code != 1 || !strings.Contains(stderr, "1.0.0") {
		t.Errorf("build 1.0.0 after 1.0.0: exit %d\n%s", code, stderr)
	}
	code, _, stderr = quire(t, "build", "-quiet", "-seeds", seeds2, "-out", out, "-version", "2.0.0", "-previous", b1)
	if code != 0 {
		t.Fatalf("build 2.0.0 -previous: exit %d\n%s", code, stderr)
	}
	code, _, stderr = quire(t, "validate", filepath.Join(out, "dataset-2.0.0.tar.zst"))
	if code != 0 {
		t.Errorf("validate: exit %d\n%s", code, stderr)
	}
	notes := readMember(t, filepath.Join(out, "dataset-2.0.0.tar.zst"), "dataset-2.0.0/data/RELEASE-NOTES.md")
	for _, want := range []string{"Required version bump: **major**", "`002_545c632c87161882`", "`004_0d7a3cf0d1f2e5a9`"} {
		if !strings.Contains(notes, want) {
			t.Errorf("release notes lack %q:\n%s", want, notes)
		}
	}
	code, _, stderr = quire(t, "build", "-quiet", "-seeds", seeds2, "-out", out, "-version", "3.0.0", "-previous", "nosuch.tar.zst")
	if code != 2 || !strings.Contains(stderr, "nosuch.tar.zst") {
		t.Errorf("build -previous nosuch: exit %d\n%s", code, stderr)
	}
}

// TestBuildRepeats: on a corpus of at least normalize.MinRepeatCorpus
// documents, build runs the repeated-line pre-pass and records it in the
// manifest; -repeats 0 turns it off; the bundle validates either way.
func TestBuildRepeats(t *testing.T) {
	g, err := gen.New(gen.Options{Seed: 7, MeanBytes: 1500})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seeds := filepath.Join(dir, "seeds")
	os.Mkdir(seeds, 0o755)
	for i := 0; i < normalize.MinRepeatCorpus+10; i++ {
		name, data := g.Doc(i)
		if err := os.WriteFile(filepath.Join(seeds, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "dist")
	for _, tc := range []struct {
		version, flag string
		want          bool
	}{{"1.0.0", "5", true}, {"1.0.1", "0", false}} {
		code, _, stderr := quire(t, "build", "-quiet", "-seeds", seeds, "-out", out, "-version", tc.version, "-repeats", tc.flag)
		if code != 0 {
			t.Fatalf("build -repeats %s: exit %d\n%s", tc.flag, code, stderr)
		}
		bundlePath := filepath.Join(out, "dataset-"+tc.version+".tar.zst")
		manifest := readMember(t, bundlePath, "dataset-"+tc.version+"/data/manifest.json")
		has := strings.Contains(manifest, `"repeats": {`) && strings.Contains(manifest, `"k": 5`) && strings.Contains(manifest, `"min_docs": 50`)
		if has != tc.want {
			t.Errorf("-repeats %s: manifest records the pass: %v, want %v\n%s", tc.flag, has, tc.want, manifest)
		}
		if code, out, _ := quire(t, "validate", bundlePath); code != 0 {
			t.Errorf("validate: exit %d\n%s", code, out)
		}
	}
	if code, _, stderr := quire(t, "build", "-quiet", "-seeds", seeds, "-out", out, "-repeats", "1"); code != 2 || !strings.Contains(stderr, "-repeats 1") {
		t.Errorf("-repeats 1: exit %d, %q", code, stderr)
	}
}

// TestSpilledListingSameOutput builds and diffs a generated corpus with
// the seeds listed, and their lines counted, in runs of one entry, so
// that the listing and the line counts spill every entry and merge in
// two levels (more runs than one merge takes), and checks:
//   - the bundle and the diffs are the same bytes as with nothing spilled,
//     and no temporary file is left;
//   - the release compared with the seeds it was built from is
//     identical (exit 0, no change);
//   - compared with a seeds directory of five more documents, it shows
//     exactly those five added, and every change the same as compared
//     with the bundle built from that directory.
func TestSpilledListingSameOutput(t *testing.T) {
	g, err := gen.New(gen.Options{Seed: 11, MeanBytes: 800})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seeds := filepath.Join(dir, "seeds")
	os.Mkdir(seeds, 0o755)
	const n = 130 // > 64 runs of 1, and ≥ normalize.MinRepeatCorpus
	for i := 0; i < n; i++ {
		name, data := g.Doc(i)
		if err := os.WriteFile(filepath.Join(seeds, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	seeds2 := filepath.Join(dir, "seeds2")
	if err := copyDir(seeds, seeds2); err != nil {
		t.Fatal(err)
	}
	var addedIDs []string
	for i := n; i < n+5; i++ {
		name, data := g.Doc(i)
		os.WriteFile(filepath.Join(seeds2, name), data, 0o644)
		addedIDs = append(addedIDs, strings.TrimSuffix(name, ".txt"))
	}
	var bundles, diffs [2]string
	for k, runSize := range []int{0, 1} {
		tmp := t.TempDir()
		lo := corpus.ListOptions{RunSize: runSize, TempDir: tmp}
		out := filepath.Join(dir, fmt.Sprintf("dist%d", k))
		if code, _, stderr := quireListing(t, lo, "build", "-quiet", "-seeds", seeds, "-out", out); code != 0 {
			t.Fatalf("run size %d: build: exit %d\n%s", runSize, code, stderr)
		}
		bundle := filepath.Join(out, "dataset-0.1.0.tar.zst")
		b, err := os.ReadFile(bundle)
		if err != nil {
			t.Fatal(err)
		}
		bundles[k] = string(b)
		if code, stdout, stderr := quireListing(t, lo, "diff", bundle, seeds); code != 0 || stdout != "" || stderr != "" {
			t.Errorf("run size %d: diff with its own seeds: exit %d, want 0 and no change\n%.1000s%s", runSize, code, stdout, stderr)
		}
		code, stdout, stderr := quireListing(t, lo, "diff", "-format", "json", bundle, seeds2)
		if code != 1 || stderr != "" {
			t.Fatalf("run size %d: diff: exit %d, want 1 (differences)\n%s", runSize, code, stderr)
		}
		diffs[k] = strings.ReplaceAll(stdout, out, "OUT") // the label names the bundle
		if ents, _ := os.ReadDir(tmp); len(ents) > 0 {
			t.Errorf("run size %d: %d files left in the temporary directory", runSize, len(ents))
		}
	}
	if bundles[0] != bundles[1] {
		t.Error("the bundle differs when the listing and the line counts spill")
	}
	if diffs[0] != diffs[1] {
		t.Errorf("the diff differs when the listing and the line counts spill:\n%s\n---\n%s", diffs[0], diffs[1])
	}

	// The same comparison with the release of seeds2.
	out2 := filepath.Join(dir, "dist2")
	if code, _, stderr := quire(t, "build", "-quiet", "-seeds", seeds2, "-out", out2, "-version", "0.2.0"); code != 0 {
		t.Fatalf("build seeds2: exit %d\n%s", code, stderr)
	}
	_, viaBundle, _ := quire(t, "diff", "-format", "json", filepath.Join(dir, "dist0", "dataset-0.1.0.tar.zst"), filepath.Join(out2, "dataset-0.2.0.tar.zst"))
	type result struct {
		Changes []struct {
			Kind string `json:"kind"`
			ID   string `json:"id"`
		} `json:"changes"`
		Counts map[string]int `json:"counts"`
	}
	var seedsRes, bundleRes result
	if err := json.Unmarshal([]byte(diffs[0]), &seedsRes); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(viaBundle), &bundleRes); err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, c := range seedsRes.Changes {
		if c.Kind == "added" {
			added = append(added, c.ID)
		}
	}
	if c := seedsRes.Counts; !cmp.Equal(added, addedIDs) || c["added"] != 5 || c["removed"] != 0 || c["renamed"] != 0 || c["old"] != n || c["new"] != n+5 {
		t.Errorf("diff with five documents more: added %q, counts %v; want exactly %q added", added, c, addedIDs)
	}
	if !cmp.Equal(seedsRes.Counts, bundleRes.Counts) || changesOf(t, diffs[0]) != changesOf(t, viaBundle) {
		t.Errorf("compared with seeds2, the release shows other changes than compared with seeds2's release:\n%v\n%v", seedsRes.Counts, bundleRes.Counts)
	}
}

// changesOf returns the "changes" array of a diff's JSON output.
func changesOf(t *testing.T, out string) string {
	t.Helper()
	var v struct {
		Changes json.RawMessage `json:"changes"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	return string(v.Changes)
}

func quireListing(t *testing.T, lo corpus.ListOptions, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	en := &env{stdout: &o, stderr: &e, listing: lo, getenv: func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1700000000"
		}
		return ""
	}}
	code = run(en, args)
	return code, o.String(), e.String()
}

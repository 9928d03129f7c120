package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/schema"
)

// v1Bundle writes, from the committed records quire wrote with record
// schema v1, the bundle of version 0.1.0 that quire wrote then.
func v1Bundle(t *testing.T, dir string) string {
	t.Helper()
	jsonl := filepath.Join(repoRoot(t), "dataset", "record", "testdata", "v1", "seeds.jsonl")
	b, err := os.ReadFile(jsonl)
	if err != nil {
		t.Fatal(err)
	}
	v1, err := schema.RecordOf(1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := bundle.ReadManifest(bytes.NewReader(buildSeeds(t, false, 1)))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "dataset-0.1.0.tar.zst")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	epoch := time.Unix(1700000000, 0)
	// The rules that wrote the fixture's records (rules_version 1.4.0;
	// quire recorded no engine then).
	rules := bundle.Rules{Version: "1.4.0", SHA256: "4040fbaf5d4462f692c737345b7cf0685d738c53aecb15a4b75f580e7d9b0523"}
	w, err := bundle.NewWriter(f, bundle.WriterOptions{Name: "dataset", Version: "0.1.0", QuireVersion: m.QuireVersion,
		Schema: v1, Rules: rules, SourceDateEpoch: &epoch, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for _, l := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		c, err := bundle.PrepareLine(v1, l)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.AddChecked(c); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSchemaV1Releases: what users do with a release and JSON Lines
// written with record schema v1, after quire moved to v2 — validate,
// diff against a v2 release (the schema change is major; records with
// empty new fields are unchanged) and release the next version on top.
func TestSchemaV1Releases(t *testing.T) {
	dir := t.TempDir()
	old := v1Bundle(t, dir)
	if bundle.Format == "quire-bundle/1" {
		// The writer given schema v1 writes, byte for byte, what quire
		// wrote from these records at commit 73dde1d.
		b, _ := os.ReadFile(old)
		if s := sha256.Sum256(b); hex.EncodeToString(s[:]) != "6a60e800ff2941249b394bc0b395f8ecc0919ce5bf17c7c4db2cc8b99a887b6a" {
			t.Errorf("the v1 bundle is not the one quire wrote with schema v1")
		}
	}
	jsonl := filepath.Join(repoRoot(t), "dataset", "record", "testdata", "v1", "seeds.jsonl")
	for _, p := range []string{old, jsonl} {
		if code, stdout, stderr := quire(t, "validate", "-quiet", p); code != 0 {
			t.Errorf("validate %s: exit %d\n%s%s", p, code, stdout, stderr)
		}
	}
	seeds := filepath.Join(repoRoot(t), "seeds")
	// The records change too: the normalizer of today fills language, and
	// its rules version is newer than the fixture's.
	code, stdout, stderr := quire(t, "diff", old, seeds)
	if code != 1 || !strings.Contains(stdout, "authors: property added (required) (major)") ||
		!strings.Contains(stdout, `language: null -> "en"`) ||
		!strings.Contains(stdout, "3 changed, 0 added, 0 removed, 0 renamed, 0 unchanged") || stderr != "" {
		t.Errorf("diff v1 release, seeds: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, _ := quire(t, "diff", "-bump", jsonl, old); code != 0 || strings.TrimSpace(stdout) != "none" {
		t.Errorf("diff of a v1 release and its own JSON Lines: exit %d, %q", code, stdout)
	}
	out := filepath.Join(dir, "dist")
	if code, _, stderr := quire(t, "build", "-quiet", "-seeds", seeds, "-out", out, "-version", "0.1.1", "-previous", old); code != 1 || !strings.Contains(stderr, "need a minor bump") {
		t.Errorf("build 0.1.1 after a v1 0.1.0: exit %d, want a refusal\n%s", code, stderr)
	}
	if code, _, stderr := quire(t, "build", "-quiet", "-seeds", seeds, "-out", out, "-version", "0.2.0", "-previous", old); code != 0 {
		t.Errorf("build 0.2.0 after a v1 0.1.0: exit %d\n%s", code, stderr)
	}
	rd, err := os.Open(filepath.Join(out, "dataset-0.2.0.tar.zst"))
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	m, err := bundle.ReadManifest(rd)
	if err != nil || m.Schema.ID != "https://quire-archive.github.io/schema/record/v2.json" {
		t.Errorf("the next release is written with schema %v (%v), want v2", m, err)
	}
}

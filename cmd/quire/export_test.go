package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/export"
	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/schema"
)

// runQuire runs quire in-process with the given environment variables
// (nothing else is set) and returns the exit status, stdout and stderr.
func quireEnv(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(k string) string { return vars[k] }}
	code := run(e, args)
	return code, stdout.String(), stderr.String()
}

// seedsBundle writes the seeds' bundle to a temporary directory.
func seedsBundle(t *testing.T) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "dataset-0.1.0.tar.zst")
	if err := os.WriteFile(path, buildSeeds(t, false, 2), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// TestExportJSONLIsTheShards: a JSON Lines export is exactly the
// shard's bytes, read here with the tar and zstd packages directly.
func TestExportJSONLIsTheShards(t *testing.T) {
	dir, b := seedsBundle(t)
	out := filepath.Join(dir, "records.jsonl")
	if code, _, stderr := quireEnv(t, nil, "export", b, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, _ := os.ReadFile(out)
	want := readMember(t, b, "dataset-0.1.0/data/records/000000.jsonl")
	if string(got) != want {
		t.Errorf("export differs from the shard:\n%.300s\nwant\n%.300s", got, want)
	}
	// -o - streams the same bytes to stdout.
	code, stdout, _ := quireEnv(t, nil, "export", "-format", "jsonl", "-o", "-", b)
	if code != 0 || stdout != want {
		t.Errorf("-o -: exit %d, %d bytes, want %d", code, len(stdout), len(want))
	}
}

// TestExportCSV: a header of the schema's flat fields, one RFC 4180 row
// per record with each value equal to the record's, CRLF line ends.
func TestExportCSV(t *testing.T) {
	dir, b := seedsBundle(t)
	out := filepath.Join(dir, "records.csv")
	if code, _, stderr := quireEnv(t, nil, "export", b, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	raw, _ := os.ReadFile(out)
	if !bytes.HasSuffix(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\r\n")) < 4 {
		t.Errorf("rows do not end with CRLF")
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fields.FromSchema(schema.RecordBytes())
	if err != nil {
		t.Fatal(err)
	}
	cols := export.FlatColumns(fs)
	var header []string
	for _, c := range cols {
		header = append(header, c.Name())
	}
	if strings.Join(rows[0], ",") != strings.Join(header, ",") {
		t.Errorf("header %q, want %q", rows[0], header)
	}
	for _, want := range []string{"id", "title", "published", "text", "source.sha256", "rules_version"} {
		if !strings.Contains(","+strings.Join(rows[0], ",")+",", ","+want+",") {
			t.Errorf("header %q lacks %s", rows[0], want)
		}
	}
	lines := strings.Split(strings.TrimSuffix(readMember(t, b, "dataset-0.1.0/data/records/000000.jsonl"), "\n"), "\n")
	if len(rows)-1 != len(lines) {
		t.Fatalf("%d rows, want %d records", len(rows)-1, len(lines))
	}
	for i, line := range lines {
		var rec map[string]any
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&rec); err != nil {
			t.Fatal(err)
		}
		for j, c := range cols {
			want := ""
			switch v := export.Lookup(rec, c.Path).(type) {
			case string:
				want = v
			case json.Number:
				want = v.String()
			}
			if rows[i+1][j] != want {
				t.Errorf("record %d, %s: %q, want %q", i, c.Name(), rows[i+1][j], want)
			}
		}
	}
}

// TestExportInvalidBundleWritesNothing: a bundle damaged in a record is
// refused (exit 1) and the output file, new or existing, is untouched.
func TestExportInvalidBundleWritesNothing(t *testing.T) {
	dir, b := seedsBundle(t)
	raw, _ := os.ReadFile(b)
	// Damage in the middle is found before the first record; damage near
	// the end (the trailer's tar sha256) only after the last one.
	for _, at := range []int{len(raw) / 2, len(raw) - 30} {
		bad := bytes.Clone(raw)
		bad[at] ^= 0x20
		os.WriteFile(b, bad, 0o644)
		exportRefused(t, dir, b)
	}
}

func exportRefused(t *testing.T, dir, b string) {
	t.Helper()
	for _, format := range []string{"jsonl", "csv"} {
		out := filepath.Join(dir, "new."+format)
		code, _, stderr := quireEnv(t, nil, "export", b, "-o", out)
		if code != 1 || !strings.Contains(stderr, "nothing exported") {
			t.Errorf("%s: exit %d, stderr %q; want 1 and nothing exported", format, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: %s written from an invalid bundle", format, out)
		}
		old := filepath.Join(dir, "old."+format)
		os.WriteFile(old, []byte("previous export\n"), 0o644)
		quireEnv(t, nil, "export", b, "-o", old)
		if got, _ := os.ReadFile(old); string(got) != "previous export\n" {
			t.Errorf("%s: an existing export was changed by a failed one", format)
		}
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), "quire-tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestExportUsage(t *testing.T) {
	_, b := seedsBundle(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", b}, "one bundle and -o FILE"},
		{[]string{"export", "-o", "x.txt", b}, "say which format"},
		{[]string{"export", "-format", "xml", "-o", "x.xml", b}, `-format "xml"`},
		{[]string{"export", "-format", "parquet", "-o", "-", b}, "cannot go to stdout"},
		{[]string{"export", "-o", "x.jsonl", "nosuch.tar.zst"}, "nosuch.tar.zst"},
	} {
		code, _, stderr := quireEnv(t, nil, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}

// TestExportParquetRunsQuireParquet: -format parquet hands the export
// to quire-parquet with the output and the bundle, and passes its exit
// status back; without it, quire says how to install it.
func TestExportParquetRunsQuireParquet(t *testing.T) {
	dir := t.TempDir()
	stub := filepath.Join(dir, "quire-parquet")
	os.WriteFile(stub, []byte("#!/bin/sh\necho \"args: $*\"\nexit 3\n"), 0o755)
	code, stdout, _ := quireEnv(t, map[string]string{"QUIRE_PARQUET": stub}, "export", "-o", "r.parquet", "b.tar.zst")
	if code != 3 || stdout != "args: -o r.parquet -- b.tar.zst\n" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	_, stdout, _ = quireEnv(t, map[string]string{"QUIRE_PARQUET": stub}, "export", "-quiet", "-format", "parquet", "-o", "r.pq", "b.tar.zst")
	if stdout != "args: -o r.pq -quiet -- b.tar.zst\n" {
		t.Errorf("-quiet: stdout %q", stdout)
	}
	code, _, stderr := quireEnv(t, map[string]string{"PATH": dir + "/none"}, "export", "-o", "r.parquet", "b.tar.zst")
	if code != 2 || !strings.Contains(stderr, "go install ./cmd/quire-parquet") {
		t.Errorf("without quire-parquet: exit %d, stderr %q", code, stderr)
	}
}

// TestInit writes the commented template once and never replaces it.
func TestInit(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := quireEnv(t, nil, "init", dir)
	path := filepath.Join(dir, "quire.toml")
	if code != 0 || stdout != path+"\n" || !strings.Contains(stderr, "fill in title, description and license") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	got, _ := os.ReadFile(path)
	if !bytes.HasPrefix(got, []byte("# quire.toml")) || !bytes.Contains(got, []byte("license = \"\"")) {
		t.Errorf("quire.toml is not the template:\n%s", got)
	}
	os.WriteFile(path, []byte("title = \"mine\"\n"), 0o644)
	code, _, stderr = quireEnv(t, nil, "init", dir)
	if code != 2 || !strings.Contains(stderr, "exists; nothing written") {
		t.Errorf("second init: exit %d, stderr %q", code, stderr)
	}
	if got, _ := os.ReadFile(path); string(got) != "title = \"mine\"\n" {
		t.Errorf("init replaced an existing quire.toml")
	}
}

package parquet

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"
	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/export"
	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/gen"
	"github.com/quire-archive/quire/internal/interop"
	"github.com/quire-archive/quire/schema"
)

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..")
}

// genBundle writes a bundle of n generated records, with some records
// given what generated ones lack (a caption without credit, removed
// lines with and without why, no title), and returns its path.
func genBundle(t *testing.T, n int) string {
	t.Helper()
	g, err := gen.New(gen.Options{Seed: 7, MeanBytes: 2000})
	if err != nil {
		t.Fatal(err)
	}
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "gen-1.0.0.tar.zst")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	w, err := bundle.NewWriter(bw, bundle.WriterOptions{Name: "gen", Version: "1.0.0", QuireVersion: "0.1.0",
		Schema: sch, Rules: bundle.Rules{Version: gen.RecordRulesVersion, SHA256: strings.Repeat("0", 64)}, TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	for i := 0; i < n; i++ {
		r := g.Record(i)
		switch i % 5 {
		case 1:
			credit := "Photo: A. Example"
			r.Captions = append(r.Captions, record.Caption{Line: 1, Text: "A caption", Credit: nil},
				record.Caption{Line: 2, Text: "", Credit: &credit})
		case 2:
			r.Removed = append(r.Removed, record.Removed{Line: 3, Text: "Share this", Rule: "share-prompt", Why: "share widget"})
		case 3:
			r.Title = nil
		}
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeParquet writes path's records as Parquet and returns the bytes.
func writeParquet(t *testing.T, path string) []byte {
	return writeParquetOpts(t, path, Options{})
}

func writeParquetOpts(t *testing.T, path string, opts Options) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := bundle.Open(bufio.NewReader(f), bundle.CheckOptions{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fields.FromSchema(rd.Schema())
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	opts.CreatedBy = "quire version 0.1.0"
	opts.Metadata = func() map[string]string { return map[string]string{"b": "2", "a": "1", "c": "3"} }
	if _, err := Write(&out, fs, rd, opts); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestDeterministic: two exports of the same bundle are the same bytes,
// under different GOMAXPROCS.
func TestDeterministic(t *testing.T) {
	b := genBundle(t, 300)
	one := writeParquet(t, b)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if two := writeParquet(t, b); !bytes.Equal(one, two) {
		t.Fatalf("exports differ: %d and %d bytes", len(one), len(two))
	}
}

// TestFileShape reads the file's footer with parquet-go: the columns
// are every leaf of the schema, in field order, compressed with zstd;
// row groups hold their bound of records; created_by is quire's.
func TestFileShape(t *testing.T) {
	const rows = 250
	n := rows*2 + 17
	raw := writeParquetOpts(t, genBundle(t, n), Options{RowGroupRows: rows})
	f, err := pq.OpenFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	md := f.Metadata()
	if md.CreatedBy != "quire version 0.1.0" {
		t.Errorf("created_by %q", md.CreatedBy)
	}
	if md.NumRows != int64(n) || len(md.RowGroups) != 3 {
		t.Errorf("%d rows in %d row groups, want %d in 3", md.NumRows, len(md.RowGroups), n)
	}
	for i, rg := range md.RowGroups[:2] {
		if rg.NumRows != rows {
			t.Errorf("row group %d: %d rows, want %d", i, rg.NumRows, rows)
		}
	}
	var kv []string
	for _, m := range md.KeyValueMetadata {
		kv = append(kv, m.Key+"="+m.Value)
	}
	if strings.Join(kv, ",") != "a=1,b=2,c=3" {
		t.Errorf("key-value metadata %q, want sorted a=1,b=2,c=3", kv)
	}
	fs, _ := fields.FromSchema(schema.RecordBytes())
	var want []string
	fields.Walk(fs, func(path []string, f *fields.Field) {
		if f.Leaf() {
			var named []string
			for _, p := range path {
				if p == "" {
					named = append(named, "list", "element")
				} else {
					named = append(named, p)
				}
			}
			want = append(want, strings.Join(named, "."))
		}
	})
	var got []string
	for _, c := range md.RowGroups[0].Columns {
		got = append(got, strings.Join(c.MetaData.PathInSchema, "."))
		if c.MetaData.Codec.String() != "ZSTD" {
			t.Errorf("column %v: codec %v", c.MetaData.PathInSchema, c.MetaData.Codec)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("columns\n%q\nwant\n%q", got, want)
	}
}

// TestRefusesRecordsTheSchemaDoesNotDescribe: a value of the wrong type
// or a missing required one is an error naming the record and field,
// never a silently wrong file.
func TestRefusesRecordsTheSchemaDoesNotDescribe(t *testing.T) {
	fs, _ := fields.FromSchema(schema.RecordBytes())
	rb := newRowBuilder(fs)
	for line, want := range map[string]string{
		`{"id":"a","title":null,"authors":[],"outlet":null,"published":null,"language":null,"text":"t","captions":[],"removed":[],"source":{"name":"a","bytes":"1","sha256":"x"},"rules_version":"1.0.0"}`:       "source: bytes: a string where the schema has a integer",
		`{"id":"a","title":null,"authors":[],"outlet":null,"published":"2024-13-01","language":null,"text":"t","captions":[],"removed":[],"source":{"name":"a","bytes":1,"sha256":"x"},"rules_version":"1.0.0"}`: `published: "2024-13-01" is not a date`,
		`{"id":"a","title":null,"authors":[],"outlet":null,"published":null,"language":null,"captions":[],"removed":[],"source":{"name":"a","bytes":1,"sha256":"x"},"rules_version":"1.0.0"}`:                    "text: null or absent",
		`{"id":"a","title":null,"authors":[],"outlet":null,"published":null,"language":null,"text":"t","captions":{},"removed":[],"source":{"name":"a","bytes":1,"sha256":"x"},"rules_version":"1.0.0"}`:         "captions: a map[string]interface {} where the schema has an array",
	} {
		v, err := export.Value([]byte(line))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := rb.build(v); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want %q", err, want)
		}
	}
}

// TestReadersAgree: pyarrow and DuckDB read every row of an export back
// equal to its record (interop/check_parquet.py), for generated records
// over three row groups.
func TestReadersAgree(t *testing.T) {
	interop.Python(t)
	b := genBundle(t, 1100)
	dir := t.TempDir()
	pqPath := filepath.Join(dir, "r.parquet")
	os.WriteFile(pqPath, writeParquetOpts(t, b, Options{RowGroupRows: 500}), 0o644)
	jsonl := filepath.Join(dir, "r.jsonl")
	writeJSONL(t, b, jsonl)
	t.Log(interop.Run(t, "check_parquet.py", pqPath, jsonl))
}

func writeJSONL(t *testing.T, b, out string) {
	t.Helper()
	f, _ := os.Open(b)
	defer f.Close()
	rd, err := bundle.Open(bufio.NewReader(f), bundle.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	for {
		_, line, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	os.WriteFile(out, buf.Bytes(), 0o644)
}

// TestEndToEnd builds quire and quire-parquet, builds the repository's
// seeds, runs quire export -format parquet twice (identical bytes) and
// checks the file with pyarrow and DuckDB against quire export -format
// jsonl. Without Python the readers are skipped, not the rest.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two commands")
	}
	dir := t.TempDir()
	quire, qp := filepath.Join(dir, "quire"), filepath.Join(dir, "quire-parquet")
	// quire is built in its own module, with the zstd library it pins.
	for bin, where := range map[string]string{quire: filepath.Join(repoRoot(), "cmd", "quire"), qp: "./cmd/quire-parquet"} {
		cmd := exec.Command("go", "build", "-o", bin, ".")
		if where != "./cmd/quire-parquet" {
			cmd.Dir = where
		} else {
			cmd.Args[len(cmd.Args)-1] = where
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", where, err, out)
		}
	}
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(quire, args...)
		cmd.Dir = dir
		// quire finds quire-parquet beside itself.
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1700000000", "QUIRE_PARQUET=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("quire %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("build", "-quiet", "-seeds", filepath.Join(repoRoot(), "seeds"), "-out", "dist")
	b := filepath.Join(dir, "dist", "dataset-0.1.0.tar.zst")
	run("export", "-quiet", "-format", "parquet", "-o", "one.parquet", b)
	run("export", "-quiet", "-o", "two.parquet", b)
	run("export", "-quiet", "-o", "records.jsonl", b)
	one, _ := os.ReadFile(filepath.Join(dir, "one.parquet"))
	two, _ := os.ReadFile(filepath.Join(dir, "two.parquet"))
	if len(one) == 0 || !bytes.Equal(one, two) {
		t.Fatalf("two exports differ (%d and %d bytes)", len(one), len(two))
	}
	if os.Getenv(interop.Env) == "" && os.Getenv("CI") == "" {
		t.Logf("%s not set: pyarrow and DuckDB not run", interop.Env)
		return
	}
	t.Log(interop.Run(t, "check_parquet.py", filepath.Join(dir, "one.parquet"), filepath.Join(dir, "records.jsonl")))
}

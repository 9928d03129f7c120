package describe

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/dataset/metadata"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/interop"
	"github.com/quire-archive/quire/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// readMeta reads the complete metadata file the tests share.
func readMeta(t *testing.T) *metadata.File {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot(t), "dataset", "metadata", "testdata", "quire.toml"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := metadata.Read(bytes.NewReader(raw), "quire.toml")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// seedsInput builds an Input from the seeds' golden records, cut into
// shards of perShard records, as a build would have written them.
func seedsInput(t *testing.T, meta *metadata.File, perShard int) Input {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "golden", "records", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("golden records: %v", err)
	}
	sort.Strings(files)
	st := NewStats()
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	m := &bundle.Manifest{Format: bundle.Format, Name: "news", Version: "1.2.0", QuireVersion: "0.1.0",
		Created: "2023-11-14T22:13:20Z",
		Schema:  bundle.SchemaInfo{ID: sch.ID(), Path: "schema/record.schema.json", SHA256: sch.SHA256()},
		Rules:   bundle.Rules{Version: "1.4.0", SHA256: strings.Repeat("ab", 32)}}
	var shard bytes.Buffer
	var cur bundle.Shard
	flush := func() {
		s := sha256.Sum256(shard.Bytes())
		cur.Path = "records/" + []string{"000000", "000001", "000002", "000003"}[len(m.Shards)] + ".jsonl"
		cur.Bytes, cur.SHA256 = int64(shard.Len()), hex.EncodeToString(s[:])
		m.Shards = append(m.Shards, cur)
		cur = bundle.Shard{}
		shard.Reset()
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var r record.Record
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		line, err := record.Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		st.Add(&r, line)
		if cur.Records == 0 {
			cur.FirstID = r.ID
		}
		cur.Records++
		cur.LastID = r.ID
		shard.Write(line)
		shard.WriteByte('\n')
		m.RecordCount++
		if cur.Records == int64(perShard) {
			flush()
		}
	}
	if cur.Records > 0 {
		flush()
	}
	norm, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return Input{Meta: meta, Manifest: m, Schema: schema.RecordBytes(), Stats: st, Family: norm.RuleFamily}
}

// TestGolden compares the descriptions of the seeds' records with
// golden/describe (go test ./dataset/describe -update rewrites it; read
// the diff).
func TestGolden(t *testing.T) {
	d, err := Describe(seedsInput(t, readMeta(t), 2))
	if err != nil {
		t.Fatal(err)
	}
	var info strings.Builder
	for _, f := range d.BagInfo {
		info.WriteString(f.Label + ": " + f.Value + "\n")
	}
	dir := filepath.Join(repoRoot(t), "golden", "describe")
	for name, got := range map[string][]byte{"README.md": d.Card, "datapackage.json": d.DataPackage,
		"croissant.json": d.Croissant, "bag-info-fields.txt": []byte(info.String())} {
		path := filepath.Join(dir, name)
		if *update {
			os.MkdirAll(dir, 0o755)
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./dataset/describe -update)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs from golden (-want +got):\n%s", name, diff)
		}
	}
}

// TestEveryFieldDescribed: each field of the schema, nested ones too,
// is in the card's features, Croissant's record set and the
// Frictionless table schema, in order and nothing else is.
func TestEveryFieldDescribed(t *testing.T) {
	in := seedsInput(t, readMeta(t), 100)
	d, err := Describe(in)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := fields.FromSchema(in.Schema)
	if err != nil {
		t.Fatal(err)
	}
	var names, ids, top []string
	fields.Walk(fs, func(path []string, f *fields.Field) {
		if f.Name == "" {
			return
		}
		names = append(names, f.Name)
		ids = append(ids, "records/"+fields.Name(path, "/"))
		if len(path) == 1 {
			top = append(top, f.Name)
		}
	})

	// The card: the names under dataset_info.features, in order.
	card := string(d.Card)
	feat := card[strings.Index(card, "  features:\n"):strings.Index(card, "\n---\n")]
	var got []string
	for _, l := range strings.Split(feat, "\n") {
		if _, n, ok := strings.Cut(l, "- name: "); ok {
			var s string
			json.Unmarshal([]byte(n), &s)
			got = append(got, s)
		}
	}
	if diff := cmp.Diff(names, got); diff != "" {
		t.Errorf("card features (-schema +card):\n%s", diff)
	}

	// Croissant: the @id of every field and subField, depth first.
	var cr struct {
		RecordSet []struct {
			Field []json.RawMessage `json:"field"`
		} `json:"recordSet"`
	}
	if err := json.Unmarshal(d.Croissant, &cr); err != nil {
		t.Fatal(err)
	}
	got = nil
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		var f struct {
			ID  string            `json:"@id"`
			Sub []json.RawMessage `json:"subField"`
		}
		json.Unmarshal(raw, &f)
		got = append(got, f.ID)
		for _, s := range f.Sub {
			walk(s)
		}
	}
	for _, f := range cr.RecordSet[0].Field {
		walk(f)
	}
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Errorf("croissant fields (-schema +croissant):\n%s", diff)
	}

	// Frictionless: the table schema's fields.
	var dp struct {
		Resources []struct {
			Schema struct {
				Fields []struct{ Name string } `json:"fields"`
			} `json:"schema"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(d.DataPackage, &dp); err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, f := range dp.Resources[0].Schema.Fields {
		got = append(got, f.Name)
	}
	if diff := cmp.Diff(top, got); diff != "" {
		t.Errorf("datapackage fields (-schema +datapackage):\n%s", diff)
	}

	// The card's field table names every field too.
	for _, id := range ids {
		path := strings.ReplaceAll(strings.TrimPrefix(id, "records/"), "/", ".")
		if !strings.Contains(card, "| `"+path+"` |") {
			t.Errorf("card's field table has no row for %s", path)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, err := Describe(seedsInput(t, readMeta(t), 1))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Describe(seedsInput(t, readMeta(t), 1))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Card, b.Card) || !bytes.Equal(a.DataPackage, b.DataPackage) || !bytes.Equal(a.Croissant, b.Croissant) {
		t.Error("two descriptions of the same input differ")
	}
}

// TestStatsMustAgree: statistics that do not describe the manifest's
// records (a caller that skipped some) are refused, not published.
func TestStatsMustAgree(t *testing.T) {
	in := seedsInput(t, nil, 100)
	in.Manifest.RecordCount++
	if _, err := Describe(in); err == nil || !strings.Contains(err.Error(), "statistics of 3 records") {
		t.Errorf("error %v, want a disagreement", err)
	}
}

// TestWithoutMetadata: without a metadata file nothing is invented — no
// licence, no descriptive bag-info fields — and the card says so.
func TestWithoutMetadata(t *testing.T) {
	d, err := Describe(seedsInput(t, nil, 100))
	if err != nil {
		t.Fatal(err)
	}
	if d.BagInfo != nil {
		t.Errorf("bag-info fields %v without metadata", d.BagInfo)
	}
	if bytes.Contains(d.Card, []byte("\nlicense:")) || !bytes.Contains(d.Card, []byte("Licence | not stated")) {
		t.Errorf("card without metadata claims a licence or does not say it has none")
	}
	if bytes.Contains(d.DataPackage, []byte(`"licenses"`)) || bytes.Contains(d.Croissant, []byte(`"license"`)) {
		t.Errorf("descriptor without metadata names a licence")
	}
	if !bytes.Contains(d.Card, []byte("pretty_name: \"news\"")) {
		t.Errorf("card without metadata does not fall back to the dataset name")
	}
}

func TestLicenceOnTheHub(t *testing.T) {
	meta := readMeta(t)
	meta.License = "CC-BY-4.0"
	d, _ := Describe(seedsInput(t, meta, 100))
	if !bytes.Contains(d.Card, []byte("license: \"cc-by-4.0\"\n")) {
		t.Errorf("CC-BY-4.0 is not the Hub's cc-by-4.0")
	}
	meta.License = "Beerware"
	d, _ = Describe(seedsInput(t, meta, 100))
	if !bytes.Contains(d.Card, []byte("license: other\nlicense_name: \"beerware\"\nlicense_link: \"https://spdx.org/licenses/Beerware.html\"\n")) {
		t.Errorf("a licence the Hub has no id for is not other + name + link")
	}
}

func TestBagInfoOneLine(t *testing.T) {
	got := BagInfo(readMeta(t))
	want := []bundle.BagInfoField{
		{Label: "Source-Organization", Value: "Example Library"},
		{Label: "Contact-Name", Value: "Ada Example"},
		{Label: "Contact-Email", Value: "ada@example.org"},
		{Label: "External-Description", Value: "Three scraped news articles, normalized by quire. Used to test that a release loads in the tools people use."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestSizeCategory(t *testing.T) {
	for n, want := range map[int64]string{0: "n<1K", 999: "n<1K", 1000: "1K<n<10K", 100000: "100K<n<1M", 2e12: "n>1T"} {
		if got := sizeCategory(n); got != want {
			t.Errorf("sizeCategory(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestToolsReadTheDescriptions lays out the seeds' records in two
// shards the way an extracted bag holds them, with the descriptions
// beside them, and runs the tools their users run on it
// (interop/check_bag.py): datasets.load_dataset yields exactly the
// records with the card's features, frictionless validates the
// multipart resource's bytes and sha256, mlcroissant validates and
// reads the record set back. (The bagit check runs on real bags, in
// cmd/quire.)
func TestToolsReadTheDescriptions(t *testing.T) {
	interop.Python(t)
	in := seedsInput(t, readMeta(t), 2)
	d, err := Describe(in)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "data", "records"), 0o755)
	os.MkdirAll(filepath.Join(dir, "data", "schema"), 0o755)
	files := map[string][]byte{"README.md": d.Card, "data/datapackage.json": d.DataPackage,
		"data/croissant.json": d.Croissant, "data/schema/record.schema.json": in.Schema}
	// The shards' lines, from the same records seedsInput cut.
	lines := seedsLines(t)
	for i, s := range in.Manifest.Shards {
		var b []byte
		for _, l := range lines[i*2 : min(i*2+2, len(lines))] {
			b = append(append(b, l...), '\n')
		}
		files["data/"+s.Path] = b
	}
	for p, b := range files {
		if err := os.WriteFile(filepath.Join(dir, p), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Log(interop.Run(t, "check_bag.py", dir, "datasets", "frictionless", "croissant"))
}

func seedsLines(t *testing.T) [][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(repoRoot(t), "golden", "records", "*.json"))
	sort.Strings(files)
	var out [][]byte
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		var r record.Record
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		line, _ := record.Marshal(&r)
		out = append(out, line)
	}
	return out
}

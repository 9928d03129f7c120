package schema

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const validRecord = `{"id":"000_879b37c607dd505b","title":"A title","authors":["Jane Doe","Jean-Luc d'Ormesson"],"outlet":null,"published":"2017-03-02",
"language":"en","text":"Body.","captions":[{"line":6,"text":"A caption.","credit":"X / AFP - Getty Images"}],
"removed":[{"line":1,"text":"IE 11 is not supported.","rule":"browser-unsupported"}],
"source":{"name":"000_879b37c607dd505b.txt","bytes":3554,"sha256":"1fe48f456e39d8f4f58ac507387882a863c702b868381f7d03a1e597b2f6cd37"},
"rules_version":"1.0.0"}`

func mustRecord(t testing.TB) *Schema {
	t.Helper()
	s, err := Record()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestValidRecord(t *testing.T) {
	s := mustRecord(t)
	vs, err := s.Validate([]byte(validRecord))
	if err != nil || len(vs) != 0 {
		t.Fatalf("Validate(valid) = %v, %v; want no violations", vs, err)
	}
	if s.ID() == "" || len(s.SHA256()) != 64 {
		t.Errorf("ID %q, SHA256 %q", s.ID(), s.SHA256())
	}
}

func TestViolationPointers(t *testing.T) {
	s := mustRecord(t)
	for _, tc := range []struct {
		name, from, to string
		want           []Violation
	}{
		{"bad id", `"id":"000_879b37c607dd505b"`, `"id":"../etc"`,
			[]Violation{{"/id", `Does not match pattern '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'`}}},
		{"bad date", `"published":"2017-03-02"`, `"published":"2017-13-40"`,
			[]Violation{{"/published", `Does not match format 'date'`}}},
		{"nested", `"line":6`, `"line":0`,
			[]Violation{{"/captions/0/line", `Must be greater than or equal to 1`}}},
		{"missing", `"outlet":null,`, ``,
			[]Violation{{"/outlet", `outlet is required`}}},
		{"extra", `"outlet":null,`, `"outlet":null,"x/y~z":1,`,
			[]Violation{{"", `Additional property x/y~z is not allowed`}}},
		{"rule id", `"rule":"browser-unsupported"`, `"rule":"Browser Unsupported"`,
			[]Violation{{"/removed/0/rule", `Does not match pattern '^[a-z][a-z0-9-]*(:[a-z0-9-]+)?$'`}}},
		{"no authors", `"authors":["Jane Doe","Jean-Luc d'Ormesson"],`, ``,
			[]Violation{{"/authors", `authors is required`}}},
		{"authors not a list", `"authors":["Jane Doe","Jean-Luc d'Ormesson"]`, `"authors":"Jane Doe"`,
			[]Violation{{"/authors", `Invalid type. Expected: array, given: string`}}},
		{"author untrimmed", `"Jane Doe"`, `" Jane Doe"`,
			[]Violation{{"/authors/0", `Does not match pattern '` + authorPattern + `'`}}},
		{"author with a newline", `"Jane Doe"`, `"Jane\nDoe"`,
			[]Violation{{"/authors/0", `Does not match pattern '` + authorPattern + `'`}}},
		{"author empty", `"Jane Doe"`, `""`,
			[]Violation{{"/authors/0", `Does not match pattern '` + authorPattern + `'`}, {"/authors/0", `String length must be greater than or equal to 1`}}},
		{"author too long", `"Jane Doe"`, `"` + strings.Repeat("é", 201) + `"`,
			[]Violation{{"/authors/0", `String length must be less than or equal to 200`}}},
		{"too many authors", `"authors":["Jane Doe","Jean-Luc d'Ormesson"]`, `"authors":["A"` + strings.Repeat(`,"A"`, 50) + `]`,
			[]Violation{{"/authors", `Array must have at most 50 items`}}},
		{"no language", `"language":"en",`, ``,
			[]Violation{{"/language", `language is required`}}},
		{"language null", `"language":"en"`, `"language":null`, nil},
		{"language not ISO 639-1", `"language":"en"`, `"language":"eng"`,
			[]Violation{{"/language", `Does not match pattern '^[a-z]{2}$'`}}},
		{"language in capitals", `"language":"en"`, `"language":"EN"`,
			[]Violation{{"/language", `Does not match pattern '^[a-z]{2}$'`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := strings.Replace(validRecord, tc.from, tc.to, 1)
			if doc == validRecord {
				t.Fatalf("replacement %q not found", tc.from)
			}
			got, err := s.Validate([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}

// authorPattern is the pattern of an author's name, as gojsonschema
// quotes it.
const authorPattern = `^[^\x00-\x20\x7f]([^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?$`

// TestReleasedRecordSchemas pins every released record schema: bundles
// and JSON Lines written with one must validate forever, so its bytes
// never change. A new schema is a new version with a new $id.
func TestReleasedRecordSchemas(t *testing.T) {
	released := map[int]struct{ id, sha256 string }{
		1: {"https://quire-archive.github.io/schema/record/v1.json", "f7f6ac8dfdfdf740f306de5e25dc9ddb8684179be6a8e1263729a3371935c68b"},
		2: {"https://quire-archive.github.io/schema/record/v2.json", "4531ba5111ec00872e7a6ec605956baf784e12faa1bbcc5cecc15ac8a2af1b7a"},
	}
	if len(released) != LatestRecordVersion {
		t.Fatalf("%d released record schemas pinned, quire knows %d", len(released), LatestRecordVersion)
	}
	for v := 1; v <= LatestRecordVersion; v++ {
		s, err := RecordOf(v)
		if err != nil {
			t.Fatal(err)
		}
		want := released[v]
		if s.ID() != want.id || s.SHA256() != want.sha256 {
			t.Errorf("record schema v%d: $id %q sha256 %s, released as %q %s", v, s.ID(), s.SHA256(), want.id, want.sha256)
		}
		if s.RecordVersion() != v || RecordVersionOf(s.Bytes()) != v || string(RecordBytesOf(v)) != string(s.Bytes()) {
			t.Errorf("record schema v%d: RecordVersion %d, RecordVersionOf %d", v, s.RecordVersion(), RecordVersionOf(s.Bytes()))
		}
	}
	latest, err := Record()
	if err != nil {
		t.Fatal(err)
	}
	if latest.RecordVersion() != LatestRecordVersion || string(RecordBytes()) != string(latest.Bytes()) {
		t.Errorf("Record() is version %d, want %d", latest.RecordVersion(), LatestRecordVersion)
	}
	if again, _ := Record(); again != latest {
		t.Error("Record() compiled the schema twice")
	}
	for _, v := range []int{0, -1, LatestRecordVersion + 1} {
		if _, err := RecordOf(v); err == nil || RecordBytesOf(v) != nil {
			t.Errorf("RecordOf(%d) succeeded", v)
		}
	}
	other, err := Compile([]byte(strings.Replace(string(RecordBytes()), `"maxItems": 50`, `"maxItems": 49`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if other.RecordVersion() != 0 || RecordVersionOf(other.Bytes()) != 0 {
		t.Errorf("a changed schema is taken for version %d", other.RecordVersion())
	}
}

// TestV1RecordStaysValid: a record written with schema v1 (no authors,
// no language) is valid under v1, and v2 asks for the new fields.
func TestV1RecordStaysValid(t *testing.T) {
	v1 := strings.Replace(strings.Replace(validRecord, `"authors":["Jane Doe","Jean-Luc d'Ormesson"],`, ``, 1), `"language":"en",`, ``, 1)
	s1, err := RecordOf(1)
	if err != nil {
		t.Fatal(err)
	}
	if vs, err := s1.Validate([]byte(v1)); err != nil || len(vs) != 0 {
		t.Errorf("v1 record under schema v1: %v, %v", vs, err)
	}
	want := []Violation{{"", "Additional property authors is not allowed"}, {"", "Additional property language is not allowed"}}
	if vs, _ := s1.Validate([]byte(validRecord)); !cmp.Equal(vs, want) {
		t.Errorf("v2 record under schema v1: %v, want %v", vs, want)
	}
	want = []Violation{{"/authors", "authors is required"}, {"/language", "language is required"}}
	if vs, _ := mustRecord(t).Validate([]byte(v1)); !cmp.Equal(vs, want) {
		t.Errorf("v1 record under schema v2: %v, want %v", vs, want)
	}
}

func TestEscape(t *testing.T) {
	if got, want := escape("a/b~c"), "a~1b~0c"; got != want {
		t.Errorf("escape = %q, want %q", got, want)
	}
}

func TestCompileRefusesRemoteRef(t *testing.T) {
	raw := `{"$schema":"http://json-schema.org/draft-07/schema#","$id":"x:y","properties":{"a":{"$ref":"https://example.com/s.json"}}}`
	if _, err := Compile([]byte(raw)); err == nil || !strings.Contains(err.Error(), "not local") {
		t.Fatalf("Compile(remote $ref) error = %v, want a refusal", err)
	}
	if _, err := Compile([]byte(`{"$schema":"http://json-schema.org/draft-04/schema#","$id":"x:y"}`)); err == nil {
		t.Fatal("Compile(draft-04) succeeded, want error")
	}
}

// TestValidateConcurrent is the evidence, under -race, that one compiled
// Schema may be shared by validation workers.
func TestValidateConcurrent(t *testing.T) {
	s := mustRecord(t)
	bad := strings.Replace(validRecord, `"line":6`, `"line":0`, 1)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				doc, want := validRecord, 0
				if (i+w)%2 == 1 {
					doc, want = bad, 1
				}
				vs, err := s.Validate([]byte(doc))
				if err != nil || len(vs) != want {
					errs <- fmt.Errorf("worker %d: got %v, %v; want %d violations", w, vs, err, want)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

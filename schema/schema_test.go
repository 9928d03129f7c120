package schema

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const validRecord = `{"id":"000_879b37c607dd505b","title":"A title","outlet":null,"published":"2017-03-02",
"text":"Body.","captions":[{"line":6,"text":"A caption.","credit":"X / AFP - Getty Images"}],
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

package diff

import (
	"strings"
	"testing"

	"github.com/quire-archive/quire/schema"
)

const schemaV1 = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://example.org/r/v1.json",
  "type": "object",
  "required": ["id", "title", "source"],
  "properties": {
    "id": {"type": "string", "pattern": "^[a-z]+$"},
    "title": {"type": ["string", "null"], "maxLength": 100},
    "outlet": {"type": "string"},
    "source": {"type": "object", "properties": {"sha256": {"$ref": "#/definitions/sha"}}},
    "tags": {"type": "array", "items": {"$ref": "#/definitions/tag"}}
  },
  "definitions": {
    "sha": {"type": "string"},
    "tag": {"type": "string", "enum": ["a", "b"]},
    "old": {"type": "string"}
  }
}`

const schemaV2 = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://example.org/r/v1.json",
  "type": "object",
  "required": ["id", "title", "source", "outlet", "lang"],
  "properties": {
    "id": {"type": "string"},
    "title": {"type": "string", "maxLength": 50, "description": "headline"},
    "outlet": {"type": "string"},
    "lang": {"type": "string"},
    "source": {"type": "object", "properties": {"sha256": {"$ref": "#/definitions/sha"}}},
    "tags": {"type": "array", "items": {"$ref": "#/definitions/tag"}},
    "note": {"type": "string"}
  },
  "definitions": {
    "sha": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "tag": {"type": "string", "enum": ["a", "b", "c"]}
  }
}`

func TestSchemaDiff(t *testing.T) {
	got, err := SchemaDiff([]byte(schemaV1), []byte(schemaV2))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range got {
		lines = append(lines, display(c.Path)+" "+c.Kind+" "+c.Level.String()+": "+c.What)
	}
	want := []string{
		`(record) definition-removed patch: definition "old" removed`,
		`id keyword-removed minor: pattern removed (was "^[a-z]+$")`,
		`lang property-added major: property added (required)`,
		`note property-added minor: property added (optional)`,
		`outlet required-added major: now required`,
		`source.sha256 keyword-added major: pattern added: "^[0-9a-f]{64}$"`,
		`tags[] enum-widened minor: enum widened from ["a","b"] to ["a","b","c"]`,
		`title annotation-changed patch: description changed`,
		`title type-narrowed major: type narrowed from ["string","null"] to "string"`,
		`title bound-tightened major: maxLength tightened from 100 to 50`,
	}
	if g, w := strings.Join(lines, "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("got:\n%s\nwant:\n%s", g, w)
	}
}

func TestSchemaDiffKinds(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"same", `{"type":"string"}`, `{"type":"string"}`, ""},
		{"property removed", `{"properties":{"a":{}}}`, `{}`, "a property-removed major"},
		{"required removed", `{"required":["a"],"properties":{"a":{}}}`, `{"properties":{"a":{}}}`, "a required-removed minor"},
		{"type widened", `{"type":"string"}`, `{"type":["string","null"]}`, "(record) type-widened minor"},
		{"type changed", `{"type":"string"}`, `{"type":"integer"}`, "(record) type-changed major"},
		{"type added", `{}`, `{"type":"integer"}`, "(record) keyword-added major"},
		{"format added", `{"type":"string"}`, `{"type":"string","format":"date"}`, "(record) keyword-added major"},
		{"format changed", `{"format":"date"}`, `{"format":"date-time"}`, "(record) keyword-changed major"},
		{"format removed", `{"format":"date"}`, `{}`, "(record) keyword-removed minor"},
		{"minimum loosened", `{"minimum":1}`, `{"minimum":0}`, "(record) bound-loosened minor"},
		{"maxItems tightened", `{"maxItems":10}`, `{"maxItems":9}`, "(record) bound-tightened major"},
		{"additionalProperties closed", `{}`, `{"additionalProperties":false}`, "(record) keyword-added major"},
		{"additionalProperties opened", `{"additionalProperties":false}`, `{"additionalProperties":true}`, "(record) keyword-changed major"},
		{"enum narrowed", `{"enum":[1,2]}`, `{"enum":[1]}`, "(record) enum-narrowed major"},
		{"enum changed", `{"enum":[1,2]}`, `{"enum":[1,3]}`, "(record) enum-changed major"},
		{"$id", `{"$id":"a"}`, `{"$id":"b"}`, "(record) keyword-changed major"},
		{"ref to inline same", `{"properties":{"a":{"$ref":"#/definitions/x"}},"definitions":{"x":{"type":"string"}}}`, `{"properties":{"a":{"type":"string"}},"definitions":{"x":{"type":"string"}}}`, ""},
		{"nested items", `{"properties":{"c":{"items":{"properties":{"t":{"type":"string"}}}}}}`, `{"properties":{"c":{"items":{"properties":{"t":{"type":"number"}}}}}}`, "c[].t type-changed major"},
		{"recursive ref", `{"properties":{"n":{"$ref":"#"}}}`, `{"properties":{"n":{"$ref":"#"}},"title":"t"}`, "(record) annotation-changed patch"},
		{"definition added", `{}`, `{"definitions":{"x":{}}}`, "(record) definition-added patch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := SchemaDiff([]byte(tc.old), []byte(tc.new))
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, c := range got {
				lines = append(lines, display(c.Path)+" "+c.Kind+" "+c.Level.String())
			}
			if g := strings.Join(lines, "\n"); g != tc.want {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
}

func TestSchemaDiffErrors(t *testing.T) {
	for _, tc := range []struct{ old, new, want string }{
		{`nope`, `{}`, "old schema: not JSON"},
		{`{}`, `[1]`, "new schema: not a JSON object"},
		{`{"properties":{"a":{"$ref":"#/definitions/missing"}}}`, `{"properties":{"a":{}}}`, `old schema at "a": $ref "#/definitions/missing": no "definitions"`},
		{`{"properties":{"a":{"$ref":"http://x/y.json"}}}`, `{"properties":{"a":{}}}`, "only local references"},
		{`{"properties":{"a":{"$ref":"#/properties/a"}}}`, `{"properties":{"a":{}}}`, "too many hops"},
	} {
		_, err := SchemaDiff([]byte(tc.old), []byte(tc.new))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.old, err, tc.want)
		}
	}
}

// The shipped record schema compared with itself has no changes, and
// with a copy that drops a property it has exactly that one.
func TestSchemaDiffRecordSchema(t *testing.T) {
	raw := schema.RecordBytes()
	got, err := SchemaDiff(raw, raw)
	if err != nil || len(got) != 0 {
		t.Fatalf("self diff: %v %v", got, err)
	}
	mod := strings.Replace(string(raw), `"why": { "type": "string", "minLength": 1, "maxLength": 500 }`, `"why": { "type": "string", "minLength": 1, "maxLength": 400 }`, 1)
	if mod == string(raw) {
		t.Fatal("record schema changed: update this test")
	}
	got, err = SchemaDiff(raw, []byte(mod))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Path != "removed[].why" || got[0].Kind != "bound-tightened" {
		t.Errorf("got %+v", got)
	}
}

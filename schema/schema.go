// Package schema holds quire's JSON Schema files and validates documents
// against them.
//
//   - The schema files are embedded, so validation never touches the
//     network: gojsonschema would otherwise follow http(s) $refs with a
//     plain GET.
//   - Schemas are pinned to draft-07 (no auto-detection) and the schema
//     itself is checked when it is compiled.
//   - A compiled *Schema is immutable; callers compile once and share it.
//     Concurrent use of Validate is exercised under the race detector by
//     TestValidateConcurrent.
//   - Violations carry RFC 6901 JSON Pointers, not gojsonschema's dotted
//     paths, so they can be given to any JSON tool.
//
// This package imports nothing else of quire.
package schema

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/xeipuuv/gojsonschema"
)

//go:embed record.schema.json
var recordSchema []byte

// RecordPath is where the record schema is stored inside a bundle's payload.
const RecordPath = "schema/record.schema.json"

// Schema is a compiled JSON Schema together with the exact bytes it was
// compiled from.
type Schema struct {
	id     string
	raw    []byte
	sum    string
	schema *gojsonschema.Schema
}

// Violation is one way a document fails its schema.
type Violation struct {
	// Pointer locates the offending value (RFC 6901; "" is the root).
	Pointer string
	// Message says what is wrong, in gojsonschema's words.
	Message string
}

func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "/"
	}
	return p + ": " + v.Message
}

// RecordBytes returns the embedded record schema exactly as quire ships it.
func RecordBytes() []byte { return bytes.Clone(recordSchema) }

// Record compiles the embedded record schema. It is cheap enough to call
// once per process or per worker, and too slow to call per record.
func Record() (*Schema, error) { return Compile(recordSchema) }

// Compile compiles a draft-07 schema from raw. Remote references are
// refused: a schema may only refer to itself.
func Compile(raw []byte) (*Schema, error) {
	var head struct {
		ID     string `json:"$id"`
		Schema string `json:"$schema"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("schema is not JSON: %w", err)
	}
	if head.ID == "" {
		return nil, fmt.Errorf("schema has no $id")
	}
	if head.Schema != "http://json-schema.org/draft-07/schema#" {
		return nil, fmt.Errorf("schema %q: $schema is %q, want draft-07", head.ID, head.Schema)
	}
	if err := refuseRemoteRefs(raw); err != nil {
		return nil, fmt.Errorf("schema %q: %w", head.ID, err)
	}
	l := gojsonschema.NewSchemaLoader()
	l.Draft = gojsonschema.Draft7
	l.AutoDetect = false
	l.Validate = true
	s, err := l.Compile(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		return nil, fmt.Errorf("schema %q: %w", head.ID, err)
	}
	sum := sha256.Sum256(raw)
	return &Schema{id: head.ID, raw: bytes.Clone(raw), sum: hex.EncodeToString(sum[:]), schema: s}, nil
}

// refuseRemoteRefs rejects any "$ref" that does not start with "#":
// resolving it would need the network or the file system.
func refuseRemoteRefs(raw []byte) error {
	var walk func(v any) error
	walk = func(v any) error {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if k == "$ref" {
					if s, ok := v[k].(string); !ok || !strings.HasPrefix(s, "#") {
						return fmt.Errorf("$ref %v is not local to the schema", v[k])
					}
				}
				if err := walk(v[k]); err != nil {
					return err
				}
			}
		case []any:
			for _, e := range v {
				if err := walk(e); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return err
	}
	return walk(doc)
}

// ID returns the schema's $id.
func (s *Schema) ID() string { return s.id }

// Bytes returns the bytes the schema was compiled from.
func (s *Schema) Bytes() []byte { return bytes.Clone(s.raw) }

// SHA256 returns the hex sha256 of Bytes.
func (s *Schema) SHA256() string { return s.sum }

// Validate checks one JSON document. It returns the violations sorted by
// pointer and message, or an error if doc is not JSON at all.
func (s *Schema) Validate(doc []byte) ([]Violation, error) {
	res, err := s.schema.Validate(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		return nil, fmt.Errorf("validate against %q: %w", s.id, err)
	}
	if res.Valid() {
		return nil, nil
	}
	var vs []Violation
	for _, e := range res.Errors() {
		ptr := pointer(e.Context())
		if e.Type() == "required" {
			// gojsonschema reports a missing property at its parent;
			// point at the property itself.
			if p, ok := e.Details()["property"].(string); ok {
				ptr += "/" + escape(p)
			}
		}
		vs = append(vs, Violation{Pointer: ptr, Message: e.Description()})
	}
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].Pointer != vs[j].Pointer {
			return vs[i].Pointer < vs[j].Pointer
		}
		return vs[i].Message < vs[j].Message
	})
	return dedupe(vs), nil
}

func dedupe(vs []Violation) []Violation {
	out := vs[:0]
	for i, v := range vs {
		if i > 0 && v == vs[i-1] {
			continue
		}
		out = append(out, v)
	}
	return out
}

// pointer turns gojsonschema's context into a JSON Pointer. The context
// is joined with NUL, which cannot occur in a JSON key of a valid
// document, so keys that contain "." are not split.
func pointer(c *gojsonschema.JsonContext) string {
	if c == nil {
		return ""
	}
	parts := strings.Split(c.String("\x00"), "\x00")
	if len(parts) > 0 && parts[0] == gojsonschema.STRING_CONTEXT_ROOT {
		parts = parts[1:]
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteByte('/')
		b.WriteString(escape(p))
	}
	return b.String()
}

// escape applies RFC 6901 escaping to one reference token.
func escape(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

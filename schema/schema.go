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
//   - Every version of the record schema quire ever released stays
//     embedded byte for byte (record.v1.schema.json, …; the newest is
//     record.schema.json), because bundles and JSON Lines written with
//     an old version must validate forever. quire writes only the
//     newest. A released file never changes: a change is a new version
//     with a new $id, and the one it replaces is kept under its version.
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
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

//go:embed record.v1.schema.json
var recordV1 []byte

//go:embed record.schema.json
var recordV2 []byte

// recordSchemas holds the released record schemas: version n at n-1.
var recordSchemas = [...][]byte{recordV1, recordV2}

// LatestRecordVersion is the version of the record schema quire writes:
// record.schema.json.
const LatestRecordVersion = len(recordSchemas)

// compiled compiles each record schema once, on first use: a compiled
// schema is immutable, so sharing it is safe.
var compiled = func() (fs [LatestRecordVersion]func() (*Schema, error)) {
	for i := range fs {
		fs[i] = sync.OnceValues(func() (*Schema, error) { return Compile(recordSchemas[i]) })
	}
	return fs
}()

// RecordPath is where the record schema is stored inside a bundle's payload.
const RecordPath = "schema/record.schema.json"

// Schema is a compiled JSON Schema together with the exact bytes it was
// compiled from.
type Schema struct {
	id      string
	raw     []byte
	sum     string
	version int // the record schema version raw is, 0 for none
	schema  *gojsonschema.Schema
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

// RecordBytes returns the newest record schema exactly as quire ships it.
func RecordBytes() []byte { return bytes.Clone(recordSchemas[LatestRecordVersion-1]) }

// RecordBytesOf returns record schema version v exactly as quire ships
// it, or nil if quire knows no such version.
func RecordBytesOf(v int) []byte {
	if v < 1 || v > LatestRecordVersion {
		return nil
	}
	return bytes.Clone(recordSchemas[v-1])
}

// Record returns the newest record schema, the one quire writes.
func Record() (*Schema, error) { return RecordOf(LatestRecordVersion) }

// RecordOf returns record schema version v. Each version is compiled
// once per process and shared.
func RecordOf(v int) (*Schema, error) {
	if v < 1 || v > LatestRecordVersion {
		return nil, fmt.Errorf("no record schema version %d (quire knows 1 to %d)", v, LatestRecordVersion)
	}
	return compiled[v-1]()
}

// RecordVersionOf returns the version of the record schema raw is byte
// for byte, or 0 if it is none of quire's.
func RecordVersionOf(raw []byte) int {
	for i, b := range recordSchemas {
		if bytes.Equal(raw, b) {
			return i + 1
		}
	}
	return 0
}

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
	return &Schema{id: head.ID, raw: bytes.Clone(raw), sum: hex.EncodeToString(sum[:]), version: RecordVersionOf(raw), schema: s}, nil
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

// RecordVersion returns the version of quire's record schema that s was
// compiled from byte for byte, or 0 if it was compiled from other bytes.
func (s *Schema) RecordVersion() int { return s.version }

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

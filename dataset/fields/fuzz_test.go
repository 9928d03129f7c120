package fields

import (
	"testing"

	"github.com/quire-archive/quire/schema"
)

// FuzzFromSchema: any bytes give fields or an error, never a panic or a
// hang; fields derived are well-formed (a list has an element, a struct
// has members).
func FuzzFromSchema(f *testing.F) {
	f.Add(schema.RecordBytes())
	f.Add([]byte(`{"type":"object","additionalProperties":false,"properties":{"a":{"type":"array","items":{"$ref":"#/definitions/x"}}},"definitions":{"x":{"type":"string"}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		fs, err := FromSchema(raw)
		if err != nil {
			return
		}
		Walk(fs, func(path []string, f *Field) {
			if f.Kind == List && f.Elem == nil || f.Kind == Struct && len(f.Fields) == 0 {
				t.Fatalf("%v: malformed %v", path, f.Kind)
			}
		})
	})
}

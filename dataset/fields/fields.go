// Package fields describes the shape of a quire record — its fields in
// canonical order, their types, which may be null or absent — derived
// from the record JSON Schema itself.
//
//   - One source of truth: every description of a record outside its JSON
//     (the dataset card's features, the Croissant record set, Parquet
//     columns, CSV headers) is generated from the []Field this package
//     derives from the schema a bundle carries, so none of them can drift
//     when the schema gains or changes a field, and a bundle of an older
//     schema is described by that schema.
//   - Strict: the derivation understands the JSON Schema constructs
//     quire's schemas use (type, format, properties, required, items,
//     local $ref, validation keywords) and refuses anything else with the
//     JSON Pointer of the construct, so a schema change it cannot describe
//     fails loudly in tests instead of being described wrongly.
//   - Order: fields come in the order of the schema's "properties", which
//     is the canonical order of the record's encoding.
//
// This package imports nothing else of quire.
package fields

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Kind is the type of a field's values.
type Kind int

const (
	String  Kind = iota + 1 // a JSON string
	Integer                 // a JSON integer (64-bit)
	Date                    // a JSON string of format "date" (YYYY-MM-DD)
	List                    // a JSON array of Elem
	Struct                  // a JSON object with Fields
)

func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Integer:
		return "integer"
	case Date:
		return "date"
	case List:
		return "list"
	case Struct:
		return "struct"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Field is one field of a record, or of an object inside one.
type Field struct {
	Name string // "" for a list's element
	Kind Kind
	// Nullable is set when the value may be JSON null.
	Nullable bool
	// Optional is set when the field may be absent from its object
	// (it is not in the schema's "required"). Columnar forms store an
	// absent field as null.
	Optional    bool
	Description string
	Elem        *Field  // List: the element
	Fields      []Field // Struct: the members, in order
}

// MayBeNull reports whether a columnar form must allow null for f.
func (f *Field) MayBeNull() bool { return f.Nullable || f.Optional }

// Leaf reports whether f holds a single value (not a list or struct).
func (f *Field) Leaf() bool { return f.Kind != List && f.Kind != Struct }

// Walk calls fn for every field and list element under fs, depth first,
// with the names of the enclosing fields (list elements add "").
func Walk(fs []Field, fn func(path []string, f *Field)) {
	var walk func(path []string, f *Field)
	walk = func(path []string, f *Field) {
		path = append(path, f.Name)
		fn(path, f)
		switch f.Kind {
		case List:
			walk(path, f.Elem)
		case Struct:
			for i := range f.Fields {
				walk(path, &f.Fields[i])
			}
		}
	}
	for i := range fs {
		walk(nil, &fs[i])
	}
}

// Paths returns the dotted path of every named field under fs ("source",
// "source.name", "captions.line"), in Walk order: what tests compare
// with each generated description.
func Paths(fs []Field) []string {
	var out []string
	Walk(fs, func(path []string, f *Field) {
		if f.Name != "" {
			out = append(out, Name(path, "."))
		}
	})
	return out
}

// Name joins the field names of a Walk path with sep, leaving out list
// elements: ["captions", "", "line"] is "captions.line".
func Name(path []string, sep string) string {
	var named []string
	for _, p := range path {
		if p != "" {
			named = append(named, p)
		}
	}
	return strings.Join(named, sep)
}

// ignored are the keywords that constrain values without changing their
// shape: the derivation reads past them.
var ignored = []string{
	"pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
	"exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "multipleOf", "title",
	"examples", "$comment", "default",
}

// FromSchema derives the record's fields from a draft-07 JSON Schema
// whose root is an object with "properties".
func FromSchema(raw []byte) ([]Field, error) {
	root, err := decodeOrdered(raw)
	if err != nil {
		return nil, fmt.Errorf("record schema: %w", err)
	}
	obj, ok := root.(*object)
	if !ok {
		return nil, fmt.Errorf("record schema: not a JSON object")
	}
	d := &deriver{root: obj}
	f, err := d.field("", obj, "", 0)
	if err != nil {
		return nil, fmt.Errorf("record schema: %w", err)
	}
	if f.Kind != Struct || f.Nullable {
		return nil, fmt.Errorf("record schema: the root is not an object")
	}
	return f.Fields, nil
}

type deriver struct{ root *object }

// maxDepth bounds $ref chains and nesting: quire's schemas nest 3 deep.
const maxDepth = 16

func (d *deriver) field(name string, o *object, ptr string, depth int) (Field, error) {
	if depth > maxDepth {
		return Field{}, fmt.Errorf("%s: nested deeper than %d", ptrOrRoot(ptr), maxDepth)
	}
	f := Field{Name: name}
	if desc, ok := o.get("description"); ok {
		s, ok := desc.(string)
		if !ok {
			return Field{}, fmt.Errorf("%s/description: not a string", ptr)
		}
		f.Description = s
	}
	if ref, ok := o.get("$ref"); ok {
		// draft-07: keywords beside $ref are ignored, except that the
		// description says what this use of the definition means.
		s, _ := ref.(string)
		target, tptr, err := d.resolve(s)
		if err != nil {
			return Field{}, fmt.Errorf("%s/$ref: %w", ptr, err)
		}
		g, err := d.field(name, target, tptr, depth+1)
		if err != nil {
			return Field{}, err
		}
		if f.Description != "" {
			g.Description = f.Description
		}
		return g, nil
	}
	types, err := typeList(o, ptr)
	if err != nil {
		return Field{}, err
	}
	if i := slices.Index(types, "null"); i >= 0 {
		f.Nullable = true
		types = slices.Delete(types, i, i+1)
	}
	if len(types) != 1 {
		return Field{}, fmt.Errorf("%s/type: want one type besides null, got %q", ptr, types)
	}
	known := map[string]bool{"type": true, "description": true, "$schema": depth == 0, "$id": depth == 0, "definitions": depth == 0}
	switch types[0] {
	case "string":
		f.Kind = String
		if v, ok := o.get("format"); ok {
			known["format"] = true
			if v != "date" {
				return Field{}, fmt.Errorf("%s/format: %v is not understood (only \"date\")", ptr, v)
			}
			f.Kind = Date
		}
		known["enum"] = true
	case "integer":
		f.Kind = Integer
	case "array":
		f.Kind = List
		known["items"] = true
		v, ok := o.get("items")
		item, isObj := v.(*object)
		if !ok || !isObj {
			return Field{}, fmt.Errorf("%s/items: want one schema object", ptr)
		}
		e, err := d.field("", item, ptr+"/items", depth+1)
		if err != nil {
			return Field{}, err
		}
		if e.Kind == List {
			return Field{}, fmt.Errorf("%s/items: lists of lists are not supported", ptr)
		}
		f.Elem = &e
	case "object":
		f.Kind = Struct
		for _, k := range []string{"properties", "required", "additionalProperties"} {
			known[k] = true
		}
		if ap, ok := o.get("additionalProperties"); !ok || ap != false {
			return Field{}, fmt.Errorf("%s: an object must say \"additionalProperties\": false, so its fields are exactly its properties", ptrOrRoot(ptr))
		}
		req := map[string]bool{}
		if v, ok := o.get("required"); ok {
			list, ok := v.([]any)
			if !ok {
				return Field{}, fmt.Errorf("%s/required: not an array", ptr)
			}
			for _, r := range list {
				s, ok := r.(string)
				if !ok {
					return Field{}, fmt.Errorf("%s/required: not an array of strings", ptr)
				}
				req[s] = true
			}
		}
		v, _ := o.get("properties")
		props, ok := v.(*object)
		if !ok || len(props.keys) == 0 {
			return Field{}, fmt.Errorf("%s/properties: want an object of at least one property", ptr)
		}
		for i, k := range props.keys {
			p, ok := props.vals[i].(*object)
			if !ok {
				return Field{}, fmt.Errorf("%s/properties/%s: not a schema object", ptr, escape(k))
			}
			sub, err := d.field(k, p, ptr+"/properties/"+escape(k), depth+1)
			if err != nil {
				return Field{}, err
			}
			sub.Optional = !req[k]
			delete(req, k)
			f.Fields = append(f.Fields, sub)
		}
		for k := range req {
			return Field{}, fmt.Errorf("%s/required: %q is not a property", ptr, k)
		}
	default:
		return Field{}, fmt.Errorf("%s/type: %q is not supported", ptr, types[0])
	}
	for _, k := range o.keys {
		if !known[k] && !slices.Contains(ignored, k) {
			return Field{}, fmt.Errorf("%s/%s: keyword not understood", ptr, escape(k))
		}
	}
	return f, nil
}

func ptrOrRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func typeList(o *object, ptr string) ([]string, error) {
	v, ok := o.get("type")
	if !ok {
		return nil, fmt.Errorf("%s: no \"type\"", ptrOrRoot(ptr))
	}
	switch t := v.(type) {
	case string:
		return []string{t}, nil
	case []any:
		var out []string
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return nil, fmt.Errorf("%s/type: not a string or array of strings", ptr)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s/type: not a string or array of strings", ptr)
}

// resolve follows a local "#/definitions/NAME" reference.
func (d *deriver) resolve(ref string) (*object, string, error) {
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	if !ok || strings.Contains(name, "/") {
		return nil, "", fmt.Errorf("%q: only \"#/definitions/NAME\" references are supported", ref)
	}
	defs, _ := d.root.get("definitions")
	do, ok := defs.(*object)
	if ok {
		if t, ok := do.get(name); ok {
			if to, ok := t.(*object); ok {
				return to, "/definitions/" + name, nil
			}
		}
	}
	return nil, "", fmt.Errorf("%q: no such definition", ref)
}

func escape(k string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

// object is a JSON object that keeps its keys in order.
type object struct {
	keys []string
	vals []any
}

func (o *object) get(k string) (any, bool) {
	if i := slices.Index(o.keys, k); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

// decodeOrdered decodes one JSON value, objects as *object (key order
// kept; a duplicate key is an error), arrays as []any, numbers as
// json.Number.
func decodeOrdered(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := decodeValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder, depth int) (any, error) {
	if depth > 64 {
		return nil, fmt.Errorf("JSON nested deeper than 64")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := &object{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				if slices.Contains(o.keys, k) {
					return nil, fmt.Errorf("duplicate key %q", k)
				}
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				o.keys, o.vals = append(o.keys, k), append(o.vals, v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			var a []any
			for dec.More() {
				v, err := decodeValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token()
			return a, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return t, nil
	}
}

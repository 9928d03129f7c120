package fields

import (
	"reflect"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// TestSchemaMatchesRecordType holds the fields derived from the embedded
// schema to the Go record type, field by field: same names in the same
// order, kinds that fit the Go types, null exactly where the Go type has
// a pointer, absence exactly where it says omitempty. The schema and
// record.Record are two descriptions of one thing; this is where they
// are kept equal.
func TestSchemaMatchesRecordType(t *testing.T) {
	fs, err := FromSchema(schema.RecordBytes())
	if err != nil {
		t.Fatal(err)
	}
	compareType(t, "", fs, reflect.TypeOf(record.Record{}))
}

func compareType(t *testing.T, path string, fs []Field, typ reflect.Type) {
	t.Helper()
	var names []string
	for i := 0; i < typ.NumField(); i++ {
		sf := typ.Field(i)
		tag := sf.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" || name == "" {
			continue
		}
		names = append(names, name)
		if len(fs) < len(names) {
			t.Errorf("%s%s: in record.Record, not in the schema", path, name)
			continue
		}
		f := fs[len(names)-1]
		where := path + name
		if f.Name != name {
			t.Errorf("%s: schema has %q at this position", where, f.Name)
			continue
		}
		if got, want := f.Optional, strings.Contains(opts, "omitempty"); got != want {
			t.Errorf("%s: optional %v in the schema, omitempty %v in Go", where, got, want)
		}
		gt := sf.Type
		if gt.Kind() == reflect.Pointer {
			gt = gt.Elem()
			if !f.Nullable {
				t.Errorf("%s: a pointer in Go, not nullable in the schema", where)
			}
		} else if f.Nullable {
			t.Errorf("%s: nullable in the schema, not a pointer in Go", where)
		}
		checkKind(t, where, &f, gt)
	}
	for _, f := range fs[min(len(names), len(fs)):] {
		t.Errorf("%s%s: in the schema, not in record.Record", path, f.Name)
	}
}

func checkKind(t *testing.T, where string, f *Field, gt reflect.Type) {
	t.Helper()
	switch gt.Kind() {
	case reflect.String:
		if f.Kind != String && f.Kind != Date {
			t.Errorf("%s: Go string, schema %v", where, f.Kind)
		}
	case reflect.Int, reflect.Int64:
		if f.Kind != Integer {
			t.Errorf("%s: Go integer, schema %v", where, f.Kind)
		}
	case reflect.Slice:
		if f.Kind != List {
			t.Errorf("%s: Go slice, schema %v", where, f.Kind)
			return
		}
		checkKind(t, where+"[]", f.Elem, gt.Elem())
	case reflect.Struct:
		if f.Kind != Struct {
			t.Errorf("%s: Go struct, schema %v", where, f.Kind)
			return
		}
		compareType(t, where+".", f.Fields, gt)
	default:
		t.Errorf("%s: Go type %v not expected in a record", where, gt)
	}
}

func TestPathsOfEmbeddedSchema(t *testing.T) {
	fs, err := FromSchema(schema.RecordBytes())
	if err != nil {
		t.Fatal(err)
	}
	paths := strings.Join(Paths(fs), " ")
	for _, want := range []string{"id", "published", "captions.credit", "removed.why", "source.sha256", "rules_version"} {
		if !strings.Contains(" "+paths+" ", " "+want+" ") {
			t.Errorf("paths %q lack %q", paths, want)
		}
	}
	for _, f := range fs {
		if f.Name == "published" && f.Kind != Date {
			t.Errorf("published: kind %v, want date (format \"date\")", f.Kind)
		}
		if f.Description == "" {
			t.Errorf("%s: no description", f.Name)
		}
	}
}

// TestRefusesWhatItCannotDescribe: every construct outside the
// understood set is an error naming where it is.
func TestRefusesWhatItCannotDescribe(t *testing.T) {
	head := `{"type":"object","additionalProperties":false,"properties":`
	for _, c := range []struct{ schema, want string }{
		{`[]`, "not a JSON object"},
		{head + `{"a":{"type":"number"}}}`, `/properties/a/type: "number" is not supported`},
		{head + `{"a":{"type":["string","integer"]}}}`, `/properties/a/type: want one type`},
		{head + `{"a":{"type":"string","format":"email"}}}`, `/properties/a/format`},
		{head + `{"a":{"type":"string","oneOf":[]}}}`, `/properties/a/oneOf: keyword not understood`},
		{head + `{"a":{"type":"object","properties":{"b":{"type":"string"}}}}}`, `/properties/a: an object must say "additionalProperties": false`},
		{head + `{"a":{"$ref":"#/definitions/x"}}}`, `no such definition`},
		{head + `{"a":{"$ref":"http://x/y"}}}`, `only "#/definitions/NAME"`},
		{head + `{"a":{"type":"array","items":{"type":"array","items":{"type":"string"}}}}}`, `lists of lists`},
		{head + `{"a":{"type":"string"}},"required":["b"]}`, `"b" is not a property`},
		{head + `{"a":{"type":"string"},"a":{"type":"string"}}}`, `duplicate key "a"`},
		{`{"$ref":"#/definitions/x","definitions":{"x":{"$ref":"#/definitions/x"}}}`, `nested deeper`},
	} {
		_, err := FromSchema([]byte(c.schema))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.schema, err, c.want)
		}
	}
}

func TestOptionalAndNullable(t *testing.T) {
	fs, err := FromSchema([]byte(`{"type":"object","additionalProperties":false,"required":["a"],
		"properties":{"a":{"type":["string","null"]},"b":{"type":"integer"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !fs[0].Nullable || fs[0].Optional || fs[1].Nullable || !fs[1].Optional {
		t.Errorf("got %+v", fs)
	}
	if !fs[0].MayBeNull() || !fs[1].MayBeNull() {
		t.Errorf("MayBeNull false for a nullable or optional field")
	}
}

// TestEveryRecordSchemaVersion: the schema of every record version quire
// reads derives, so a release of an older schema is described and
// exported by its own fields (v1 has no authors or language).
func TestEveryRecordSchemaVersion(t *testing.T) {
	for v := 1; v <= schema.LatestRecordVersion; v++ {
		fs, err := FromSchema(schema.RecordBytesOf(v))
		if err != nil {
			t.Fatalf("v%d: %v", v, err)
		}
		paths := " " + strings.Join(Paths(fs), " ") + " "
		if has := strings.Contains(paths, " authors ") && strings.Contains(paths, " language "); has != (v >= 2) {
			t.Errorf("v%d: authors and language %v, want %v: %s", v, has, v >= 2, paths)
		}
	}
}

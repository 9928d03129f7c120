package record

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a version of the record's encoding: version n is the shape
// of record schema version n (schema/record.vN.schema.json). Its methods
// are the codec of that version; the package-level Marshal, Unmarshal
// and IsCanonical are those of Latest.
type Version int

// The versions, oldest first. A version is never changed once released:
// lines written with it must keep their meaning and their canonical form.
const (
	// V1: id, title, outlet, published, text, captions, removed,
	// source, rules_version.
	V1 Version = 1
	// V2 adds authors (after title) and language (after published).
	V2 Version = 2
	// Latest is the version quire writes.
	Latest = V2
)

// Known reports whether v is a version this package can read and write.
func (v Version) Known() bool { return v >= V1 && v <= Latest }

func (v Version) String() string { return "v" + strconv.Itoa(int(v)) }

// field is one top-level field of the record in the canonical encoding:
// the version that added it and how the encoder writes its value and the
// fast parser reads it. The table is the one description of the record's
// shape that the encoder and the parser share; Record's declaration
// order is the canonical order, and encoding/json is the definition the
// tests hold both to.
type field struct {
	name  string
	since Version
	key   string // `"name":`
	enc   func(e *encoder, b []byte, r *Record) []byte
	parse func(p *lineParser, r *Record)
	// set reports whether r holds a value a version without the field
	// cannot encode (nil means the field exists in every version).
	set func(r *Record) bool
}

func f(name string, since Version, enc func(*encoder, []byte, *Record) []byte, parse func(*lineParser, *Record), set func(*Record) bool) field {
	return field{name: name, since: since, key: strconv.Quote(name) + ":", enc: enc, parse: parse, set: set}
}

var fields = [...]field{
	f("id", V1, func(e *encoder, b []byte, r *Record) []byte { return e.str(b, r.ID) }, func(p *lineParser, r *Record) { r.ID = p.str() }, nil),
	f("title", V1, func(e *encoder, b []byte, r *Record) []byte { return e.optStr(b, r.Title) }, func(p *lineParser, r *Record) { r.Title = p.optStr() }, nil),
	f("authors", V2, func(e *encoder, b []byte, r *Record) []byte { return e.strs(b, r.Authors) }, func(p *lineParser, r *Record) { r.Authors = p.strs() },
		func(r *Record) bool { return len(r.Authors) > 0 }),
	f("outlet", V1, func(e *encoder, b []byte, r *Record) []byte { return e.optStr(b, r.Outlet) }, func(p *lineParser, r *Record) { r.Outlet = p.optStr() }, nil),
	f("published", V1, func(e *encoder, b []byte, r *Record) []byte { return e.optStr(b, r.Published) }, func(p *lineParser, r *Record) { r.Published = p.optStr() }, nil),
	f("language", V2, func(e *encoder, b []byte, r *Record) []byte { return e.optStr(b, r.Language) }, func(p *lineParser, r *Record) { r.Language = p.optStr() },
		func(r *Record) bool { return r.Language != nil }),
	f("text", V1, func(e *encoder, b []byte, r *Record) []byte { return e.str(b, r.Text) }, func(p *lineParser, r *Record) { r.Text = p.str() }, nil),
	f("captions", V1, func(e *encoder, b []byte, r *Record) []byte { return e.captions(b, r.Captions) }, func(p *lineParser, r *Record) { r.Captions = p.captions() }, nil),
	f("removed", V1, func(e *encoder, b []byte, r *Record) []byte { return e.removed(b, r.Removed) }, func(p *lineParser, r *Record) { r.Removed = p.removed() }, nil),
	f("source", V1, func(e *encoder, b []byte, r *Record) []byte { return e.source(b, &r.Source) }, func(p *lineParser, r *Record) { p.source(&r.Source) }, nil),
	f("rules_version", V1, func(e *encoder, b []byte, r *Record) []byte { return e.str(b, r.RulesVersion) }, func(p *lineParser, r *Record) { r.RulesVersion = p.str() }, nil),
}

// Fields returns the names of v's top-level fields in canonical order
// (nil for an unknown version): the properties its schema requires.
func (v Version) Fields() []string {
	if !v.Known() {
		return nil
	}
	var names []string
	for i := range fields {
		if fields[i].since <= v {
			names = append(names, fields[i].name)
		}
	}
	return names
}

// fieldSince returns the version that added the top-level field a JSON
// key names, matching keys as encoding/json does (case-insensitively),
// and 0 for a key that names no field.
func fieldSince(key string) Version {
	for i := range fields {
		if fields[i].name == key {
			return fields[i].since
		}
	}
	for i := range fields {
		if strings.EqualFold(fields[i].name, key) {
			return fields[i].since
		}
	}
	return 0
}

// unknownVersion is the error of a codec method called on a version this
// package does not know.
func (v Version) unknown() error {
	return fmt.Errorf("record version %d is not one quire knows (v1 to %s)", int(v), Latest)
}

package describe

import (
	"fmt"

	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/dataset/metadata"
)

// Croissant 1.1 (https://docs.mlcommons.org/croissant/docs/croissant-spec-1.1.html):
// each shard is a FileObject with its sha256 (fixity, from the
// manifest); a FileSet includes them all and is the source of one
// record set, "records", whose fields — nested ones as subFields, lists
// with isArray — come from package fields.
// Paths are relative to the descriptor, which lives in data/.

// croissantContext is the JSON-LD context of Croissant 1.1 documents, as
// the spec and mlcroissant give it (without language maps for name and
// description: plain strings).
var croissantContext = ordered{
	{"@language", "en"},
	{"@vocab", "https://schema.org/"},
	{"arrayShape", "cr:arrayShape"},
	{"citeAs", "cr:citeAs"},
	{"column", "cr:column"},
	{"conformsTo", "dct:conformsTo"},
	{"containedIn", "cr:containedIn"},
	{"cr", "http://mlcommons.org/croissant/"},
	{"data", ordered{{"@id", "cr:data"}, {"@type", "@json"}}},
	{"dataType", ordered{{"@id", "cr:dataType"}, {"@type", "@vocab"}}},
	{"dct", "http://purl.org/dc/terms/"},
	{"equivalentProperty", "cr:equivalentProperty"},
	{"examples", ordered{{"@id", "cr:examples"}, {"@type", "@json"}}},
	{"extract", "cr:extract"},
	{"field", "cr:field"},
	{"fileProperty", "cr:fileProperty"},
	{"fileObject", "cr:fileObject"},
	{"fileSet", "cr:fileSet"},
	{"format", "cr:format"},
	{"includes", "cr:includes"},
	{"isArray", "cr:isArray"},
	{"isLiveDataset", "cr:isLiveDataset"},
	{"jsonPath", "cr:jsonPath"},
	{"key", "cr:key"},
	{"md5", "cr:md5"},
	{"parentField", "cr:parentField"},
	{"path", "cr:path"},
	{"recordSet", "cr:recordSet"},
	{"references", "cr:references"},
	{"regex", "cr:regex"},
	{"repeated", "cr:repeated"},
	{"replace", "cr:replace"},
	{"rai", "http://mlcommons.org/croissant/RAI/"},
	{"samplingRate", "cr:samplingRate"},
	{"sc", "https://schema.org/"},
	{"separator", "cr:separator"},
	{"source", "cr:source"},
	{"subField", "cr:subField"},
	{"transform", "cr:transform"},
}

func crDataType(k fields.Kind) string {
	switch k {
	case fields.Integer:
		return "sc:Integer"
	case fields.Date:
		return "sc:Date"
	}
	return "sc:Text"
}

const (
	crRecordSet = "records"
	crFileSet   = "record-shards"
)

// crField describes f as a Croissant field whose @id is id. Readers of
// JSON Lines (mlcroissant) read each line's top-level members as
// columns, so a field is extracted by the column of its top-level
// ancestor (col) and, below it, a JSONPath transform (jp, "" at the top).
func crField(f *fields.Field, id, col, jp string) ordered {
	o := ordered{{"@type", "cr:Field"}, {"@id", id}, {"name", f.Name}}
	if f.Description != "" {
		o = append(o, kv{"description", f.Description})
	}
	leaf := f
	if f.Kind == fields.List {
		o = append(o, kv{"isArray", true})
		leaf = f.Elem
		jp += "[*]"
	}
	if leaf.Kind == fields.Struct {
		var subs []any
		for i := range leaf.Fields {
			c := &leaf.Fields[i]
			sub := c.Name
			if jp != "" {
				sub = jp + "." + c.Name
			}
			subs = append(subs, crField(c, joinPath(id, c.Name), col, sub))
		}
		return append(o, kv{"subField", subs})
	}
	src := ordered{
		{"fileSet", ordered{{"@id", crFileSet}}},
		{"extract", ordered{{"column", col}}},
	}
	if jp != "" && jp != "[*]" {
		src = append(src, kv{"transform", ordered{{"jsonPath", jp}}})
	}
	return append(o, kv{"dataType", crDataType(leaf.Kind)}, kv{"source", src})
}

func croissant(in Input, fs []fields.Field) ([]byte, error) {
	m := in.Manifest
	doc := ordered{
		{"@context", croissantContext},
		{"@type", "sc:Dataset"},
		{"conformsTo", "http://mlcommons.org/croissant/1.1"},
		{"name", title(in)},
		{"alternateName", m.Name},
		{"description", description(in)},
		{"version", m.Version},
	}
	if len(m.Created) >= 10 {
		doc = append(doc, kv{"datePublished", m.Created[:10]})
	}
	if meta := in.Meta; meta != nil {
		doc = append(doc, kv{"license", metadata.SPDXURL(meta.License)})
		if meta.Homepage != "" {
			doc = append(doc, kv{"url", meta.Homepage})
		}
		if meta.Citation != "" {
			doc = append(doc, kv{"citeAs", meta.Citation})
		}
		if o := meta.Source.Organization; o != "" {
			doc = append(doc, kv{"creator", ordered{{"@type", "sc:Organization"}, {"name", o}}})
		}
		if c := meta.Contact; c.Email != "" || c.Name != "" {
			p := ordered{{"@type", "sc:Person"}}
			if c.Name != "" {
				p = append(p, kv{"name", c.Name})
			}
			if c.Email != "" {
				p = append(p, kv{"email", c.Email})
			}
			doc = append(doc, kv{"maintainer", p})
		}
		if len(meta.Languages) > 0 {
			doc = append(doc, kv{"inLanguage", meta.Languages})
		}
		if len(meta.TaskCategories) > 0 {
			doc = append(doc, kv{"keywords", meta.TaskCategories})
		}
	}
	var dist []any
	for _, s := range m.Shards {
		dist = append(dist, ordered{
			{"@type", "cr:FileObject"},
			{"@id", s.Path},
			{"name", s.Path},
			{"contentUrl", s.Path},
			{"contentSize", fmt.Sprintf("%d B", s.Bytes)},
			{"encodingFormat", "application/jsonlines"},
			{"sha256", s.SHA256},
		})
	}
	dist = append(dist, ordered{
		{"@type", "cr:FileSet"},
		{"@id", crFileSet},
		{"name", crFileSet},
		{"description", "The record shards, in id order."},
		{"encodingFormat", "application/jsonlines"},
		{"includes", "records/*.jsonl"},
	})
	doc = append(doc, kv{"distribution", dist})
	var rfs []any
	for i := range fs {
		f := &fs[i]
		rfs = append(rfs, crField(f, joinPath(crRecordSet, f.Name), f.Name, ""))
	}
	doc = append(doc, kv{"recordSet", []any{ordered{
		{"@type", "cr:RecordSet"},
		{"@id", crRecordSet},
		{"name", crRecordSet},
		{"description", "One record per normalized document (schema " + m.Schema.ID + ")."},
		{"key", ordered{{"@id", joinPath(crRecordSet, "id")}}},
		{"field", rfs},
	}}})
	return marshalIndent(doc)
}

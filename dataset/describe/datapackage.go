package describe

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/dataset/metadata"
)

// Frictionless Data Package v2 (https://datapackage.org/standard/): the
// records are one tabular resource in JSON Lines whose parts are the
// shards, so bytes and hash are of the shards concatenated in order
// (what frictionless reads and checks). Its table schema comes from
// package fields; the JSON Schema itself is named by the resource's
// jsonschema property, a path inside the package.

type dpPackage struct {
	Profile      string          `json:"$schema"`
	Name         string          `json:"name"`
	Title        string          `json:"title"`
	Description  string          `json:"description"`
	Version      string          `json:"version"`
	Created      string          `json:"created,omitempty"`
	Homepage     string          `json:"homepage,omitempty"`
	Licenses     []dpLicense     `json:"licenses,omitempty"`
	Sources      []dpSource      `json:"sources,omitempty"`
	Contributors []dpContributor `json:"contributors,omitempty"`
	Keywords     []string        `json:"keywords,omitempty"`
	Resources    []dpResource    `json:"resources"`
}

type dpLicense struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Title string `json:"title"`
}

type dpSource struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

type dpContributor struct {
	Title string   `json:"title"`
	Email string   `json:"email,omitempty"`
	Roles []string `json:"roles"`
}

type dpResource struct {
	Name        string   `json:"name"`
	Type        string   `json:"type"`
	Path        []string `json:"path"`
	Format      string   `json:"format"`
	Mediatype   string   `json:"mediatype"`
	Encoding    string   `json:"encoding"`
	Bytes       int64    `json:"bytes"`
	Hash        string   `json:"hash"`
	Description string   `json:"description"`
	JSONSchema  string   `json:"jsonschema"`
	Schema      dpSchema `json:"schema"`
}

type dpSchema struct {
	Fields     []dpField `json:"fields"`
	PrimaryKey []string  `json:"primaryKey"`
}

type dpField struct {
	Name        string         `json:"name"`
	Type        string         `json:"type"`
	Format      string         `json:"format,omitempty"`
	Description string         `json:"description,omitempty"`
	Constraints *dpConstraints `json:"constraints,omitempty"`
}

type dpConstraints struct {
	Required bool `json:"required"`
}

func tableType(k fields.Kind) string {
	switch k {
	case fields.Integer:
		return "integer"
	case fields.Date:
		return "date"
	case fields.List:
		return "array"
	case fields.Struct:
		return "object"
	}
	return "string"
}

func dataPackage(in Input, fs []fields.Field) ([]byte, error) {
	m := in.Manifest
	p := dpPackage{
		Profile:     "https://datapackage.org/profiles/2.0/datapackage.json",
		Name:        m.Name,
		Title:       title(in),
		Description: description(in),
		Version:     m.Version,
		Created:     m.Created,
	}
	if meta := in.Meta; meta != nil {
		p.Homepage = meta.Homepage
		p.Licenses = []dpLicense{{Name: meta.License, Path: metadata.SPDXURL(meta.License), Title: meta.License}}
		if o := meta.Source.Organization; o != "" {
			p.Sources = []dpSource{{Title: o, Path: meta.Homepage}}
		}
		if c := meta.Contact; c.Name != "" || c.Email != "" {
			name := c.Name
			if name == "" {
				name = c.Email
			}
			p.Contributors = append(p.Contributors, dpContributor{Title: name, Email: c.Email, Roles: []string{"contact"}})
		}
		if o := meta.Source.Organization; o != "" {
			p.Contributors = append(p.Contributors, dpContributor{Title: o, Roles: []string{"publisher"}})
		}
		p.Keywords = meta.TaskCategories
	}
	res := dpResource{
		Name:        "records",
		Type:        "table",
		Path:        shardPaths(m),
		Format:      "jsonl",
		Mediatype:   "application/jsonl",
		Encoding:    "utf-8",
		Bytes:       in.Stats.bytes,
		Hash:        "sha256:" + in.Stats.sha256(),
		Description: "The records, one JSON object per line, sorted by id; the parts are the shards in order.",
		JSONSchema:  m.Schema.Path,
		Schema:      dpSchema{PrimaryKey: []string{"id"}},
	}
	for _, f := range fs {
		df := dpField{Name: f.Name, Type: tableType(f.Kind), Description: f.Description}
		if !f.MayBeNull() {
			df.Constraints = &dpConstraints{Required: true}
		}
		res.Schema.Fields = append(res.Schema.Fields, df)
	}
	p.Resources = []dpResource{res}
	return marshalIndent(p)
}

// marshalIndent is the one JSON style of the descriptors: two-space
// indent, no HTML escaping, a final newline.
func marshalIndent(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// joinPath joins JSON Pointer-free names for ids ("records/source/name").
func joinPath(parts ...string) string { return strings.Join(parts, "/") }

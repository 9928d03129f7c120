// Package describe writes what a release says about itself for people
// and tools that never heard of quire: a dataset card (README.md, Hugging
// Face conventions), a Frictionless Data Package v2 descriptor
// (data/datapackage.json), MLCommons Croissant 1.1 JSON-LD
// (data/croissant.json) and the descriptive BagIt fields of
// bag-info.txt.
//
//   - Pure functions of their inputs: the maintainer's metadata file
//     (package metadata; optional), the finished dataset manifest, the
//     record schema's bytes and Stats gathered from the records as they
//     were written. Same inputs, same bytes: no clock, no map order, no
//     library version in the output.
//   - One description of a record: every field list (the card's
//     dataset_info.features, Croissant's record set, Frictionless's table
//     schema, the card's field table) comes from package fields, derived
//     from the schema the bundle carries.
//   - Nothing guessed: what the metadata file does not say is left out
//     (no licence is invented), and counts come from the records.
//   - Checked by the tools their users run (datasets.load_dataset,
//     frictionless validate, mlcroissant validate, bagit), in the Python
//     checks under interop/ that CI runs.
//
// Imports: dataset/bundle (the Manifest), dataset/fields,
// dataset/metadata, dataset/record. The bundle package does not import
// this one: it calls a bundle.Describer that cmd/quire makes with New.
package describe

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strings"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/dataset/metadata"
	"github.com/quire-archive/quire/dataset/record"
)

// Input is everything the generators read.
type Input struct {
	// Meta is the metadata file; nil when the dataset has none.
	Meta *metadata.File
	// Manifest is the finished dataset manifest (shards, counts, rules).
	Manifest *bundle.Manifest
	// Schema is the record schema's bytes, as bundled.
	Schema []byte
	// Stats are gathered from every record written; they must agree
	// with the manifest (Describe checks the count and bytes).
	Stats *Stats
	// Family names the family of a rule id of the removed lists
	// (normalize.Normalizer.RuleFamily); nil: each rule is its own.
	Family func(rule string) string
}

// Describe makes every description from in.
func Describe(in Input) (*bundle.Description, error) {
	if in.Manifest == nil || in.Stats == nil {
		return nil, fmt.Errorf("describe: no manifest or statistics")
	}
	m := in.Manifest
	var shardBytes int64
	for _, s := range m.Shards {
		shardBytes += s.Bytes
	}
	if in.Stats.records != m.RecordCount || in.Stats.bytes != shardBytes {
		return nil, fmt.Errorf("describe: statistics of %d records in %d bytes, but the manifest lists %d records in %d bytes",
			in.Stats.records, in.Stats.bytes, m.RecordCount, shardBytes)
	}
	fs, err := fields.FromSchema(in.Schema)
	if err != nil {
		return nil, fmt.Errorf("describe: %w", err)
	}
	d := &bundle.Description{}
	if d.Card, err = card(in, fs); err != nil {
		return nil, fmt.Errorf("describe: dataset card: %w", err)
	}
	if d.DataPackage, err = dataPackage(in, fs); err != nil {
		return nil, fmt.Errorf("describe: datapackage.json: %w", err)
	}
	if d.Croissant, err = croissant(in, fs); err != nil {
		return nil, fmt.Errorf("describe: croissant.json: %w", err)
	}
	d.BagInfo = BagInfo(in.Meta)
	return d, nil
}

// BagInfo returns the descriptive bag-info.txt fields (RFC 8493 §2.2.2)
// the metadata file gives, in this order: Source-Organization,
// Contact-Name, Contact-Email, External-Description. Values are one line
// (white space collapsed), since a folded value is a continuation line
// that simpler readers of bag-info.txt mistake for a field.
// Bag-Group-Identifier is not written: a release is one whole bag, not
// part of a set of bags.
func BagInfo(f *metadata.File) []bundle.BagInfoField {
	if f == nil {
		return nil
	}
	var out []bundle.BagInfoField
	add := func(label, v string) {
		if v = strings.Join(strings.Fields(v), " "); v != "" {
			out = append(out, bundle.BagInfoField{Label: label, Value: v})
		}
	}
	add("Source-Organization", f.Source.Organization)
	add("Contact-Name", f.Contact.Name)
	add("Contact-Email", f.Contact.Email)
	add("External-Description", f.Description)
	return out
}

// Stats are what the descriptions say about the records that the
// manifest does not hold. Add every record in the order written; memory
// is bounded (at most maxOutlets distinct outlets are counted).
type Stats struct {
	records   int64
	bytes     int64            // of the lines with their newlines: the shards' bytes
	all       hash.Hash        // sha256 of the shards' bytes, concatenated
	removed   map[string]int64 // by rule id
	removedN  int64
	captions  int64
	outlets   map[string]int64
	noOutlet  int64
	manyOut   bool // more than maxOutlets distinct outlets
	first     string
	last      string
	undated   int64
	untitled  int64
	bylined   int64            // records with at least one author
	languages map[string]int64 // by ISO 639-1 code; "" for unknown
	textBytes int64
}

// maxOutlets bounds the outlets Stats counts one by one.
const maxOutlets = 10000

// NewStats returns empty statistics.
func NewStats() *Stats {
	return &Stats{all: sha256.New(), removed: map[string]int64{}, outlets: map[string]int64{}, languages: map[string]int64{}}
}

// Add counts one record; line is its canonical encoding (no newline),
// exactly as written to the shard.
func (s *Stats) Add(r *record.Record, line []byte) {
	s.records++
	s.bytes += int64(len(line)) + 1
	s.all.Write(line)
	s.all.Write([]byte{'\n'})
	s.textBytes += int64(len(r.Text))
	for _, m := range r.Removed {
		// Rule ids come from the normalizer's finite rules, so this
		// map is bounded by them.
		s.removed[m.Rule]++
		s.removedN++
	}
	s.captions += int64(len(r.Captions))
	if r.Title == nil {
		s.untitled++
	}
	if len(r.Authors) > 0 {
		s.bylined++
	}
	// Codes are two letters (the schema's pattern), so this map has at
	// most 26² entries.
	if r.Language != nil {
		s.languages[*r.Language]++
	} else {
		s.languages[""]++
	}
	if r.Outlet == nil {
		s.noOutlet++
	} else if _, ok := s.outlets[*r.Outlet]; ok || len(s.outlets) < maxOutlets {
		s.outlets[*r.Outlet]++
	} else {
		s.manyOut = true
	}
	if r.Published == nil {
		s.undated++
	} else {
		d := *r.Published
		if s.first == "" || d < s.first {
			s.first = d
		}
		if d > s.last {
			s.last = d
		}
	}
}

// sha256 is the hex sha256 of all shards' bytes in order: what a reader
// of the shards as one multipart resource (Frictionless) hashes.
func (s *Stats) sha256() string { return hex.EncodeToString(s.all.Sum(nil)) }

type count struct {
	name string
	n    int64
}

// sorted returns m's entries by count, largest first, then by name.
func sorted(m map[string]int64) []count {
	out := make([]count, 0, len(m))
	for k, v := range m {
		out = append(out, count{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].n != out[j].n {
			return out[i].n > out[j].n
		}
		return out[i].name < out[j].name
	})
	return out
}

// New returns the bundle.Describer of a build: it describes the finished
// manifest with meta (nil: none), the schema bytes, the statistics the
// caller fed as it wrote and the rule families.
func New(meta *metadata.File, schema []byte, stats *Stats, family func(string) string) bundle.Describer {
	return func(m *bundle.Manifest) (*bundle.Description, error) {
		return Describe(Input{Meta: meta, Manifest: m, Schema: schema, Stats: stats, Family: family})
	}
}

// title is the dataset's human name: the metadata's, else its name.
func title(in Input) string {
	if in.Meta != nil {
		return in.Meta.Title
	}
	return in.Manifest.Name
}

// description is the metadata's description, else a sentence saying
// what quire knows.
func description(in Input) string {
	if in.Meta != nil {
		return strings.TrimSpace(in.Meta.Description)
	}
	return fmt.Sprintf("Records of the dataset %s, version %s, made by quire from raw text documents. Its maintainer has not described it (no %s).",
		in.Manifest.Name, in.Manifest.Version, metadata.FileName)
}

// shardPaths are the record shards' paths below data/.
func shardPaths(m *bundle.Manifest) []string {
	out := make([]string, len(m.Shards))
	for i, s := range m.Shards {
		out[i] = s.Path
	}
	return out
}

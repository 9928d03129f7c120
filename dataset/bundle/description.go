package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/record"
)

// The descriptive members (issue 14, docs/METADATA.md): what a bundle
// says about itself for people and tools that never heard of quire. This
// package writes and checks them but does not make them: a Describer
// does (cmd/quire uses dataset/describe), from the finished manifest.
// The checker never regenerates them — a later quire may word a card
// differently — it checks what holds for any version: size limits,
// UTF-8, that the JSON ones are one JSON object, the BagIt checksums,
// and the syntax of the descriptive bag-info.txt fields. The writer runs
// the same checks (Description.check). All are optional, so a bundle
// written before them still validates.

// Description is what a bundle says about itself. A nil member is not
// written.
type Description struct {
	Card        []byte         // README.md at the bag's top (a tag file)
	DataPackage []byte         // data/datapackage.json (payload)
	Croissant   []byte         // data/croissant.json (payload)
	BagInfo     []BagInfoField // descriptive bag-info.txt fields, in order, after quire's own
}

// BagInfoField is one "Label: value" line of bag-info.txt.
type BagInfoField struct{ Label, Value string }

// Describer makes the Description from the finished dataset manifest.
// The Writer calls it once, at Close, with a copy.
type Describer func(m *Manifest) (*Description, error)

// MaxDescriptionBytes bounds README.md, data/datapackage.json and
// data/croissant.json each.
const MaxDescriptionBytes = 16 << 20

// MaxBagInfoValueBytes bounds the value of a descriptive bag-info field.
const MaxBagInfoValueBytes = 64 << 10

// labelRE is the syntax of a descriptive bag-info.txt label: every label
// RFC 8493 reserves has this form, and it reads the same in every BagIt
// tool.
var labelRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,63}$`)

// ownLabels are the bag-info.txt fields quire writes itself.
var ownLabels = []string{"Bag-Software-Agent", "Bagging-Date", "External-Identifier", "Payload-Oxum"}

// checkBagInfoField says what is wrong with one descriptive field, or "".
func checkBagInfoField(f BagInfoField) string {
	switch {
	case !labelRE.MatchString(f.Label):
		return fmt.Sprintf("bag-info label %q: want a letter, then up to 63 letters, digits or -", f.Label)
	case f.Value == "" || len(f.Value) > MaxBagInfoValueBytes:
		return fmt.Sprintf("bag-info %s: want a value of 1 to %d bytes", f.Label, MaxBagInfoValueBytes)
	case !utf8.ValidString(f.Value) || containsControl(f.Value) || strings.TrimSpace(f.Value) != f.Value:
		return fmt.Sprintf("bag-info %s: value %q: want UTF-8 without control characters or surrounding white space", f.Label, f.Value)
	}
	for _, l := range ownLabels {
		if strings.EqualFold(l, f.Label) {
			return fmt.Sprintf("bag-info %s: quire writes this field itself", f.Label)
		}
	}
	return ""
}

// check says what is wrong with d, as the checker would find it.
func (d *Description) check() error {
	if d == nil {
		return errors.New("no description")
	}
	if len(d.Card) > MaxDescriptionBytes || !utf8.Valid(d.Card) {
		return fmt.Errorf("%s: want valid UTF-8 of at most %d bytes", pathCard, MaxDescriptionBytes)
	}
	for _, m := range []struct {
		path string
		b    []byte
	}{{pathDataPackage, d.DataPackage}, {pathCroissant, d.Croissant}} {
		if m.b == nil {
			continue
		}
		if len(m.b) > MaxDescriptionBytes {
			return fmt.Errorf("%s: %d bytes, over the limit of %d", m.path, len(m.b), MaxDescriptionBytes)
		}
		if err := checkJSONObject(m.b); err != nil {
			return fmt.Errorf("%s: %w", m.path, err)
		}
	}
	for _, f := range d.BagInfo {
		if msg := checkBagInfoField(f); msg != "" {
			return errors.New(msg)
		}
	}
	return nil
}

// checkJSONObject checks that b is one JSON object, strictly: valid
// UTF-8, no duplicate keys, nesting within record.MaxDepth.
func checkJSONObject(b []byte) error {
	if err := record.CheckJSON(b); err != nil {
		return err
	}
	tok, err := json.NewDecoder(bytes.NewReader(b)).Token()
	if err != nil || tok != json.Delim('{') {
		return errors.New("not a JSON object")
	}
	return nil
}

// MetadataFile identifies the dataset metadata file (quire.toml) a
// release was described with.
type MetadataFile struct {
	Path   string `json:"path"` // its name, e.g. "quire.toml"
	SHA256 string `json:"sha256"`
}

// check returns what is wrong with f, or "".
func (f *MetadataFile) check() string {
	switch {
	case f == nil:
		return ""
	case f.Path == "" || len(f.Path) > 255 || strings.ContainsAny(f.Path, "/\\") || containsControl(f.Path) || !utf8.ValidString(f.Path):
		return fmt.Sprintf("metadata.path %q: want a file name of 1 to 255 bytes", f.Path)
	case !hexRE.MatchString(f.SHA256):
		return fmt.Sprintf("metadata.sha256 %q is not 64 lowercase hex digits", f.SHA256)
	}
	return ""
}

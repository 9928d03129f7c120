package bundle

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/record"
)

// The descriptive members of format 2 (docs/FORMAT.md §6.1): what a
// bundle says about itself for people and tools that never heard of
// quire. This package writes and checks them but does not make them: a
// Describer does, from the finished manifest. The checker never
// regenerates them (a later quire may well word a card differently);
// it checks what holds for any version: size limits, UTF-8, that the
// JSON ones are one JSON object, the BagIt checksums, and the syntax of
// bag-info.txt. The writer runs the same checks (Description.check).

// Description is what a bundle says about itself for people and tools
// that never heard of quire. A nil or empty member is not written.
type Description struct {
	Card        []byte         // README.md at the bag's top (a tag file)
	DataPackage []byte         // data/datapackage.json (payload)
	Croissant   []byte         // data/croissant.json (payload)
	BagInfo     []BagInfoField // descriptive bag-info.txt fields, in order, after quire's own
}

// BagInfoField is one "Label: value" line of bag-info.txt.
type BagInfoField struct{ Label, Value string }

// Describer makes the Description from the finished dataset manifest
// head (shards with path, bytes and sha256; record count; rules; name,
// version, created). The Writer calls it once, at Close, with a copy.
type Describer func(m *Manifest) (*Description, error)

// labelRE is the syntax of a descriptive bag-info.txt label: RFC 8493
// labels are looser (any characters but a colon, spaces inside), but
// every reserved label has this form, and a stricter one reads the same
// in every BagIt tool.
var labelRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,63}$`)

// computedLabels are the bag-info.txt fields quire writes itself, from
// the manifest and the payload: a Describer may not set them.
var computedLabels = []string{"Bag-Software-Agent", "Bagging-Date", "Payload-Oxum", "Bag-Size"}

// singleLabels may appear at most once (RFC 8493 §2.2.2: MUST NOT or
// SHOULD NOT be repeated); other labels, e.g. External-Identifier, may
// repeat.
var singleLabels = []string{"Bag-Software-Agent", "Bagging-Date", "Payload-Oxum", "Bag-Size", "Bag-Count", "Bag-Group-Identifier"}

func labelIn(label string, set []string) bool {
	for _, l := range set {
		if strings.EqualFold(l, label) {
			return true
		}
	}
	return false
}

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
		if len(m.b) > MaxDescriptionBytes {
			return fmt.Errorf("%s: %d bytes, over the limit of %d", m.path, len(m.b), MaxDescriptionBytes)
		}
		if len(m.b) > 0 {
			if err := checkJSONObject(m.b); err != nil {
				return fmt.Errorf("%s: %w", m.path, err)
			}
		}
	}
	seen := map[string]bool{}
	for _, f := range d.BagInfo {
		if msg := checkBagInfoField(f); msg != "" {
			return errors.New(msg)
		}
		if labelIn(f.Label, computedLabels) {
			return fmt.Errorf("bag-info %s: quire writes this field itself", f.Label)
		}
		key := strings.ToLower(f.Label)
		if seen[key] && labelIn(f.Label, singleLabels) {
			return fmt.Errorf("bag-info %s: repeated, but RFC 8493 allows it once", f.Label)
		}
		seen[key] = true
	}
	// Empty members are not written.
	for _, p := range []*[]byte{&d.Card, &d.DataPackage, &d.Croissant} {
		if len(*p) == 0 {
			*p = nil
		}
	}
	return nil
}

// checkJSONObject checks that b is one JSON object, strictly: valid
// UTF-8, no duplicate keys, nesting within record.MaxDepth, nothing
// after it.
func checkJSONObject(b []byte) error {
	if err := record.CheckJSON(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return errors.New("not a JSON object")
	}
	// CheckJSON has checked that the whole text is one valid value.
	return nil
}

// clone returns a copy of m that a Describer may keep or change.
func (m *Manifest) clone() *Manifest {
	c := *m
	c.Shards = append([]Shard(nil), m.Shards...)
	if m.Rules.Repeats != nil {
		r := *m.Rules.Repeats
		c.Rules.Repeats = &r
	}
	return &c
}

// bagSize is the Bag-Size value: the payload's octets in decimal units
// ("6.7 KB", "733.0 MB"), approximately the bag's size, for people; the
// exact count is in Payload-Oxum. It is part of the format: its bytes are
// in every released bag-info.txt, so it is not shared with the progress
// display's formatBytes (cmd/quire), which may change freely.
func bagSize(octets int64) string {
	if octets < 1000 {
		return fmt.Sprintf("%d B", octets)
	}
	v := float64(octets)
	for _, unit := range []string{"KB", "MB", "GB", "TB"} {
		v /= 1000
		if v < 1000 || unit == "TB" {
			return fmt.Sprintf("%.1f %s", v, unit)
		}
	}
	panic("unreachable")
}

// writeBagInfoFields appends the descriptive fields to a bag-info.txt.
func writeBagInfoFields(w io.Writer, fields []BagInfoField) {
	for _, f := range fields {
		fmt.Fprintf(w, "%s: %s\n", f.Label, f.Value)
	}
}

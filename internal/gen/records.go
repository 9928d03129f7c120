package gen

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/pipeline"
)

// RecordRulesVersion is the rules_version of generated records.
const RecordRulesVersion = "1.0.0"

// MaxRecords is the most records WriteRecords writes: ids are SeqDigits
// wide, and past that they would no longer sort in sequence order.
const MaxRecords = 10_000_000

// Record returns the record of document i of version 1: what a perfect
// normalizer would make of Doc(i). Record ids are plain sequence numbers
// (PlainName without ".txt") whatever Options.PlainNames says, so that an
// edited document is a changed record in version 2, not a removal and an
// addition; source.name is the plain name, source.bytes and
// source.sha256 describe the raw bytes.
func (g *Generator) Record(i int) *record.Record {
	return g.record(i, g.build(i))
}

// Record returns the record of document i of version 2, ok false if it
// was removed.
func (v *NextVersion) Record(i int) (r *record.Record, ok bool) {
	d, ok := v.doc(i)
	if !ok {
		return nil, false
	}
	return v.g.record(i, d), true
}

func (g *Generator) record(i int, d *doc) *record.Record {
	data := d.render(nil)
	sum := sha256.Sum256(data)
	name := PlainName(i)
	rec := &record.Record{
		ID:           strings.TrimSuffix(name, ".txt"),
		Source:       record.Source{Name: name, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])},
		RulesVersion: RecordRulesVersion,
		Captions:     []record.Caption{},
		Removed:      []record.Removed{},
	}
	if d.outlet != "" {
		rec.Outlet = &d.outlet
	}
	if d.published != "" {
		rec.Published = &d.published
		rec.Removed = append(rec.Removed, record.Removed{Line: 1, Text: d.crawler, Rule: "crawler-date"})
	}
	var text []string
	starts := d.lineNumbers()
	for k, b := range d.blocks {
		switch b.kind {
		case kHeadline:
			if rec.Title == nil {
				t := clean(b.lines[0])
				rec.Title = &t
				continue
			}
			text = append(text, clean(b.lines[0]))
		case kStandfirst, kByline, kBody:
			lines := make([]string, len(b.lines))
			for n, l := range b.lines {
				lines[n] = clean(l)
			}
			text = append(text, strings.Join(lines, "\n"))
		case kCaption:
			credit := b.credit
			rec.Captions = append(rec.Captions, record.Caption{Line: starts[k], Text: clean(b.caption), Credit: &credit})
		case kBoiler:
			for n, l := range b.lines {
				rec.Removed = append(rec.Removed, record.Removed{Line: starts[k] + n*b.step(), Text: l, Rule: "boilerplate:" + string(b.fam)})
			}
		}
	}
	rec.Text = strings.Join(text, "\n\n")
	return rec
}

// clean does what the normalizer's input hygiene does to body text: zero
// width spaces out, no-break spaces to spaces.
func clean(s string) string {
	if !strings.ContainsAny(s, "\u200b\u00a0\ufeff") {
		return s
	}
	return strings.NewReplacer("\u200b", "", "\ufeff", "", "\u00a0", " ").Replace(s)
}

// WriteRecords writes the records rec(0), …, rec(n-1) that exist (ok
// true) to w as JSON Lines in canonical encoding, which is id order. The
// records are made and encoded on all cores; memory does not grow with n.
func WriteRecords(ctx context.Context, w io.Writer, n int, rec func(i int) (*record.Record, bool)) error {
	if n > MaxRecords {
		return fmt.Errorf("%d records: more than %d would not sort in id order", n, MaxRecords)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	err := pipeline.Ordered(ctx, n, pipeline.Options{},
		func(i int) ([]byte, error) {
			r, ok := rec(i)
			if !ok {
				return nil, nil
			}
			return record.Marshal(r)
		},
		func(i int, line []byte, err error) error {
			if err != nil || line == nil {
				return err
			}
			bw.Write(line)
			return bw.WriteByte('\n')
		})
	if err != nil {
		return err
	}
	return bw.Flush()
}

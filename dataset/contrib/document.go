package contrib

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/record/linecheck"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/dedup"
)

// CheckDocument checks one raw document read from r. p is its path for
// messages; its base name is the file name checked. It reads at most
// normalize.MaxDocumentBytes+1 bytes. The error is for I/O trouble only.
func (c *Checker) CheckDocument(rep *report.Report, p string, r io.Reader) (*Document, error) {
	n0, dropped0 := len(rep.Problems), rep.DroppedErrors
	doc, err := c.checkDocument(rep, p, r)
	if doc != nil {
		doc.Errors = rep.DroppedErrors > dropped0
		for _, pr := range rep.Problems[n0:] {
			doc.Errors = doc.Errors || pr.Severity == report.Error
		}
	}
	return doc, err
}

func (c *Checker) checkDocument(rep *report.Report, p string, r io.Reader) (*Document, error) {
	at := report.At(p)
	data, err := corpus.ReadLimited(r, normalize.MaxDocumentBytes)
	if errors.Is(err, corpus.ErrTooLarge) {
		rep.Addf(at, report.DocTooLarge, "more than %d bytes: split the document or leave it out", normalize.MaxDocumentBytes)
		return &Document{Path: p, Errors: true}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	sum := sha256.Sum256(data)
	doc := &Document{Path: p, SHA256: hex.EncodeToString(sum[:]), Bytes: int64(len(data))}

	encodingOK := checkBytes(rep, at, data)
	id := c.checkName(rep, at, doc, sum)
	if !encodingOK {
		return doc, nil
	}
	cl, err := normalize.Clean(data)
	if err != nil {
		addInputError(rep, at, err)
		return doc, nil
	}
	if cl.BOM {
		rep.Addf(at, report.BOM, "starts with a UTF-8 byte-order mark: save the file as UTF-8 without BOM")
	}
	if cl.MixedNewlines() {
		rep.Addf(at, report.MixedNewlines, "mixed line endings (%d LF, %d CRLF, %d CR): convert the file to LF line endings", cl.LF, cl.CRLF, cl.CR)
	}
	rec, err := c.opts.Normalizer.Normalize(normalize.Input{ID: id, Name: doc.Name, Data: data})
	if err != nil {
		addInputError(rep, at, err)
		return doc, nil
	}
	c.checkSchema(rep, at, rec)
	c.checkDataset(rep, at, doc.Path, rec.ID, doc.Name, sum, rec.Text, doc)
	c.checkContent(rep, rec.Text, docLang(rec.Language), rawLines(cl.Lines, rec.Text, at))
	return doc, nil
}

// addInputError reports a normalizer refusal under its code.
func addInputError(rep *report.Report, at report.Problem, err error) {
	var ie *normalize.InputError
	if !errors.As(err, &ie) {
		rep.Addf(at, report.NoText, "%v", err)
		return
	}
	at.Line, at.Offset = ie.Line, ie.Offset
	msg := ie.Msg
	switch ie.Code {
	case report.DocEmpty:
		msg += ": leave the file out"
	case report.NoText:
		msg += ": the file is page furniture only, or not an article"
	}
	rep.Addf(at, ie.Code, "%s", msg)
}

// checkBytes reports every invalid UTF-8 sequence and NUL byte (up to
// maxPerKind of each) with line, column and offset. It reports whether
// there were none.
func checkBytes(rep *report.Report, at report.Problem, data []byte) bool {
	if enc, how := wideEncoding(data); enc != "" {
		name := strings.ReplaceAll(strings.ReplaceAll(enc, " little-endian", "LE"), " big-endian", "BE")
		rep.Addf(at, report.InvalidUTF8, "the file is %s (%s), not UTF-8: convert it, e.g. iconv -f %s -t UTF-8 FILE > FILE.utf8",
			enc, how, name)
		return false
	}
	line, lineStart := 1, 0
	bad, nul := 0, 0
	for off := 0; off < len(data); {
		b := data[off]
		if b < utf8.RuneSelf {
			switch {
			case b == 0:
				if nul++; nul <= maxPerKind {
					p := at
					p.Line, p.Column, p.Offset = line, off-lineStart+1, int64(off)
					rep.Addf(p, report.NULByte, "NUL byte at byte %d: the file is binary or corrupt; save it as plain UTF-8 text", off)
				}
			case b == '\n' || (b == '\r' && (off+1 >= len(data) || data[off+1] != '\n')):
				line, lineStart = line+1, off+1
			}
			off++
			continue
		}
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			if bad++; bad <= maxPerKind {
				p := at
				p.Line, p.Column, p.Offset = line, off-lineStart+1, int64(off)
				rep.Addf(p, report.InvalidUTF8, "invalid UTF-8 byte %#02x at byte %d: re-encode the file as UTF-8 (e.g. iconv -f windows-1252 -t utf-8)", b, off)
			}
		}
		off += size
	}
	for _, k := range []struct {
		n    int
		code report.Code
	}{{bad, report.InvalidUTF8}, {nul, report.NULByte}} {
		if k.n > maxPerKind {
			rep.Addf(at, k.code, "%d more like it not listed", k.n-maxPerKind)
		}
	}
	return bad == 0 && nul == 0
}

// wideEncoding recognises text saved as UTF-16 or UTF-32, which some
// editors write: by its byte-order mark, or, without one, by NUL bytes
// in every other position (ASCII text in UTF-16). It returns the
// encoding's name and how it was recognised, or "" for neither.
func wideEncoding(data []byte) (enc, how string) {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe, 0, 0}):
		return "UTF-32 little-endian", "byte-order mark FF FE 00 00"
	case bytes.HasPrefix(data, []byte{0, 0, 0xfe, 0xff}):
		return "UTF-32 big-endian", "byte-order mark 00 00 FE FF"
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		return "UTF-16 little-endian", "byte-order mark FF FE"
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return "UTF-16 big-endian", "byte-order mark FE FF"
	}
	// Without a mark: in the first KiB, NUL in at least 3 of 4 odd (or
	// even) positions and in almost no other.
	head := data[:min(len(data), 1024)&^1]
	if len(head) < 16 {
		return "", ""
	}
	var nul [2]int
	for i, b := range head {
		if b == 0 {
			nul[i&1]++
		}
	}
	pairs := len(head) / 2
	switch {
	case nul[1]*4 >= pairs*3 && nul[0]*20 < pairs:
		return "UTF-16 little-endian", "no byte-order mark, but a NUL after most bytes"
	case nul[0]*4 >= pairs*3 && nul[1]*20 < pairs:
		return "UTF-16 big-endian", "no byte-order mark, but a NUL before most bytes"
	}
	return "", ""
}

// checkName checks the document's file name and sets doc.Name and
// doc.Existing. It returns the record id to normalize under.
func (c *Checker) checkName(rep *report.Report, at report.Problem, doc *Document, sum [32]byte) string {
	name := path.Base(strings.ReplaceAll(doc.Path, "\\", "/"))
	doc.Name = name
	stem := strings.TrimSuffix(name, corpus.Ext)
	if ds := c.opts.Dataset; ds != nil {
		if e, ok := ds.ByID(stem); ok && e.Name == name && e.SourceSum == sum && name != stem {
			// The document is that record: no collision, no duplicate.
			// Its name is still checked, as CI checks the files a pull
			// request adds to seeds/ in place.
			doc.Existing = true
			if c.opts.SeedNames {
				c.checkSeedInPlace(rep, at, doc, stem)
			}
			return stem
		}
	}
	if !c.opts.SeedNames {
		if stem == name || !corpus.ValidID(stem) {
			rep.Addf(at, report.BadName, "%q is not <id>%s with an id of 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit: rename the file", name, corpus.Ext)
			return "invalid-name"
		}
		return stem
	}
	hash := doc.SHA256[:16]
	if seq, h, ok := corpus.SeedName(stem); ok && name != stem {
		var n int
		fmt.Sscanf(seq, "%d", &n)
		taken, isTaken := c.seqs[n]
		switch {
		case h != hash:
			doc.Name = c.newName(doc.SHA256)
			rep.Addf(at, report.SeedNameMismatch, "the name's hash %s is not the first 16 hex digits of the sha256 of the bytes (%s): rename the file %s", h, hash, doc.Name)
		case isTaken && taken != stem:
			doc.Name = c.newName(doc.SHA256)
			rep.Addf(at, report.SeedNameMismatch, "sequence number %s is taken by %s: rename the file %s", seq, taken, doc.Name)
		default:
			c.noteSeq(stem)
		}
		return strings.TrimSuffix(doc.Name, corpus.Ext)
	}
	doc.Name = c.newName(doc.SHA256)
	rep.Addf(at, report.SeedNameUnusual, "seeds are named NNN_<first 16 hex of sha256>%s: quire add stores this file as %s", corpus.Ext, doc.Name)
	return strings.TrimSuffix(doc.Name, corpus.Ext)
}

// checkSeedInPlace checks the name of a document that is a record of the
// dataset already, if the name claims the seeds convention: a stale hash
// (the file was edited after it was named) and a sequence number that
// other records of the dataset have too.
func (c *Checker) checkSeedInPlace(rep *report.Report, at report.Problem, doc *Document, stem string) {
	seq, h, ok := corpus.SeedName(stem)
	if !ok {
		return
	}
	if hash := doc.SHA256[:16]; h != hash {
		// A warning, not an error: the record keeps its id, and a
		// dataset named before the convention (or imported) must
		// validate; -strict, or the pull-request check's id collision,
		// makes it count.
		rep.Addf(at, report.SeedNameStale, "the name's hash %s is not the first 16 hex digits of the sha256 of the bytes (%s): the file changed after it was named, or was named another way; to follow the convention rename it %s_%s%s (a new id)",
			h, hash, seq, hash, corpus.Ext)
	}
	n, _ := strconv.Atoi(seq)
	var others []string
	for _, id := range c.seqIDs[n] {
		if id != stem {
			others = append(others, id+corpus.Ext)
		}
	}
	if len(others) > 0 {
		rep.Addf(at, report.SeedNameMismatch, "sequence number %s is also used by %s: give one of them a free number; the next is %03d",
			seq, strings.Join(others, ", "), c.next)
	}
}

// newName allocates the next sequence number to a document.
func (c *Checker) newName(sha string) string {
	id := SeedID(c.next, sha)
	c.noteSeq(id)
	return id + corpus.Ext
}

// checkSchema checks the record the normalizer made as the bundle writer
// will (linecheck); a failure is a normalizer limit the document runs
// into (a title too long, …).
func (c *Checker) checkSchema(rep *report.Report, at report.Problem, rec *record.Record) {
	_, ps := linecheck.New(c.opts.Schema).Record(rec)
	at.Record = rec.ID
	for i, p := range ps {
		if p.Code == report.SchemaViolation {
			ps[i].Msg = "the record made from this document breaks the schema: " + p.Msg
		} else {
			ps[i].Msg = "the record made from this document: " + p.Msg
		}
	}
	linecheck.Add(rep, at, ps)
}

// checkDataset reports id collisions and duplicates of a record's text,
// then files it in the run's index. doc, if not nil, is the raw document
// it came from.
func (c *Checker) checkDataset(rep *report.Report, at report.Problem, label, id, name string, srcSum [32]byte, text string, doc *Document) {
	e := dedup.MakeEntry(id, name, srcSum, text)
	self := func(o *dedup.Entry) bool { return o.ID == id && o.Name == name && o.SourceSum == srcSum }
	ds := c.opts.Dataset
	if ds != nil {
		if o, ok := ds.ByID(id); ok && !self(o) {
			from := ""
			if o.Name != "" {
				from = " (from " + o.Name + ")"
			}
			rep.Addf(at, report.IDCollision, "id is already taken by a record of the dataset%s: records are never replaced in place; give this one a new id", from)
		}
	}
	if o, ok := c.batch.ByID(id); ok && (doc == nil || !doc.Existing) {
		rep.Addf(at, report.DuplicateID, "id %q is also used by %s in this contribution: give each record its own id", id, o.Name)
	}
	exact := false
	if ds != nil {
		if o, ok := ds.ByText(e.TextSum); ok && !self(o) {
			exact = true
			how := "the same normalized text as"
			if o.SourceSum == srcSum {
				how = "a byte-identical copy of"
			}
			rep.Addf(at, report.ExactDuplicate, "%s %s: leave it out", how, describe(o))
		}
	}
	if o, ok := c.batch.ByText(e.TextSum); ok && !exact {
		exact = true
		rep.Addf(at, report.ExactDuplicate, "the same normalized text as %s in this contribution: leave one out", o.Name)
	}
	if !exact && e.HasSig && c.opts.NearThreshold <= 1 {
		var best *dedup.Entry
		var bestSim float64
		where := ""
		if ds != nil {
			best, bestSim = ds.Nearest(&e.Sig, self)
		}
		if o, s := c.batch.Nearest(&e.Sig, nil); o != nil && s > bestSim {
			best, bestSim, where = o, s, " in this contribution"
		}
		if best != nil && bestSim >= c.opts.NearThreshold {
			what := describe(best)
			if where != "" {
				what = best.Name
			}
			rep.Addf(at, report.NearDuplicate, "%.0f%% similar to %s%s (threshold %.0f%%): leave it out if it is another version of the same article",
				100*bestSim, what, where, 100*c.opts.NearThreshold)
		}
	}
	if doc != nil && doc.Existing {
		return
	}
	e.Name = label
	c.batch.Add(e)
}

// describe names a dataset record for a message.
func describe(e *dedup.Entry) string {
	if e.Name != "" && e.Name != e.ID+corpus.Ext {
		return fmt.Sprintf("record %q (%s)", e.ID, e.Name)
	}
	return fmt.Sprintf("record %q", e.ID)
}

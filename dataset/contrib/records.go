package contrib

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/record/linecheck"
	"github.com/quire-archive/quire/dataset/report"
)

var utf8BOM = []byte("\ufeff")

// CheckRecords checks a JSON Lines file of records read from r, one line
// at a time; p is its path for messages. Each line is checked by
// linecheck, as the bundle checker checks a bundle's lines, against the
// schema of the record version the line needs (JSON Lines name no
// schema, and records written with an older one stay valid); a line
// that passes is then checked as a contribution. Memory is bounded by
// the line limit and the run's index (dedup.BytesPerEntry per record).
// A UTF-8 byte-order mark at the start is an error (JSON Lines has
// none), and the lines are checked as if it were not there. The error
// is for I/O trouble only.
func (c *Checker) CheckRecords(rep *report.Report, p string, r io.Reader) error {
	lc, err := linecheck.NewAny()
	if err != nil {
		return err
	}
	br := bufio.NewReader(r)
	if head, _ := br.Peek(len(utf8BOM)); bytes.Equal(head, utf8BOM) {
		br.Discard(len(utf8BOM))
		at := report.At(p)
		at.Line, at.Column, at.Offset = 1, 1, 0
		at.Code, at.Severity = report.BOM, report.Error
		at.Msg = "starts with a UTF-8 byte-order mark, which JSON Lines does not allow (many readers reject it): save the file as UTF-8 without BOM"
		rep.Add(at)
	}
	lr := record.NewLineReader(br, c.opts.MaxLineBytes)
	for {
		line, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		at := report.At(p)
		at.Line = lr.Line()
		if errors.Is(err, record.ErrLineTooLong) {
			rep.Add(linecheck.TooLong(c.opts.MaxLineBytes).At(at))
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: line %d: %w", p, lr.Line()+1, err)
		}
		c.checkLine(rep, at, lc, line)
	}
}

// checkLine checks one record line.
func (c *Checker) checkLine(rep *report.Report, at report.Problem, lc *linecheck.Checker, line []byte) {
	rec, ps := lc.Line(line)
	if rec != nil {
		at.Record = rec.ID
	} else {
		at.Record = peekID(line)
	}
	linecheck.Add(rep, at, ps)
	for _, p := range ps {
		if rec == nil || p.Code != report.NotCanonical {
			return // the checks below need a record the schema accepts
		}
	}
	var missing []string
	for _, f := range []struct {
		name string
		v    *string
	}{{"title", rec.Title}, {"outlet", rec.Outlet}, {"published", rec.Published}} {
		if f.v == nil {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		rep.Addf(at, report.MissingMetadata, "no %s: fill in what the source states, if it does", strings.Join(missing, ", "))
	}
	again := c.checkBoilerplate(rep, at, rec)
	var detected *string
	if again != nil {
		detected = again.Language
	}
	var srcSum [32]byte
	hex.Decode(srcSum[:], []byte(rec.Source.SHA256))
	c.checkDataset(rep, at, fmt.Sprintf("%s:%d", at.Path, at.Line), rec.ID, rec.Source.Name, srcSum, rec.Text, nil)
	c.checkContent(rep, rec.Text, recordLang(rec.Language, detected), func(k int) (report.Problem, string) {
		p := at
		p.Pointer = "/text"
		if k >= 1 {
			return p, fmt.Sprintf("text line %d: ", k)
		}
		return p, ""
	})
}

// peekID returns the record's id if the line has a string "id".
func peekID(line []byte) string {
	var v struct {
		ID any `json:"id"`
	}
	if json.Unmarshal(line, &v) != nil {
		return ""
	}
	s, _ := v.ID.(string)
	return s
}

// checkBoilerplate normalizes the record's text again: whatever the
// normalizer would remove from it is boilerplate left in. Normalizing is
// idempotent, so a record the normalizer made loses nothing. It returns
// the record of the text (for its language), nil if normalizing fails.
func (c *Checker) checkBoilerplate(rep *report.Report, at report.Problem, rec *record.Record) *record.Record {
	at.Pointer = "/text"
	again, err := c.opts.Normalizer.Normalize(normalize.Input{ID: rec.ID, Name: rec.Source.Name, Data: []byte(rec.Text)})
	if err != nil {
		rep.Addf(at, report.BoilerplateLeft, "normalizing the text again fails (%v): re-make the record from its source with quire normalize", err)
		return nil
	}
	for i, r := range again.Removed {
		if i == maxPerKind {
			rep.Addf(at, report.BoilerplateLeft, "%d more removals not listed", len(again.Removed)-maxPerKind)
			break
		}
		why := r.Rule
		if r.Why != "" {
			why += " (" + r.Why + ")"
		}
		rep.Addf(at, report.BoilerplateLeft, "text line %d: rule %s would remove %q: re-make the record from its source with quire normalize", r.Line, why, clip(r.Text, 80))
	}
	return again
}

// clip shortens s to at most n runes for a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

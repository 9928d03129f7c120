package record

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Marshal returns the canonical encoding of r in version v, without a
// trailing newline. Nil slices are encoded as empty arrays, so a record
// has one encoding. A record that holds a value v has no field for (an
// author or a language in V1) is refused rather than cut.
func (v Version) Marshal(r *Record) ([]byte, error) {
	line, _, err := v.MarshalExact(r)
	return line, err
}

// MarshalExact is Marshal, and also reports whether the line decodes back
// to r's strings exactly: false if some string of r is not valid UTF-8
// (its bad bytes are written as \ufffd, as encoding/json does). A line
// that decodes back exactly is in canonical form, so a caller that holds
// r need not parse the line to know it.
func (v Version) MarshalExact(r *Record) (line []byte, exact bool, err error) {
	if !v.Known() {
		return nil, false, v.unknown()
	}
	for i := range fields {
		if f := &fields[i]; f.since > v && f.set(r) {
			return nil, false, fmt.Errorf("record %q: record version %s has no field %q", r.ID, v, f.name)
		}
	}
	e := &encoder{b: make([]byte, 0, encodedSizeHint(r))}
	e.record(r, v)
	if len(e.b) > MaxLineBytes {
		return nil, false, fmt.Errorf("record %q: encoded size %d exceeds the limit of %d bytes", r.ID, len(e.b), MaxLineBytes)
	}
	return e.b, !e.lossy, nil
}

// IsCanonical reports whether line is exactly the canonical encoding, in
// version v, of the record it decodes to.
func (v Version) IsCanonical(line []byte, r *Record) bool {
	c, err := v.Marshal(r)
	return err == nil && bytes.Equal(c, line)
}

// encoder writes the canonical encoding: exactly what encoding/json
// writes for the version's fields with HTML escaping off and nil slices
// as empty arrays, without reflection. Marshal runs once per record in a
// build and again per record in every canonical check, and the
// reflective encoder was half the cost of preparing a record.
// TestMarshalMatchesJSON and FuzzMarshal hold it to encoding/json's
// bytes.
type encoder struct {
	b []byte
	// lossy is set when a string held bytes that are not UTF-8.
	lossy bool
}

func (e *encoder) record(r *Record, v Version) {
	sep := byte('{')
	for i := range fields {
		f := &fields[i]
		if f.since > v {
			continue
		}
		e.b = append(e.b, sep)
		e.b = append(e.b, f.key...)
		f.enc(e, r)
		sep = ','
	}
	e.b = append(e.b, '}')
}

func (e *encoder) int(n int64) { e.b = strconv.AppendInt(e.b, n, 10) }

func (e *encoder) optStr(s *string) {
	if s == nil {
		e.b = append(e.b, "null"...)
		return
	}
	e.str(*s)
}

func (e *encoder) strs(ss []string) {
	e.b = append(e.b, '[')
	for i, s := range ss {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.str(s)
	}
	e.b = append(e.b, ']')
}

func (e *encoder) captions(cs []Caption) {
	e.b = append(e.b, '[')
	for i, c := range cs {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = append(e.b, `{"line":`...)
		e.int(int64(c.Line))
		e.b = append(e.b, `,"text":`...)
		e.str(c.Text)
		e.b = append(e.b, `,"credit":`...)
		e.optStr(c.Credit)
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, ']')
}

func (e *encoder) removed(ms []Removed) {
	e.b = append(e.b, '[')
	for i, m := range ms {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = append(e.b, `{"line":`...)
		e.int(int64(m.Line))
		e.b = append(e.b, `,"text":`...)
		e.str(m.Text)
		e.b = append(e.b, `,"rule":`...)
		e.str(m.Rule)
		if m.Why != "" {
			e.b = append(e.b, `,"why":`...)
			e.str(m.Why)
		}
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, ']')
}

func (e *encoder) source(s *Source) {
	e.b = append(e.b, `{"name":`...)
	e.str(s.Name)
	e.b = append(e.b, `,"bytes":`...)
	e.int(s.Bytes)
	e.b = append(e.b, `,"sha256":`...)
	e.str(s.SHA256)
	e.b = append(e.b, '}')
}

const hexDigits = "0123456789abcdef"

// str appends s as a JSON string the way encoding/json does without
// HTML escaping: `"` and `\` escaped, \b \f \n \r \t by name, other
// control characters as \u00XX, U+2028 and U+2029 as \u2028 and \u2029,
// and each byte that is not UTF-8 as \ufffd.
func (e *encoder) str(s string) {
	b := append(e.b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			e.lossy = true
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	e.b = append(b, '"')
}

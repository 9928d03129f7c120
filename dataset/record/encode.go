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
// author or a language in V1) is refused rather than cut; one whose
// encoding is longer than MaxLineBytes gives an error that wraps
// ErrLineTooLong.
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
	e := &encoder{}
	b := e.record(make([]byte, 0, encodedSizeHint(r)), r, v)
	if len(b) > MaxLineBytes {
		return nil, false, fmt.Errorf("record %q: %w: its encoding has %d bytes, the limit is %d", r.ID, ErrLineTooLong, len(b), MaxLineBytes)
	}
	return b, !e.lossy, nil
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
// bytes. The methods append to b and return it, as append does: the
// buffer stays out of the encoder, which the field table's function
// values make escape, so that appending costs no GC write barrier.
type encoder struct {
	// lossy is set when a string held bytes that are not UTF-8.
	lossy bool
}

func (e *encoder) record(b []byte, r *Record, v Version) []byte {
	sep := byte('{')
	for i := range fields {
		f := &fields[i]
		if f.since > v {
			continue
		}
		b = append(b, sep)
		b = append(b, f.key...)
		b = f.enc(e, b, r)
		sep = ','
	}
	return append(b, '}')
}

func (e *encoder) int(b []byte, n int64) []byte { return strconv.AppendInt(b, n, 10) }

func (e *encoder) optStr(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return e.str(b, *s)
}

func (e *encoder) strs(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.str(b, s)
	}
	return append(b, ']')
}

func (e *encoder) captions(b []byte, cs []Caption) []byte {
	b = append(b, '[')
	for i, c := range cs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"line":`...)
		b = e.int(b, int64(c.Line))
		b = append(b, `,"text":`...)
		b = e.str(b, c.Text)
		b = append(b, `,"credit":`...)
		b = e.optStr(b, c.Credit)
		b = append(b, '}')
	}
	return append(b, ']')
}

func (e *encoder) removed(b []byte, ms []Removed) []byte {
	b = append(b, '[')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"line":`...)
		b = e.int(b, int64(m.Line))
		b = append(b, `,"text":`...)
		b = e.str(b, m.Text)
		b = append(b, `,"rule":`...)
		b = e.str(b, m.Rule)
		if m.Why != "" {
			b = append(b, `,"why":`...)
			b = e.str(b, m.Why)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func (e *encoder) source(b []byte, s *Source) []byte {
	b = append(b, `{"name":`...)
	b = e.str(b, s.Name)
	b = append(b, `,"bytes":`...)
	b = e.int(b, s.Bytes)
	b = append(b, `,"sha256":`...)
	b = e.str(b, s.SHA256)
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// str appends s as a JSON string the way encoding/json does without
// HTML escaping: `"` and `\` escaped, \b \f \n \r \t by name, other
// control characters as \u00XX, U+2028 and U+2029 as \u2028 and \u2029,
// and each byte that is not UTF-8 as \ufffd.
func (e *encoder) str(b []byte, s string) []byte {
	b = append(b, '"')
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
	return append(b, '"')
}

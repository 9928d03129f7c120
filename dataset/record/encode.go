package record

import (
	"strconv"
	"unicode/utf8"
)

// appendRecord appends the canonical encoding of r: exactly what
// encoding/json writes for a Record with HTML escaping off and nil
// slices as empty arrays, without reflection. Marshal runs once per
// record in a build and again per record in every canonical check, and
// the reflective encoder was half the cost of preparing a record.
// TestAppendRecordMatchesJSON and FuzzAppendRecord hold it to
// encoding/json's bytes.
func appendRecord(b []byte, r *Record) []byte {
	b = append(b, `{"id":`...)
	b = appendString(b, r.ID)
	b = append(b, `,"title":`...)
	b = appendOptString(b, r.Title)
	b = append(b, `,"outlet":`...)
	b = appendOptString(b, r.Outlet)
	b = append(b, `,"published":`...)
	b = appendOptString(b, r.Published)
	b = append(b, `,"text":`...)
	b = appendString(b, r.Text)
	b = append(b, `,"captions":[`...)
	for i, c := range r.Captions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"line":`...)
		b = strconv.AppendInt(b, int64(c.Line), 10)
		b = append(b, `,"text":`...)
		b = appendString(b, c.Text)
		b = append(b, `,"credit":`...)
		b = appendOptString(b, c.Credit)
		b = append(b, '}')
	}
	b = append(b, `],"removed":[`...)
	for i, m := range r.Removed {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"line":`...)
		b = strconv.AppendInt(b, int64(m.Line), 10)
		b = append(b, `,"text":`...)
		b = appendString(b, m.Text)
		b = append(b, `,"rule":`...)
		b = appendString(b, m.Rule)
		if m.Why != "" {
			b = append(b, `,"why":`...)
			b = appendString(b, m.Why)
		}
		b = append(b, '}')
	}
	b = append(b, `],"source":{"name":`...)
	b = appendString(b, r.Source.Name)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, r.Source.Bytes, 10)
	b = append(b, `,"sha256":`...)
	b = appendString(b, r.Source.SHA256)
	b = append(b, `},"rules_version":`...)
	b = appendString(b, r.RulesVersion)
	return append(b, '}')
}

func appendOptString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendString(b, *s)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json does
// without HTML escaping: `"` and `\` escaped, \b \f \n \r \t by name,
// other control characters as \u00XX, U+2028 and U+2029 as \u2028 and
// \u2029, and each byte that is not UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte {
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

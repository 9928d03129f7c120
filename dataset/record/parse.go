package record

import (
	"strconv"
	"unicode/utf8"
)

// The fast parser. Strict decoding (Unmarshal: a token pass for
// duplicate keys and surrogates, then encoding/json) costs several times
// what reading a line byte by byte does, and almost every line quire
// reads is one it wrote, in canonical form. ParseCanonical accepts only
// a subset of canonical lines, byte by byte in the field order the
// encoder writes (the fields table), and decodes them. Whatever it
// accepts, Unmarshal decodes to the same record and Marshal re-encodes to
// the same bytes: it admits only the escapes Go's encoder writes (\" \\
// \n \r \t), raw valid UTF-8 that the encoder writes raw, and plain
// integers. Anything else (other escapes, U+2028, DEL, a negative
// number, …) is left to Unmarshal, which then says what is wrong.
// TestParseCanonicalAgrees and FuzzParseCanonical hold it to that.

// ParseCanonical decodes line if it is in the subset of v's canonical
// form described above; ok is false for anything else, valid or not.
func (v Version) ParseCanonical(line []byte) (r *Record, ok bool) {
	if !v.Known() || len(line) > MaxLineBytes || !utf8.Valid(line) {
		return nil, false
	}
	p := &lineParser{b: line}
	r = &Record{}
	sep := "{"
	for i := range fields {
		f := &fields[i]
		if f.since > v {
			continue
		}
		p.lit(sep)
		p.lit(f.key)
		f.parse(p, r)
		sep = ","
	}
	p.lit("}")
	if p.bad || p.i != len(line) {
		return nil, false
	}
	return r, true
}

// lineParser reads one canonical record line; any deviation sets bad.
type lineParser struct {
	b   []byte
	i   int
	bad bool
	buf []byte
}

func (p *lineParser) lit(s string) {
	if p.bad || len(p.b)-p.i < len(s) || string(p.b[p.i:p.i+len(s)]) != s {
		p.bad = true
		return
	}
	p.i += len(s)
}

func (p *lineParser) peek(c byte) bool { return !p.bad && p.i < len(p.b) && p.b[p.i] == c }

// plain marks the bytes a string passes through as they are, in a line
// already known to be valid UTF-8: everything from space up but the
// quote, the backslash, DEL and 0xE2 (the lead byte of U+2028 and
// U+2029, which Go's encoder escapes; other runes it starts are plain).
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\' && c != 0x7f && c != 0xe2
	}
	return t
}()

// str reads a JSON string that Go's encoder could have written.
func (p *lineParser) str() string {
	if !p.peek('"') {
		p.bad = true
		return ""
	}
	p.i++
	b, start, esc := p.b, p.i, false
	buf := p.buf[:0]
	for {
		i := p.i
		for i < len(b) && plain[b[i]] {
			i++
		}
		if esc {
			buf = append(buf, b[p.i:i]...)
		}
		p.i = i
		if i >= len(b) {
			p.bad = true
			return ""
		}
		switch c := b[i]; c {
		case '"':
			p.i++
			if esc {
				p.buf = buf
				return string(buf)
			}
			return string(b[start:i])
		case '\\':
			if !esc {
				buf, esc = append(buf, b[start:i]...), true
			}
			if i+1 >= len(b) {
				p.bad = true
				return ""
			}
			switch b[i+1] {
			case '"':
				buf = append(buf, '"')
			case '\\':
				buf = append(buf, '\\')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			default: // \u, \b, \f, \/: left to the slow path
				p.bad = true
				return ""
			}
			p.i += 2
		case 0xe2:
			if i+2 < len(b) && b[i+1] == 0x80 && (b[i+2] == 0xa8 || b[i+2] == 0xa9) {
				p.bad = true // U+2028, U+2029: Go's encoder escapes them
				return ""
			}
			if esc {
				buf = append(buf, c)
			}
			p.i++
		default: // control characters and DEL: left to the slow path
			p.bad = true
			return ""
		}
	}
}

// optStr reads a string or null.
func (p *lineParser) optStr() *string {
	if p.peek('n') {
		p.lit("null")
		return nil
	}
	s := p.str()
	return &s
}

// strs reads an array of strings. It is never nil, as encoding/json
// decodes [] to an empty slice.
func (p *lineParser) strs() []string {
	p.lit("[")
	ss := []string{}
	for !p.bad && !p.peek(']') {
		if len(ss) > 0 {
			p.lit(",")
		}
		ss = append(ss, p.str())
	}
	p.lit("]")
	return ss
}

// num reads a non-negative integer without leading zeros, at most 18
// digits (so it fits an int64 and an int on 64-bit platforms).
func (p *lineParser) num() int64 {
	if p.bad {
		return 0
	}
	start := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	d := p.b[start:p.i]
	if len(d) == 0 || len(d) > 18 || (d[0] == '0' && len(d) > 1) || strconv.IntSize < 64 {
		p.bad = true
		return 0
	}
	var n int64
	for _, c := range d {
		n = n*10 + int64(c-'0')
	}
	return n
}

func (p *lineParser) captions() []Caption {
	p.lit("[")
	cs := []Caption{}
	for !p.bad && !p.peek(']') {
		if len(cs) > 0 {
			p.lit(",")
		}
		var c Caption
		p.lit(`{"line":`)
		c.Line = int(p.num())
		p.lit(`,"text":`)
		c.Text = p.str()
		p.lit(`,"credit":`)
		c.Credit = p.optStr()
		p.lit("}")
		cs = append(cs, c)
	}
	p.lit("]")
	return cs
}

func (p *lineParser) removed() []Removed {
	p.lit("[")
	ms := []Removed{}
	for !p.bad && !p.peek(']') {
		if len(ms) > 0 {
			p.lit(",")
		}
		var m Removed
		p.lit(`{"line":`)
		m.Line = int(p.num())
		p.lit(`,"text":`)
		m.Text = p.str()
		p.lit(`,"rule":`)
		m.Rule = p.str()
		if p.peek(',') {
			p.lit(`,"why":`)
			m.Why = p.str()
			if m.Why == "" { // canonical form omits an empty why
				p.bad = true
			}
		}
		p.lit("}")
		ms = append(ms, m)
	}
	p.lit("]")
	return ms
}

func (p *lineParser) source(s *Source) {
	p.lit(`{"name":`)
	s.Name = p.str()
	p.lit(`,"bytes":`)
	s.Bytes = p.num()
	p.lit(`,"sha256":`)
	s.SHA256 = p.str()
	p.lit("}")
}

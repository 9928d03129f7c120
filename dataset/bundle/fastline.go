package bundle

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// The fast path for record lines. checkLine's slow path (record.Unmarshal,
// record.IsCanonical, gojsonschema) costs about a quarter of a millisecond
// per 4 KB record, which would make the writer and the checker, not the
// normalizer or zstd, the bottleneck. Almost every line quire reads or
// writes is canonical and valid, so:
//
//   - parseCanonical accepts only a subset of canonical lines, byte by
//     byte in the fixed field order record.Marshal writes, and decodes
//     them. Whatever it accepts, record.Unmarshal decodes to the same
//     record and record.Marshal re-encodes to the same bytes: it admits
//     only the escapes Go's encoder writes (\" \\ \n \r \t), raw valid
//     UTF-8 that the encoder writes raw, and plain integers. Anything
//     else (other escapes, U+2028, DEL, a negative number, …) is left to
//     the slow path, which then says what is wrong.
//   - fastValid checks such a record against the rules of the record
//     schema whose sha256 is fastSchemaSHA256, with the same regular
//     expressions, rune counts and date layout gojsonschema uses. It is
//     used only when the schema is exactly that schema; on any doubt the
//     slow path runs and its verdict and messages are the ones reported.
//
// So the fast path only ever says "valid", and only when the slow path
// would say so too; fastline_test.go checks this differentially on
// generated and fuzzed lines.

// fastSchemaSHA256 is the sha256 of the record schema fastValid encodes.
// TestFastSchemaPinned fails when schema/record.schema.json changes, so
// that fastValid is reviewed with it; until then the fast path is off
// for any other schema.
const fastSchemaSHA256 = "f7f6ac8dfdfdf740f306de5e25dc9ddb8684179be6a8e1263729a3371935c68b"

// The schema's patterns, copied verbatim from record.schema.json. The
// ones checked per record or per removed line are matched by hand
// below (regexps were a fifth of reading a bundle); TestFastMatchers
// compares each with its pattern.
var (
	fastSemverRE = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
)

func isLowerDigitDash(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// fastID matches ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$.
func fastID(s string) bool {
	if len(s) == 0 || len(s) > 128 || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// fastName matches ^[^/\\]+$ (on valid UTF-8).
func fastName(s string) bool { return s != "" && !strings.ContainsAny(s, "/\\") }

// fastSHA matches ^[0-9a-f]{64}$.
func fastSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// fastRule matches ^[a-z][a-z0-9-]*(:[a-z0-9-]+)?$.
func fastRule(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	i := 1
	for i < len(s) && isLowerDigitDash(s[i]) {
		i++
	}
	if i == len(s) {
		return true
	}
	if s[i] != ':' || i+1 == len(s) {
		return false
	}
	for i++; i < len(s); i++ {
		if !isLowerDigitDash(s[i]) {
			return false
		}
	}
	return true
}

// fastLineCheck returns the record if line passes every check the slow
// path runs, by the fast path; nil means "ask the slow path".
func fastLineCheck(line []byte, sch *schema.Schema) *record.Record {
	if sch == nil || sch.SHA256() != fastSchemaSHA256 {
		return nil
	}
	r, ok := parseCanonical(line)
	if !ok || !fastValid(r) {
		return nil
	}
	return r
}

// runes reports whether s has between min and max runes (s is valid
// UTF-8 here, as gojsonschema counts it).
func runes(s string, min, max int) bool {
	if len(s) < min {
		return false
	}
	if len(s) <= max {
		return min <= 1 || utf8.RuneCountInString(s) >= min
	}
	n := utf8.RuneCountInString(s)
	return n >= min && n <= max
}

func optRunes(s *string, min, max int) bool { return s == nil || runes(*s, min, max) }

// fastValid checks a record decoded by parseCanonical against the
// record schema (fastSchemaSHA256). Every property is present and of
// the right type by construction of parseCanonical.
func fastValid(r *record.Record) bool {
	if !fastID(r.ID) || !optRunes(r.Title, 1, 1000) || !optRunes(r.Outlet, 1, 200) ||
		!runes(r.Text, 1, 8388608) || len(r.Captions) > 10000 || len(r.Removed) > 1000000 {
		return false
	}
	if r.Published != nil {
		if _, err := time.Parse("2006-01-02", *r.Published); err != nil {
			return false
		}
	}
	for _, c := range r.Captions {
		if c.Line < 1 || !runes(c.Text, 0, 100000) || !optRunes(c.Credit, 1, 1000) {
			return false
		}
	}
	for _, m := range r.Removed {
		// Why is absent when empty (canonical form), else 1-500 runes.
		if m.Line < 1 || !runes(m.Text, 1, 1000000) || !runes(m.Rule, 0, 64) || !fastRule(m.Rule) ||
			(m.Why != "" && !runes(m.Why, 1, 500)) {
			return false
		}
	}
	s := r.Source
	return runes(s.Name, 1, 255) && fastName(s.Name) && s.Bytes >= 1 && fastSHA(s.SHA256) &&
		runes(r.RulesVersion, 0, 64) && fastSemverRE.MatchString(r.RulesVersion)
}

// validUTF8 reports whether every string of r is valid UTF-8, which is
// what makes record.Marshal(r) canonical.
func validUTF8(r *record.Record) bool {
	ok := func(s *string) bool { return s == nil || utf8.ValidString(*s) }
	if !utf8.ValidString(r.ID) || !ok(r.Title) || !ok(r.Outlet) || !ok(r.Published) || !utf8.ValidString(r.Text) ||
		!utf8.ValidString(r.Source.Name) || !utf8.ValidString(r.Source.SHA256) || !utf8.ValidString(r.RulesVersion) {
		return false
	}
	for _, c := range r.Captions {
		if !utf8.ValidString(c.Text) || !ok(c.Credit) {
			return false
		}
	}
	for _, m := range r.Removed {
		if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Rule) || !utf8.ValidString(m.Why) {
			return false
		}
	}
	return true
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

// parseCanonical decodes line if it is in the subset of canonical form
// described above; ok is false for anything else, valid or not.
func parseCanonical(line []byte) (r *record.Record, ok bool) {
	if len(line) > record.MaxLineBytes || !utf8.Valid(line) {
		return nil, false
	}
	p := &lineParser{b: line}
	r = &record.Record{}
	p.lit(`{"id":`)
	r.ID = p.str()
	p.lit(`,"title":`)
	r.Title = p.optStr()
	p.lit(`,"outlet":`)
	r.Outlet = p.optStr()
	p.lit(`,"published":`)
	r.Published = p.optStr()
	p.lit(`,"text":`)
	r.Text = p.str()
	p.lit(`,"captions":[`)
	r.Captions = []record.Caption{}
	for !p.bad && !p.peek(']') {
		if len(r.Captions) > 0 {
			p.lit(",")
		}
		var c record.Caption
		p.lit(`{"line":`)
		c.Line = int(p.num())
		p.lit(`,"text":`)
		c.Text = p.str()
		p.lit(`,"credit":`)
		c.Credit = p.optStr()
		p.lit("}")
		r.Captions = append(r.Captions, c)
	}
	p.lit(`],"removed":[`)
	r.Removed = []record.Removed{}
	for !p.bad && !p.peek(']') {
		if len(r.Removed) > 0 {
			p.lit(",")
		}
		var m record.Removed
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
		r.Removed = append(r.Removed, m)
	}
	p.lit(`],"source":{"name":`)
	r.Source.Name = p.str()
	p.lit(`,"bytes":`)
	r.Source.Bytes = p.num()
	p.lit(`,"sha256":`)
	r.Source.SHA256 = p.str()
	p.lit(`},"rules_version":`)
	r.RulesVersion = p.str()
	p.lit("}")
	if p.bad || p.i != len(line) {
		return nil, false
	}
	return r, true
}

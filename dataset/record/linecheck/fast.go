package linecheck

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// The fast path for record lines. The slow path (strict decoding, the
// canonical check, gojsonschema) costs about a quarter of a millisecond
// per 4 KB record, which would make the bundle writer and checker, not
// the normalizer or zstd, the bottleneck. Almost every line
// quire reads or writes is canonical and valid, so:
//
//   - record.Version.ParseCanonical accepts only a subset of canonical
//     lines of its version, byte by byte, and decodes them (see
//     dataset/record/parse.go);
//   - fastValid checks such a record against the rules of the record
//     schema of its version, pinned by sha256 in fastSchemaSHA256, with
//     the same regular expressions, rune counts and date layout
//     gojsonschema uses. It is used only when the schema is exactly that
//     schema; on any doubt the slow path runs and its verdict and
//     messages are the ones reported.
//
// So the fast path only ever says "valid", and only when the slow path
// would say so too; fast_test.go checks this differentially on
// generated and fuzzed lines of every version.

// fastSchemaSHA256 is, by record version, the sha256 of the record
// schema fastValid encodes. TestFastSchemaPinned fails when a schema
// file changes, so that fastValid is reviewed with it; until then the
// fast path is off for any other schema.
var fastSchemaSHA256 = [...]string{
	record.V1: "f7f6ac8dfdfdf740f306de5e25dc9ddb8684179be6a8e1263729a3371935c68b",
	record.V2: "4531ba5111ec00872e7a6ec605956baf784e12faa1bbcc5cecc15ac8a2af1b7a",
}

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

// fastAuthor matches ^[^\x00-\x20\x7f]([^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?$
// on valid UTF-8, where no byte of a multi-byte rune is below 0x80.
func fastAuthor(s string) bool {
	if s == "" || s[0] <= ' ' || s[0] == 0x7f || s[len(s)-1] <= ' ' || s[len(s)-1] == 0x7f {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// fastLanguage matches ^[a-z]{2}$.
func fastLanguage(s string) bool {
	return len(s) == 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z'
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

// fastVersion returns the record version whose schema sch is and whose
// rules fastValid encodes, or 0 if the fast path does not apply.
func fastVersion(sch *schema.Schema) record.Version {
	if sch == nil {
		return 0
	}
	v := record.Version(sch.RecordVersion())
	if !v.Known() || int(v) >= len(fastSchemaSHA256) || sch.SHA256() != fastSchemaSHA256[v] {
		return 0
	}
	return v
}

// fastLine returns the record if line passes every check of the slow
// path, by the fast path; nil means "ask the slow path".
func (vc versioned) fastLine(line []byte) *record.Record {
	if vc.fast == 0 {
		return nil
	}
	r, ok := vc.fast.ParseCanonical(line)
	if !ok || !fastValid(r, vc.fast) {
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

// fastValid checks a record of version v against the record schema of
// that version (fastSchemaSHA256). For a record decoded by
// ParseCanonical, every property of the version is present and of the
// right type by construction; Prepare calls it on records it encoded
// itself, exactly (Checker.Record).
func fastValid(r *record.Record, v record.Version) bool {
	if !fastID(r.ID) || !optRunes(r.Title, 1, 1000) || !optRunes(r.Outlet, 1, 200) ||
		!runes(r.Text, 1, 8388608) || len(r.Captions) > 10000 || len(r.Removed) > 1000000 {
		return false
	}
	if v >= record.V2 {
		if len(r.Authors) > 50 || r.Language != nil && !fastLanguage(*r.Language) {
			return false
		}
		for _, a := range r.Authors {
			if !runes(a, 1, 200) || !fastAuthor(a) {
				return false
			}
		}
	} else if len(r.Authors) > 0 || r.Language != nil {
		return false // a v1 record has neither
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

package record

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// parseAgrees checks the fast parser's promise on one line, for every
// version: what ParseCanonical accepts, Unmarshal decodes to the same
// record and Marshal re-encodes to the same bytes; and Decode returns
// exactly what Unmarshal returns, record and error. It returns the
// version whose fast parser accepted the line (0 if none).
func parseAgrees(t *testing.T, line []byte) Version {
	t.Helper()
	var fast Version
	for v := V1; v <= Latest; v++ {
		want, wantErr := v.Unmarshal(line)
		if r, ok := v.ParseCanonical(line); ok {
			if fast != 0 {
				t.Fatalf("both %s and %s parse %q", fast, v, line)
			}
			fast = v
			if wantErr != nil || !reflect.DeepEqual(r, want) {
				t.Fatalf("%s.ParseCanonical decodes\n%#v\nUnmarshal\n%#v (%v)\nfrom %q", v, r, want, wantErr, line)
			}
			if c, err := v.Marshal(r); err != nil || !bytes.Equal(c, line) {
				t.Fatalf("%s.ParseCanonical accepts a line that is not canonical:\n%q\nre-encodes as\n%q (%v)", v, line, c, err)
			}
		}
		got, gotErr := v.Decode(line)
		if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() || !reflect.DeepEqual(got, want) {
			t.Fatalf("%s.Decode = %v, %v; Unmarshal = %v, %v; for %q", v, got, gotErr, want, wantErr, line)
		}
	}
	// Decode of any version is Unmarshal of the version Sniff names.
	r, v, err := Decode(line)
	sv, serr := Sniff(line)
	switch {
	case serr != nil:
		if err == nil {
			t.Fatalf("Decode accepts %q, Sniff says %v", line, serr)
		}
	case fast != 0 && sv != fast:
		t.Fatalf("%s parses %q, Sniff says %s", fast, line, sv)
	default:
		want, wantErr := sv.Unmarshal(line)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() || !reflect.DeepEqual(r, want) || err == nil && v != sv {
			t.Fatalf("Decode = %v, %s, %v; %s.Unmarshal = %v, %v; for %q", r, v, err, sv, want, wantErr, line)
		}
	}
	return fast
}

// tricky are strings near every edge of the encoder and the parser.
var tricky = []string{
	"", "a", "A-1", "x/y", `x\y`, "é", "\u2028", "\u2029", "\x7f", "\x00", "\x1f", "\b", "\f", "\n", "\r", "\t",
	`"`, `\`, "<&>", "\ufffd", "\xff", "😀", "a b", "2024-02-29", "1.2.3-rc.1+b", "\u2026", "\u20ac",
	strings.Repeat("é", 201), strings.Repeat("x", 300),
}

func trickyString(rng *rand.Rand) string {
	var b strings.Builder
	for n := rng.IntN(5); n > 0; n-- {
		b.WriteString(tricky[rng.IntN(len(tricky))])
	}
	return b.String()
}

// plainRecord is a record whose strings are mostly what the fast parser
// takes, now and then one it leaves to Unmarshal.
func plainRecord(rng *rand.Rand) *Record {
	s := func() string {
		if rng.IntN(8) == 0 {
			return trickyString(rng)
		}
		return []string{"Jane Doe", "A headline — “quoted”", "Body.\n\nMore body.", "x", "日本語のテキスト"}[rng.IntN(5)]
	}
	opt := func() *string {
		if rng.IntN(3) == 0 {
			return nil
		}
		v := s()
		return &v
	}
	r := &Record{ID: s(), Title: opt(), Outlet: opt(), Published: opt(), Text: s(),
		Source: Source{Name: s(), Bytes: rng.Int64N(1 << 40), SHA256: s()}, RulesVersion: s()}
	if rng.IntN(2) == 0 { // a record version 2 can hold, V1 not
		r.Language = opt()
		for range rng.IntN(3) {
			r.Authors = append(r.Authors, s())
		}
	}
	for range rng.IntN(3) {
		r.Captions = append(r.Captions, Caption{Line: rng.IntN(100), Text: s(), Credit: opt()})
	}
	for range rng.IntN(4) {
		m := Removed{Line: rng.IntN(1000), Text: s(), Rule: "rule"}
		if rng.IntN(2) == 0 {
			m.Why = s()
		}
		r.Removed = append(r.Removed, m)
	}
	return r
}

// mutate changes, drops or doubles one byte of line.
func mutate(rng *rand.Rand, line []byte) []byte {
	m := bytes.Clone(line)
	j := rng.IntN(len(m))
	switch rng.IntN(3) {
	case 0:
		const alphabet = "\"\\{}[],:09aZ\x00\xff un"
		m[j] = alphabet[rng.IntN(len(alphabet))]
	case 1:
		m = append(m[:j], m[j+1:]...)
	case 2:
		m = append(m[:j+1], m[j:]...)
	}
	return m
}

func TestParseCanonicalAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	counts := map[Version]int{}
	for range 8000 {
		r := plainRecord(rng)
		v := Latest
		if rng.IntN(2) == 0 {
			v = V1
		}
		line, err := v.Marshal(r)
		if err != nil {
			continue // V1 cannot hold the record
		}
		counts[parseAgrees(t, line)]++
		parseAgrees(t, mutate(rng, line))
	}
	// Each fast parser must decide many lines, or it is not a fast
	// path; and some must be left to Unmarshal, or this proves little.
	if counts[V1] < 1000 || counts[V2] < 1000 || counts[0] < 1000 {
		t.Fatalf("fast parsers decided %d v1 and %d v2 lines, and left %d; want at least 1000 of each", counts[V1], counts[V2], counts[0])
	}
}

func FuzzParseCanonical(f *testing.F) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 8 {
		r := plainRecord(rng)
		r.Authors, r.Language = nil, nil
		for _, v := range []Version{V1, V2} {
			line, _ := v.Marshal(r)
			f.Add(line)
		}
	}
	good, _ := Marshal(sample())
	f.Add(good)
	f.Fuzz(func(t *testing.T, line []byte) { parseAgrees(t, line) })
}

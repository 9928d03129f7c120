package record

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// jsonMarshal is the definition of the canonical encoding: what
// encoding/json writes, HTML escaping off, nil slices as [].
func jsonMarshal(t testing.TB, r *Record) []byte {
	c := *r
	if c.Captions == nil {
		c.Captions = []Caption{}
	}
	if c.Removed == nil {
		c.Removed = []Removed{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&c); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// nasty are strings that exercise every escaping rule.
var nasty = []string{
	"", "plain", `quote " and \ backslash`, "\b\f\n\r\t", "\x00\x01\x1f\x7f", "<a href='x'>&amp;</a>",
	"\u2028 and \u2029", "é ü ß 日本 🙂", "bad \xff byte", "trunc \xe2\x80", "\xed\xa0\x80 surrogate", "\ufffd",
}

func randString(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(6) {
		b.WriteString(nasty[rng.IntN(len(nasty))])
		if rng.IntN(3) == 0 {
			b.WriteByte(byte(rng.IntN(256)))
		}
	}
	return b.String()
}

func randRecord(rng *rand.Rand) *Record {
	opt := func() *string {
		if rng.IntN(3) == 0 {
			return nil
		}
		s := randString(rng)
		return &s
	}
	r := &Record{ID: randString(rng), Title: opt(), Outlet: opt(), Published: opt(), Text: randString(rng),
		Source: Source{Name: randString(rng), Bytes: rng.Int64N(1 << 40), SHA256: randString(rng)}, RulesVersion: randString(rng)}
	if rng.IntN(4) > 0 {
		r.Captions = []Caption{}
		for range rng.IntN(3) {
			r.Captions = append(r.Captions, Caption{Line: rng.IntN(1000) - 5, Text: randString(rng), Credit: opt()})
		}
	}
	if rng.IntN(4) > 0 {
		for range rng.IntN(4) {
			m := Removed{Line: rng.IntN(100000), Text: randString(rng), Rule: randString(rng)}
			if rng.IntN(2) == 0 {
				m.Why = randString(rng)
			}
			r.Removed = append(r.Removed, m)
		}
	}
	return r
}

func TestAppendRecordMatchesJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	recs := []*Record{{}}
	for range 5000 {
		recs = append(recs, randRecord(rng))
	}
	for _, r := range recs {
		got, err := Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if want := jsonMarshal(t, r); !bytes.Equal(got, want) {
			t.Fatalf("Marshal differs from encoding/json\n got %q\nwant %q", got, want)
		}
	}
}

func FuzzAppendRecord(f *testing.F) {
	for _, s := range nasty {
		f.Add(s, s, int64(len(s)), 3)
	}
	f.Fuzz(func(t *testing.T, text, title string, n int64, line int) {
		why := text
		if line%2 == 0 {
			why = ""
		}
		r := &Record{ID: title, Title: &title, Text: text, Source: Source{Name: text, Bytes: n},
			Captions: []Caption{{Line: line, Text: title, Credit: &text}},
			Removed:  []Removed{{Line: line, Text: text, Rule: title, Why: why}}}
		if got, want := appendRecord(nil, r), jsonMarshal(t, r); !bytes.Equal(got, want) {
			t.Fatalf("appendRecord differs from encoding/json\n got %q\nwant %q", got, want)
		}
	})
}

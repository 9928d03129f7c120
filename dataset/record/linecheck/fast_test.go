package linecheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/rand"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/recordtest"
	"github.com/quire-archive/quire/schema"
)

func TestFastSchemaPinned(t *testing.T) {
	if len(fastSchemaSHA256) != schema.LatestRecordVersion+1 {
		t.Fatalf("fast.go pins %d record schemas, quire knows %d: write fastValid's rules for the new version", len(fastSchemaSHA256)-1, schema.LatestRecordVersion)
	}
	for v := 1; v <= schema.LatestRecordVersion; v++ {
		s := sha256.Sum256(schema.RecordBytesOf(v))
		if got := hex.EncodeToString(s[:]); got != fastSchemaSHA256[v] {
			t.Errorf("record schema v%d sha256 is %s, fast.go was written for %s: review fastValid against the new schema, then update fastSchemaSHA256", v, got, fastSchemaSHA256[v])
		}
	}
}

// schemas returns quire's record schemas, by version.
func schemas(t testing.TB) map[record.Version]*schema.Schema {
	t.Helper()
	m := map[record.Version]*schema.Schema{}
	for v := record.V1; v <= record.Latest; v++ {
		s, err := schema.RecordOf(int(v))
		if err != nil {
			t.Fatal(err)
		}
		m[v] = s
	}
	return m
}

// agree checks the fast path's one promise on one line: if it accepts
// the line, the slow path accepts it too and decodes the same record.
// It returns whether the fast path accepted.
func agree(t *testing.T, sch *schema.Schema, line []byte) bool {
	t.Helper()
	vc := New(sch).one
	fast := vc.fastLine(line)
	if fast == nil {
		return false
	}
	slow, ps := vc.slow(line, nil)
	if len(ps) > 0 {
		t.Fatalf("fast path accepts a line the slow path rejects (%v):\n%q", ps, line)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("fast path decodes\n%#v\nslow path\n%#v\nfrom %q", fast, slow, line)
	}
	return true
}

func testRecords(n int) []*record.Record { return recordtest.Simple(n) }

func articleRecords(n, size int) []*record.Record { return recordtest.Articles(n, size) }

func str(s string) *string { return &s }

// tricky are strings near every edge of the encoder and the schema.
var tricky = []string{
	"", "a", "A-1", "-x", "x/y", `x\y`, "é", "\u2028", " a", "a ", "a b", "en", "EN", "eng", "e", "\u00a0", "\u2029", "\x7f", "\x00", "\x1f", "\b", "\f",
	"\n", "\r", "\t", `"`, `\`, "<&>", "\ufffd", "\xff", "\xed\xa0\x80", "😀", "a b", "2024-02-29", "2023-02-29",
	"2024-1-02", "1.2.0", "01.2.0", "1.2.3-rc.1+b", "ads:banner", "Ads", "ads:", "a:b:c",
	strings.Repeat("a", 64), strings.Repeat("a", 65), strings.Repeat("é", 200), strings.Repeat("é", 201),
	strings.Repeat("x", 128), strings.Repeat("x", 129), strings.Repeat("ü", 500), strings.Repeat("ü", 501),
	strings.Repeat("t", 1000), strings.Repeat("t", 1001), strings.Repeat("0f", 32), strings.Repeat("0F", 32),
}

func randString(rng *rand.Rand) string {
	if rng.Intn(3) == 0 {
		return tricky[rng.Intn(len(tricky))]
	}
	var b strings.Builder
	for n := rng.Intn(12); n > 0; n-- {
		b.WriteString(tricky[rng.Intn(len(tricky))])
	}
	return b.String()
}

func randOpt(rng *rand.Rand) *string {
	if rng.Intn(4) == 0 {
		return nil
	}
	s := randString(rng)
	return &s
}

// randRecord is a record that is valid most of the time and wrong in
// one random field otherwise.
func randRecord(rng *rand.Rand, base *record.Record) *record.Record {
	r := *base
	r.Captions = append([]record.Caption(nil), base.Captions...)
	r.Removed = append([]record.Removed(nil), base.Removed...)
	r.Authors = append([]string(nil), base.Authors...)
	for k := rng.Intn(4); k > 0; k-- {
		switch rng.Intn(17) {
		case 0:
			r.ID = randString(rng)
		case 1:
			r.Title = randOpt(rng)
		case 2:
			r.Outlet = randOpt(rng)
		case 3:
			r.Published = randOpt(rng)
		case 4:
			r.Text = randString(rng)
		case 5:
			r.Captions = append(r.Captions, record.Caption{Line: rng.Intn(5) - 1, Text: randString(rng), Credit: randOpt(rng)})
		case 6:
			r.Removed = append(r.Removed, record.Removed{Line: rng.Intn(5) - 1, Text: randString(rng), Rule: randString(rng), Why: randString(rng)})
		case 7:
			r.Source.Name = randString(rng)
		case 8:
			r.Source.Bytes = int64(rng.Intn(5) - 1)
		case 9:
			r.Source.SHA256 = randString(rng)
		case 10:
			r.RulesVersion = randString(rng)
		case 11:
			r.Captions = nil
		case 12:
			r.Removed = nil
		case 13:
			r.Source.Bytes = 1 << 62
		case 14:
			r.Authors = append(r.Authors, randString(rng))
		case 15:
			r.Language = randOpt(rng)
		case 16:
			r.Authors = make([]string, 48+rng.Intn(4))
			for i := range r.Authors {
				r.Authors[i] = "A. Writer"
			}
		}
	}
	return &r
}

// bases are valid records to mutate: without and with the fields of v2.
func bases() []*record.Record {
	bs := append(articleRecords(3, 300), testRecords(3)...)
	for _, r := range append(articleRecords(2, 400), testRecords(2)...) {
		r.Authors, r.Language = []string{"Jane Doe", "Jean-Luc d’Ormesson"}, str("fr")
		bs = append(bs, r)
	}
	return bs
}

func TestFastPathAgrees(t *testing.T) {
	schs := schemas(t)
	rng := rand.New(rand.NewSource(1))
	bs := bases()
	accepted, rejected := map[record.Version]int{}, 0
	for i := 0; i < 20000; i++ {
		v := record.Version(1 + i%int(record.Latest))
		r := randRecord(rng, bs[i%len(bs)])
		if v == record.V1 {
			r.Authors, r.Language = nil, nil
		}
		line, err := v.Marshal(r)
		if err != nil {
			continue
		}
		for _, sch := range schs {
			if agree(t, sch, line) {
				accepted[v]++
			} else if sch.RecordVersion() == int(v) {
				rejected++
			}
		}
		// A mutated line: a byte changed, dropped or doubled.
		m := []byte(string(line))
		j := rng.Intn(len(m))
		switch rng.Intn(3) {
		case 0:
			const alphabet = "\"\\{}[],:09aZ\x00\xff un"
			m[j] = alphabet[rng.Intn(len(alphabet))]
		case 1:
			m = append(m[:j], m[j+1:]...)
		case 2:
			m = append(m[:j+1], m[j:]...)
		}
		for _, sch := range schs {
			agree(t, sch, m)
		}
	}
	// The fast path must decide most valid lines of every version, or
	// it is not a fast path; and the generator must produce invalid
	// ones, or this test proves nothing.
	if accepted[record.V1] < 2000 || accepted[record.V2] < 2000 || rejected < 2000 {
		t.Fatalf("fast path accepted %d v1 and %d v2 lines and left %d to the slow path; want at least 2000 of each", accepted[record.V1], accepted[record.V2], rejected)
	}
	for _, r := range bs {
		line, _ := record.Marshal(r)
		if !agree(t, schs[record.Latest], line) {
			t.Errorf("fast path does not accept the valid record %q", r.ID)
		}
		if len(r.Authors) == 0 && r.Language == nil {
			line, _ := record.V1.Marshal(r)
			if !agree(t, schs[record.V1], line) {
				t.Errorf("fast path does not accept the valid v1 record %q", r.ID)
			}
		}
	}
}

func TestFastPathOnlyForItsSchema(t *testing.T) {
	raw := strings.Replace(string(schema.RecordBytes()), `"maxLength": 1000`, `"maxLength": 10`, 1)
	if raw == string(schema.RecordBytes()) {
		t.Fatal("could not make a stricter schema")
	}
	other, err := schema.Compile([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	line, _ := record.Marshal(articleRecords(1, 300)[0])
	if New(other).one.fastLine(line) != nil {
		t.Fatal("fast path used for a schema it was not written for")
	}
	if _, ps := New(other).Line(line); len(ps) == 0 {
		t.Fatal("a title longer than the other schema's maxLength 10 was accepted")
	}
	if _, ps := New(other).Record(articleRecords(1, 300)[0]); len(ps) == 0 {
		t.Fatal("Record: a title longer than the other schema's maxLength 10 was accepted")
	}
}

func FuzzFastPath(f *testing.F) {
	for _, r := range append(articleRecords(2, 200), testRecords(2)...) {
		line, _ := record.Marshal(r)
		f.Add(line)
		line, _ = record.V1.Marshal(r)
		f.Add(line)
	}
	for _, r := range bases()[len(bases())-2:] {
		line, _ := record.Marshal(r)
		f.Add(line)
	}
	f.Add([]byte(`{"id":"a","title":null,"outlet":null,"published":null,"text":"x\"\\\n","captions":[],"removed":[],"source":{"name":"a.txt","bytes":1,"sha256":"` + strings.Repeat("0", 64) + `"},"rules_version":"1.0.0"}`))
	f.Add([]byte(`{"id":"a","title":null,"authors":[" x"],"outlet":null,"published":null,"language":"EN","text":"x","captions":[],"removed":[],"source":{"name":"a.txt","bytes":1,"sha256":"` + strings.Repeat("0", 64) + `"},"rules_version":"1.0.0"}`))
	schs := schemas(f)
	f.Fuzz(func(t *testing.T, line []byte) {
		for _, sch := range schs {
			agree(t, sch, line)
		}
	})
}

func TestFastMatchers(t *testing.T) {
	// The patterns, verbatim from record.schema.json.
	for _, m := range []struct {
		pattern  string
		match    func(string) bool
		alphabet string
	}{
		{`^[a-z][a-z0-9-]*(:[a-z0-9-]+)?$`, fastRule, "az09-:A_\n."},
		{`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`, fastID, "aZ09._-:/\n"},
		{`^[^/\\]+$`, fastName, "a/\\\n.é"},
		{`^[0-9a-f]{64}$`, fastSHA, "09afAF-"},
		{`^[^\x00-\x20\x7f]([^\x00-\x1f\x7f]*[^\x00-\x20\x7f])?$`, fastAuthor, "a \t\n\x00\x1f\x7fé\u00a0\u2028"},
		{`^[a-z]{2}$`, fastLanguage, "azAZ-é"},
	} {
		re := regexp.MustCompile(m.pattern)
		rng := rand.New(rand.NewSource(3))
		cases := append([]string{"a", "a:", ":a", "a:b", "a:b:c", "a-:-", "ads:banner", "a\n", "é", "a:é", strings.Repeat("0f", 32)}, tricky...)
		for i := 0; i < 20000; i++ {
			b := []rune(m.alphabet)
			var sb strings.Builder
			n := rng.Intn(8)
			if rng.Intn(4) == 0 {
				n = 60 + rng.Intn(80)
			}
			for range n {
				sb.WriteRune(b[rng.Intn(len(b))])
			}
			cases = append(cases, sb.String())
		}
		for _, s := range cases {
			if got, want := m.match(s), re.MatchString(s); got != want {
				t.Errorf("%s: matcher says %t for %q, the pattern %t", m.pattern, got, s, want)
			}
		}
	}
}

// TestRecordAgreesWithLine: Record's check of the record's fields
// accepts exactly the records whose encoding Line's slow path (the
// definition) accepts, including records with invalid UTF-8, whose
// encoding is not canonical, and records their version cannot hold.
func TestRecordAgreesWithLine(t *testing.T) {
	schs := schemas(t)
	rng := rand.New(rand.NewSource(2))
	bs := bases()
	accepted, rejected := 0, 0
	for i := 0; i < 10000; i++ {
		r := randRecord(rng, bs[i%len(bs)])
		if i%7 == 0 {
			r.Text += "\xff" // not UTF-8: encodes as \ufffd, not canonical
		}
		v := record.Version(1 + i%int(record.Latest))
		c := New(schs[v])
		line, err := v.Marshal(r)
		got, ps := c.Record(r)
		if err != nil {
			// A record the version cannot hold (or too large).
			if len(ps) == 0 {
				t.Fatalf("record %q: Record accepts a record %s cannot encode (%v)", r.ID, v, err)
			}
			rejected++
			continue
		}
		_, want := c.one.slow(line, nil)
		if (len(ps) == 0) != (len(want) == 0) || len(ps) > 0 && !reflect.DeepEqual(ps, want) {
			t.Fatalf("record %q, %s: Record says %v, the definition says %v", r.ID, v, ps, want)
		}
		if len(ps) > 0 {
			rejected++
			continue
		}
		accepted++
		if !bytes.Equal(got, line) {
			t.Fatalf("record %q: Record encoded %q as %q", r.ID, line, got)
		}
	}
	if accepted < 1000 || rejected < 1000 {
		t.Fatalf("accepted %d, rejected %d; want at least 1000 of each", accepted, rejected)
	}
}

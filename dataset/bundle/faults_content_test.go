package bundle

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
)

// Fault classes inside the members: flipped content bytes, records that
// break a rule, a manifest that lies, other format versions.

// contentFlips: single-byte flips in every BagIt file, the schema, the
// dataset manifest, the notes and the records, with the tar and trailer
// recomputed (so the BagIt layer must catch them), and in the records
// once more with the BagIt manifests recomputed too (so the dataset
// manifest's per-record hashes must catch them).
func (g *faultGen) contentFlips() {
	for i, m := range g.ms {
		class := "bagit-file-flip"
		if isShard(m.name) {
			class = "record-flip"
		}
		n := 10
		if class == "record-flip" {
			n = 40
		}
		for _, off := range spread(0, len(m.body), n) {
			c := cloneMembers(g.ms)
			c[i].body[off] ^= 0x01
			g.add(class, fmt.Sprintf("%s byte %d", m.name, off), pack(g.t, g.top, c, false))
			if class == "record-flip" {
				c := cloneMembers(g.ms)
				c[i].body[off] ^= 0x01
				g.add("record-flip-bag-fixed", fmt.Sprintf("%s byte %d", m.name, off), pack(g.t, g.top, c, true))
			}
		}
	}
}

// records: record lines that break a rule, with every checksum (dataset
// manifest, BagIt, tar, trailer) recomputed to match.
func (g *faultGen) records() {
	_, lines := shardLines(g.ms)
	l0 := string(lines[0])
	sealed := func(class, name, line string, only bool, want ...report.Code) {
		c := g.add(class, name, reseal(g.t, g.top, withLine(g.ms, 0, []byte(line))), want...)
		c.only = only
	}
	long := strings.Repeat("x", MaxLineBytes+1)
	// The checker does not hash a line it cannot hold, so the records
	// list disagrees too (Q404).
	sealed("line-too-long", "MaxLineBytes+1 bytes of x", long, false, report.RecordTooLong)
	sealed("line-too-long", "a record with a text of MaxLineBytes", strings.Replace(l0, `"text":"`, `"text":"`+long[:MaxLineBytes], 1), false, report.RecordTooLong)
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	for _, d := range []struct {
		name, line string
	}{
		{"arrays 10,000 deep in an unknown field", strings.Replace(l0, `{"id"`, `{"x":`+deep("[", "]", 10000)+`,"id"`, 1)},
		{"objects 10,000 deep in source", strings.Replace(l0, `"source":{`, `"source":{"x":`+deep(`{"a":`, "}", 10000)+`,`, 1)},
		{"arrays 10,000 deep as the whole line", deep("[", "]", 10000)},
		{"captions MaxDepth+1 deep", strings.Replace(l0, `"captions":[`, `"captions":[`+deep("[", "]", record.MaxDepth)+`,`, 1)},
	} {
		sealed("json-too-deep", d.name, d.line, true, report.RecordTooDeep)
	}
	for _, d := range []struct{ name, line string }{
		{"id twice", strings.Replace(l0, `{"id":"doc-000000"`, `{"id":"doc-000000","id":"doc-000000"`, 1)},
		{"text twice, different values", strings.Replace(l0, `"text":"`, `"text":"x","text":"`, 1)},
		{"source.name twice", strings.Replace(l0, `"source":{`, `"source":{"name":"a.txt",`, 1)},
		{"key spelled with an escape", strings.Replace(l0, `"text":"`, `"t\u0065xt":"x","text":"`, 1)},
		{"captions[0].line twice", strings.Replace(l0, `{"line":3,`, `{"line":3,"line":4,`, 1)},
	} {
		sealed("duplicate-key", d.name, d.line, true, report.DuplicateKey)
	}
	for _, d := range []struct{ name, bad string }{
		{"0xff", "\xff"}, {"truncated sequence", "\xc3"}, {"overlong /", "\xc0\xaf"}, {"UTF-8 surrogate", "\xed\xa0\x80"},
		{"above U+10FFFF", "\xf4\x90\x80\x80"}, {"lone surrogate escape", `\ud800`}, {"reversed surrogate escapes", `\udc00\ud800`},
	} {
		sealed("invalid-utf8", d.name, strings.Replace(l0, "Paragraph", "Para"+d.bad+"graph", 1), true, report.RecordUTF8)
	}
	rec := func(mod func(r *record.Record)) string {
		r := testRecords(1)[0]
		mod(r)
		b, err := record.Marshal(r)
		if err != nil {
			g.t.Fatal(err)
		}
		return string(b)
	}
	for _, d := range []struct {
		name string
		mod  func(r *record.Record)
	}{
		{"published yesterday", func(r *record.Record) { r.Published = str("yesterday") }},
		{"published 2024-13-01", func(r *record.Record) { r.Published = str("2024-13-01") }},
		{"empty text", func(r *record.Record) { r.Text = "" }},
		{"empty title", func(r *record.Record) { r.Title = str("") }},
		{"source bytes 0", func(r *record.Record) { r.Source.Bytes = 0 }},
		{"source sha256 not hex", func(r *record.Record) { r.Source.SHA256 = strings.Repeat("x", 64) }},
		{"source name with a slash", func(r *record.Record) { r.Source.Name = "a/b.txt" }},
		{"rules_version not semver", func(r *record.Record) { r.RulesVersion = "1.2" }},
		{"caption line 0", func(r *record.Record) { r.Captions[0].Line = 0 }},
		{"id with a space", func(r *record.Record) { r.ID = "doc 000000" }},
	} {
		sealed("schema-violation", d.name, rec(d.mod), false, report.SchemaViolation)
	}
	sealed("schema-violation", "unknown field", strings.Replace(l0, `{"id"`, `{"extra":1,"id"`, 1), false, report.RecordJSON, report.SchemaViolation)
	sealed("schema-violation", "title a number", strings.Replace(l0, `"title":"Title 0"`, `"title":0`, 1), false, report.RecordJSON, report.SchemaViolation)
	for _, d := range []struct{ name, line string }{
		{"space after a colon", strings.Replace(l0, `"id":`, `"id": `, 1)},
		{"keys reordered", strings.Replace(l0, `"title":"Title 0","authors":[]`, `"authors":[],"title":"Title 0"`, 1)},
		{"escaped non-ASCII", strings.Replace(l0, "ü", `\u00fc`, 1)},
		{"escaped slash", strings.Replace(l0, "<html>", `<\/html>`, 1)},
		{"trailing space", l0 + " "},
		{"CRLF line end", l0 + "\r"},
		{"number with exponent", strings.Replace(l0, `"bytes":94`, `"bytes":9.4e1`, 1)},
	} {
		sealed("not-canonical", d.name, d.line, false, report.NotCanonical, report.RecordJSON)
	}
	swapped := withLine(withLine(g.ms, 1, lines[2]), 2, lines[1])
	g.add("record-order", "records 1 and 2 swapped", reseal(g.t, g.top, swapped), report.Unsorted).only = true
	g.add("record-order", "record 1 twice", reseal(g.t, g.top, withLine(g.ms, 2, lines[1])), report.DuplicateID).only = true
	g.add("record-order", "last record first", reseal(g.t, g.top, withLine(g.ms, 0, lines[len(lines)-1])), report.Unsorted)
}

// manifestLies: the dataset manifest says something false about the
// records, with the BagIt layer recomputed to match it.
func (g *faultGen) manifestLies() {
	mi := find(g.ms, pathManifest)
	body := string(g.ms[mi].body)
	_, lines := shardLines(g.ms)
	n := len(lines)
	r0 := record.Sum(lines[0])
	rl := record.Sum(lines[n-1])
	sh := g.ms[find(g.ms, shardPath(0))]
	alt := func(s string) string {
		if s[0] == 'a' {
			return "b" + s[1:]
		}
		return "a" + s[1:]
	}
	lies := []struct{ name, from, to string }{
		{"record_count + 1", fmt.Sprintf(`"record_count": %d`, n), fmt.Sprintf(`"record_count": %d`, n+1)},
		{"record_count - 1", fmt.Sprintf(`"record_count": %d`, n), fmt.Sprintf(`"record_count": %d`, n-1)},
		{"record_count 0", fmt.Sprintf(`"record_count": %d`, n), `"record_count": 0`},
		{"first record's hash", r0, alt(r0)},
		{"last record's hash", rl, alt(rl)},
		{"first record's id", `{"id": "doc-000000"`, `{"id": "doc-999999"`},
		{"an entry removed", fmt.Sprintf(",\n    {\"id\": \"doc-%06d\", \"sha256\": %q}", n-1, rl), ""},
		{"an entry added", "\n  ]\n}", fmt.Sprintf(",\n    {\"id\": \"doc-999999\", \"sha256\": %q}\n  ]\n}", rl)},
		{"shard records + 1", fmt.Sprintf(`"records": %d,`, n), fmt.Sprintf(`"records": %d,`, n+1)},
		{"shard bytes + 1", fmt.Sprintf(`"bytes": %d,`, len(sh.body)), fmt.Sprintf(`"bytes": %d,`, len(sh.body)+1)},
		{"shard sha256", sum(sh.body), alt(sum(sh.body))},
		{"shard last_id", fmt.Sprintf(`"last_id": "doc-%06d"`, n-1), `"last_id": "doc-999999"`},
		{"schema sha256", `"sha256": "` + sum(g.ms[find(g.ms, pathSchema)].body), `"sha256": "` + alt(sum(g.ms[find(g.ms, pathSchema)].body))},
		{"created a second later", `"created": "2023-11-14T22:13:20Z"`, `"created": "2023-11-14T22:13:21Z"`},
		{"compression window", `"window": 8388608`, `"window": 8388609`},
		{"name", `"name": "news"`, `"name": "newz"`},
	}
	for _, l := range lies {
		if !strings.Contains(body, l.from) {
			g.t.Fatalf("manifest lie %q: %q not in the manifest", l.name, l.from)
		}
		c := cloneMembers(g.ms)
		c[mi].body = []byte(strings.Replace(body, l.from, l.to, 1))
		g.add("manifest-lie", l.name, pack(g.t, g.top, c, true))
	}
}

// formatVersions: a bundle of another format version, in the manifest,
// the trailer or both, with everything else recomputed.
func (g *faultGen) formatVersions() {
	mi := find(g.ms, pathManifest)
	for _, v := range []string{"quire-bundle/3", "quire-bundle/0", "quire-bundle/10", "QUIRE-BUNDLE/1", "quire-bundle/1.1"} {
		c := cloneMembers(g.ms)
		c[mi].body = bytes.Replace(c[mi].body, []byte(`"format": "`+Format+`"`), []byte(`"format": "`+v+`"`), 1)
		m := pack(g.t, g.top, c, true)
		g.add("format-version", "manifest "+v, m, report.FormatVersion)
		g.add("format-version", "trailer "+v, withTrailer(g.t, g.good, func(t *Trailer) { t.Format = v }), report.FormatVersion)
		g.add("format-version", "manifest and trailer "+v, withTrailer(g.t, m, func(t *Trailer) { t.Format = v }), report.FormatVersion)
	}
}

package contrib

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

// prose is an article-length English text.
var prose = strings.Repeat("The council voted on Tuesday to repair the old bridge, and the mayor said that the work would start in the spring after the floods. ", 8)

func TestCheckDocument(t *testing.T) {
	seeds := loadSeeds(t)
	next := NextSeq(func() (ids []string) {
		for _, s := range seeds {
			ids = append(ids, s.rec.ID)
		}
		return ids
	}())
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	for _, tc := range []struct {
		name string
		data []byte
		want []string // substrings of the report, one per problem expected
		none []report.Code
	}{
		{"good.txt", []byte(prose), []string{fmt.Sprintf("Q504 unconventional-name: seeds are named NNN_<first 16 hex of sha256>.txt: quire add stores this file as %03d_%s.txt", next, sum([]byte(prose))[:16])}, []report.Code{report.NearDuplicate}},
		{"renamed.txt", seeds[0].data, []string{"Q502 exact-duplicate: a byte-identical copy of record " + fmt.Sprintf("%q", seeds[0].rec.ID)}, nil},
		{seeds[0].name, seeds[0].data, nil, []report.Code{report.ExactDuplicate, report.IDCollision, report.SeedNameUnusual}},
		{"near.txt", changeParagraph(seeds[0].data), []string{"Q503 near-duplicate", "similar to record " + fmt.Sprintf("%q", seeds[0].rec.ID)}, nil},
		{"bad.txt", []byte("Good line.\nBad \xe9 line, bad \xff too.\nNUL\x00.\n" + prose), []string{
			"bad.txt:2:5: error Q101 invalid-utf8: invalid UTF-8 byte 0xe9 at byte 15",
			"bad.txt:2:17: error Q101 invalid-utf8: invalid UTF-8 byte 0xff at byte 27",
			"bad.txt:3:4: error Q102 nul-byte"}, nil},
		{"crlf.txt", []byte("\ufeffFirst line of it all here.\r\n\r\n" + prose + "\n"), []string{"Q103 bom", "Q104 mixed-line-endings: mixed line endings (1 LF, 2 CRLF, 0 CR)"}, nil},
		{"html.txt", []byte(prose + "\n\nShe said <b>no</b> &amp; left.\n\nIt costs â€™ plenty, the mayor said at the end of the meeting.\n"), []string{
			`html.txt:3: warning Q601 html-leftover: HTML "<b>"`, `html.txt:5: warning Q602 mojibake: mojibake "â€™"`}, nil},
		{"short.txt", []byte("Police arrested two men on Tuesday after a break-in at the town hall, the county said.\n\nBoth were released on bail and will appear in court next month, a spokesman for the police added.\n"), []string{"Q603 too-short: the text has 35 words"}, []report.Code{report.NoProse}},
		{"junk.txt", []byte("A short note about the bridge.\n"), []string{"error Q110 no-prose: 0 words of prose, fewer than the 25 of an article"}, []report.Code{report.TooShort}},
		{"fr.txt", []byte(strings.Repeat("Le conseil municipal a voté mardi la réparation du vieux pont, et le maire a déclaré que les travaux commenceraient au printemps. ", 6)), nil, []report.Code{report.NotEnglish, report.Language}}, // French is no problem of a dataset that declares no languages
		{"000_0000000000000000.txt", []byte(prose + "x"), []string{"Q505 name-mismatch: the name's hash 0000000000000000 is not the first 16 hex digits"}, nil},
		{"ok_" + "x.txt", []byte("IE 11 is not supported. For an optimal experience visit our site on another browser.\n"), []string{"Q108 no-text"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChecker(t, seeds, nil)
			var rep report.Report
			doc, err := c.CheckDocument(&rep, tc.name, bytes.NewReader(tc.data))
			if err != nil {
				t.Fatal(err)
			}
			got := codes(&rep)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("report lacks %q:\n%s", w, got)
				}
			}
			for _, c := range tc.none {
				if has(&rep, c) {
					t.Errorf("unexpected %v:\n%s", c, got)
				}
			}
			e, _ := rep.Counts()
			if doc.Errors != (e > 0) {
				t.Errorf("doc.Errors = %v with %d errors", doc.Errors, e)
			}
		})
	}
}

func TestContributionAgainstItself(t *testing.T) {
	seeds := loadSeeds(t)
	c := newChecker(t, nil, nil)
	var rep report.Report
	c.CheckDocument(&rep, "a.txt", strings.NewReader(prose))
	c.CheckDocument(&rep, "b.txt", strings.NewReader(prose))
	c.CheckDocument(&rep, "c.txt", bytes.NewReader(seeds[0].data))
	c.CheckDocument(&rep, "d.txt", bytes.NewReader(changeParagraph(seeds[0].data)))
	got := codes(&rep)
	for _, w := range []string{
		"b.txt: error Q502 exact-duplicate: the same normalized text as a.txt in this contribution",
		"d.txt: error Q503 near-duplicate", "similar to c.txt in this contribution",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("report lacks %q:\n%s", w, got)
		}
	}
}

func TestCheckRecords(t *testing.T) {
	seeds := loadSeeds(t)
	c := newChecker(t, seeds, nil)
	// The seeds' own records, checked against the seeds: no errors.
	var lines [][]byte
	for _, s := range seeds {
		lines = append(lines, s.line)
	}
	var rep report.Report
	if err := c.CheckRecords(&rep, "own.jsonl", bytes.NewReader(append(bytes.Join(lines, []byte("\n")), '\n'))); err != nil {
		t.Fatal(err)
	}
	if rep.HasErrors() {
		t.Errorf("the seeds' own records have errors:\n%s", codes(&rep))
	}

	// A contribution of new records, one problem each.
	mk := func(id, text string) string {
		r := *seeds[0].rec
		r.ID, r.Text = id, text
		r.Source.Name = id + ".txt"
		r.Source.SHA256 = strings.Repeat("ab", 32)
		b, _ := json_(&r)
		return b
	}
	good := mk("new-1", prose)
	promo := mk("new-2", prose+"\n\nSign up for the Morning Memo newsletter")
	schemaBad := strings.Replace(mk("new-3", prose+" x"), `"rules_version":"`, `"rules_version":"v`, 1)
	notCanon := strings.Replace(mk("new-4", prose+" y"), `{"id"`, `{ "id"`, 1)
	dupKey := `{"id":"a","id":"b"}`
	in := strings.Join([]string{good, `{"id": broken`, schemaBad, promo, "\xff{}", dupKey, notCanon, mk(seeds[1].rec.ID, prose+" z"), ""}, "\n")
	c = newChecker(t, seeds, nil)
	rep = report.Report{}
	if err := c.CheckRecords(&rep, "c.jsonl", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	got := codes(&rep)
	for _, w := range []string{
		"c.jsonl:2:6: error Q201 bad-json",
		`c.jsonl:3: error Q206 schema: record "new-3": /rules_version: `,
		`c.jsonl:4: error Q605 boilerplate-left: record "new-2": /text: text line 3: rule newsletter-signup (newsletter promo) would remove "Sign up for the Morning Memo newsletter"`,
		"c.jsonl:5:1: error Q202 record-invalid-utf8",
		"c.jsonl:6:11: error Q203 duplicate-key",
		`c.jsonl:7: error Q207 not-canonical: record "new-4"`,
		`c.jsonl:8: error Q501 id-collision: record "` + seeds[1].rec.ID + `": id is already taken by a record of the dataset (from ` + seeds[1].name + `)`,
		`c.jsonl:1: warning Q606 missing-metadata`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("report lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "c.jsonl:1: error") {
		t.Errorf("the good record has errors:\n%s", got)
	}

	// A line over the limit is reported and skipped; reading goes on.
	c = newChecker(t, seeds, func(o *Options) { o.MaxLineBytes = 100 })
	rep = report.Report{}
	c.CheckRecords(&rep, "long.jsonl", strings.NewReader(strings.Repeat("x", 500)+"\n{}\n"))
	got = codes(&rep)
	if !strings.Contains(got, "long.jsonl:1: error Q205 line-too-long") || !strings.Contains(got, "long.jsonl:2: error Q206") {
		t.Errorf("long line:\n%s", got)
	}
}

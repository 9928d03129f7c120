package normalize

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestGoldenRecords(t *testing.T) {
	n := newNormalizer(t)
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range seedDocs(t) {
		t.Run(d.id, func(t *testing.T) {
			rec, err := n.Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
			if err != nil {
				t.Fatal(err)
			}
			canon, err := record.Marshal(rec)
			if err != nil {
				t.Fatal(err)
			}
			vs, err := sch.Validate(canon)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("schema: %s: %s", v.Pointer, v.Message)
			}
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, canon, "", "  "); err != nil {
				t.Fatal(err)
			}
			pretty.WriteByte('\n')
			path := filepath.Join("..", "..", "golden", "records", d.id+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			var got, exp record.Record
			if err := json.Unmarshal(pretty.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(want, &exp); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&exp, &got); diff != "" {
				t.Errorf("record differs from %s (-want +got):\n%s", path, diff)
			} else if !bytes.Equal(want, pretty.Bytes()) {
				t.Errorf("%s: same record, different bytes (not pretty-printed canonical JSON?)", path)
			}
		})
	}
}

// checkProperties checks conservation, idempotence and determinism of
// one document's record.
func checkProperties(t *testing.T, n *Normalizer, data []byte) {
	t.Helper()
	rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: data})
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error is not an *InputError: %v", err)
		}
		return
	}
	c, err := Clean(data)
	if err != nil {
		t.Fatalf("Normalize accepted what Clean rejects: %v", err)
	}
	if err := Account(c.Lines, rec); err != nil {
		t.Errorf("conservation: %v", err)
	}
	again, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: data})
	if err != nil || !cmp.Equal(rec, again) {
		t.Errorf("not deterministic: %v\n%s", err, cmp.Diff(rec, again))
	}
	rec2, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(rec.Text)})
	if err != nil {
		t.Fatalf("normalizing the record's text: %v", err)
	}
	if len(rec2.Removed) != 0 || len(rec2.Captions) != 0 || rec2.Title != nil {
		t.Errorf("normalizing the record's text again takes out more: title %v, captions %+v, removed %+v", rec2.Title, rec2.Captions, rec2.Removed)
	}
	if rec2.Text != rec.Text {
		t.Errorf("normalizing the record's text again changes it:\n%s", cmp.Diff(rec.Text, rec2.Text))
	}
}

func TestPropertiesSeeds(t *testing.T) {
	n := newNormalizer(t)
	for _, d := range seedDocs(t) {
		t.Run(d.id, func(t *testing.T) { checkProperties(t, n, d.data) })
	}
}

func TestPropertiesDevSet(t *testing.T) {
	n := newNormalizer(t)
	for _, d := range devDocs(t) {
		t.Run(d.id, func(t *testing.T) { checkProperties(t, n, d.data) })
	}
}

func TestMetadata(t *testing.T) {
	n := newNormalizer(t)
	prose := "The council met on Tuesday evening to discuss the budget, and members agreed to delay the vote until next month."
	tests := []struct {
		name, doc                string
		title, outlet, published string
	}{
		{"first line is prose", prose + "\n\n" + prose, "", "", ""},
		{"headline then prose", "Council Delays Budget Vote\n\n" + prose, "Council Delays Budget Vote", "", ""},
		{"headline alone", "Council Delays Budget Vote", "", "", ""},
		{"headline then short line", "Council Delays Budget Vote\n\nBy Jane Doe", "", "", ""},
		{"sentence is not promoted", "The council delayed the vote.\n\n" + prose, "", "", ""},
		{"no outlet without a signal", "The Reuters office said the council met.\n\n" + prose, "", "", ""},
		{"outlet from dateline", "LONDON (Reuters) - " + prose, "", "Reuters", ""},
		{"date from a date line", "Posted November 19, 2019\n\n" + prose, "", "", "2019-11-19"},
		{"no date guessed from the text", prose + " It was 2019-11-19 when the council met.", "", "", ""},
		{"a date of change is not the publication date", "Updated June 2, 2024 at 3:10 p.m.\n\n" + prose, "", "", ""},
		{"the first publication date", "Published 11:11 PM EST Nov 19, 2019 | Updated 9:08 PM ET, Nov 20, 2019\n\n" + prose, "", "", "2019-11-19"},
		{"no date without a year", "Posted November 19\n\n" + prose, "", "", ""},
		{"date from crawler prefix", "date 2019-11-19 " + prose, "", "", "2019-11-19"},
		{"invalid crawler date", "date 2019-13-45 " + prose, "", "", ""},
		{"outlet from promo", prose + "\n\nStart your day with The Record.", "", "The Record", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte(tt.doc)})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []struct {
				name string
				got  *string
				want string
			}{{"title", rec.Title, tt.title}, {"outlet", rec.Outlet, tt.outlet}, {"published", rec.Published, tt.published}} {
				got := ""
				if f.got != nil {
					got = *f.got
				}
				if got != f.want {
					t.Errorf("%s: got %q, want %q", f.name, got, f.want)
				}
			}
		})
	}
}

func TestNoText(t *testing.T) {
	n := newNormalizer(t)
	_, err := n.Normalize(Input{ID: "x", Name: "x.txt", Data: []byte("Subscribe\n\nPrivacy Policy\n")})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Code != report.NoText {
		t.Fatalf("got %v, want a %s error", err, report.NoText)
	}
}

func TestRulesBytes(t *testing.T) {
	n := newNormalizer(t)
	b := RulesBytes()
	b[0] ^= 0xff // a copy: must not change the rules
	if n2 := newNormalizer(t); n2.RulesSHA256() != n.RulesSHA256() || n.RulesVersion() == "0.0.0" {
		t.Errorf("rules changed or version unset: %s %s", n.RulesVersion(), n.RulesSHA256())
	}
}

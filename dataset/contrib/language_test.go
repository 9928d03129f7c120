package contrib

import (
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
)

// German is an article in German; unsure is running text in no language
// (names and numbers), with enough prose to be an article.
const (
	german = "Stadtrat beschließt Sanierung der alten Brücke\n\n" +
		"Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss zu sanieren, nachdem das Hochwasser im Frühjahr die Pfeiler beschädigt hatte.\n\n" +
		"Die Bürgermeisterin sagte, die Arbeiten würden im Sommer beginnen und etwa zwei Jahre dauern, weil der Verkehr während der Bauzeit über eine Behelfsbrücke geführt werden muss.\n\n" +
		"Die Kosten von rund vier Millionen Euro teilen sich die Stadt und das Land, wie aus dem Bericht der Verwaltung hervorgeht.\n"
	unsure = "Smith, Jones, Miller, Brown, Garcia, Davis, Rodriguez, Martinez, Wilson, Anderson and Taylor won.\n\n" +
		"Thomas, Moore, Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis, Robinson and Walker placed.\n\n" +
		"Young, Allen, King, Wright, Scott, Green, Baker, Adams, Nelson, Hill, Campbell and Mitchell finished.\n"
)

// languageProblems checks a raw document with the dataset's languages
// ls and returns its Q607 problems, one line each.
func languageProblems(t *testing.T, ls Languages, name, text string) []string {
	t.Helper()
	c := newChecker(t, nil, func(o *Options) {
		o.SeedNames = false
		o.Languages = ls
	})
	var rep report.Report
	if _, err := c.CheckDocument(&rep, name, strings.NewReader(text)); err != nil {
		t.Fatal(err)
	}
	if has(&rep, report.NoProse) {
		t.Fatalf("%s is not an article:\n%s", name, codes(&rep))
	}
	var out []string
	for _, p := range rep.Problems {
		if p.Code == report.Language {
			out = append(out, p.String())
		}
		if p.Code == report.NotEnglish {
			t.Errorf("retired code reported: %s", p)
		}
	}
	return out
}

func TestLanguageCheck(t *testing.T) {
	declared := func(codes ...string) Languages { return Languages{Declared: codes, File: "quire.toml"} }
	for _, tc := range []struct {
		what string
		ls   Languages
		text string
		want string // the message's words, "" for no warning
	}{
		{"German, the dataset declares de", declared("de"), german, ""},
		{"German, the dataset declares de and en", declared("en", "de"), german, ""},
		{"English, the dataset declares de and en", declared("de", "en"), prose, ""},
		{"German, the dataset declares en", declared("en"), german,
			`warning Q607 language: language "de" (detected) is not one the dataset takes: the dataset declares "en" in quire.toml; leave the document out or, if the dataset takes "de" documents, add "de" to languages in quire.toml`},
		{"English, the dataset declares de", declared("de"), prose, `language "en" (detected) is not one the dataset takes: the dataset declares "de" in quire.toml`},
		{"unsure, the dataset declares en", declared("en"), unsure,
			`warning Q607 language: no language detected (the record's language is null): the text is not clearly running text in one language quire knows (a mix of languages, a language without an ISO 639-1 code or stop-word list, or mostly names, numbers and lists); the dataset declares "en" in quire.toml: check that the text is an article in one of them`},
		{"unsure, nothing known of the dataset", Languages{}, unsure, `lists): check that the text is an article in one language`},
		{"German, nothing known of the dataset", Languages{}, german, ""},
		// Without declared languages, the records' languages decide.
		{"German, records in en", Languages{Records: []string{"en"}, File: "../quire.toml"}, german,
			`language "de" (detected) is not one the dataset takes: the dataset's records are in "en", and ../quire.toml declares no languages; leave the document out or, if the dataset takes "de" documents, declare them in ../quire.toml: languages = ["de", "en"]`},
		{"German, records in fr and de", Languages{Records: []string{"fr", "de"}}, german, ""},
		{"unsure, records in en, no metadata file known", Languages{Records: []string{"en"}}, unsure,
			`the dataset's records are in "en", and the dataset's quire.toml declares no languages: check that the text is an article in one of them`},
		// Declared languages win over the records'.
		{"German, records in de, declared en", Languages{Declared: []string{"en"}, Records: []string{"de"}, File: "quire.toml"}, german, `the dataset declares "en" in quire.toml`},
	} {
		t.Run(tc.what, func(t *testing.T) {
			got := languageProblems(t, tc.ls, "doc.txt", tc.text)
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("got %q, want no language warning", got)
			case tc.want != "" && len(got) != 1:
				t.Errorf("got %q, want one language warning", got)
			case tc.want != "" && !strings.Contains(got[0], tc.want):
				t.Errorf("got %q,\nwant it to hold %q", got[0], tc.want)
			}
		})
	}
}

func TestSameLanguage(t *testing.T) {
	for _, tc := range []struct {
		want, text string
		same       bool
	}{
		{"de", "de", true}, {"de", "en", false},
		{"nb", "no", true}, {"nn", "no", true}, {"no", "nb", true}, {"no", "nn", true},
		{"nb", "nn", false}, {"nb", "da", false}, {"no", "sv", false},
	} {
		if got := sameLanguage(tc.want, tc.text); got != tc.same {
			t.Errorf("sameLanguage(%q, %q) = %v, want %v", tc.want, tc.text, got, tc.same)
		}
	}
}

// TestLanguageOfRecords checks JSON Lines records by the language they
// state, and a record that states none (null, or a schema-v1 record) by
// the language detected in its text.
func TestLanguageOfRecords(t *testing.T) {
	seeds := loadSeeds(t)
	mkIn := func(v record.Version, id, text string, language *string) string {
		r := *seeds[0].rec
		r.ID, r.Text, r.Language = id, text, language
		if v == record.V1 {
			r.Authors = nil
		}
		r.Source.Name = id + ".txt"
		r.Source.SHA256 = strings.Repeat("ab", 32)
		b, err := v.Marshal(&r)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	mk := func(id, text string, language *string) string { return mkIn(record.Latest, id, text, language) }
	de, en := "de", "en"
	body := german[strings.Index(german, "\n\n")+2:]
	in := strings.Join([]string{
		mk("de-stated", body, &de),             // 1: "de", stated
		mk("en-stated", body+" x", &en),        // 2: "en" stated on German text: the record's word is taken
		mk("null-de", body+" y", nil),          // 3: null: detected in the text
		mk("null-en", prose, nil),              // 4: null, English text
		mkIn(record.V1, "v1", prose+" z", nil), // 5: schema v1, English text
		mk("unsure", unsure, nil),              // 6: null, nothing detected
	}, "\n") + "\n"
	c := newChecker(t, nil, func(o *Options) {
		o.SeedNames = false
		o.Languages = Languages{Declared: []string{"en"}, File: "quire.toml"}
	})
	var rep report.Report
	if err := c.CheckRecords(&rep, "c.jsonl", strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		if p.Code == report.Language {
			got = append(got, p.String())
		}
	}
	want := []string{
		`c.jsonl:1: warning Q607 language: record "de-stated": /text: language "de" (the record's) is not one the dataset takes`,
		`c.jsonl:3: warning Q607 language: record "null-de": /text: language "de" (detected) is not one the dataset takes`,
		`c.jsonl:6: warning Q607 language: record "unsure": /text: the record states no language, and none is detected in its text:`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d language warnings, want %d:\n%s\nall problems:\n%s", len(got), len(want), strings.Join(got, "\n"), codes(&rep))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("got  %q,\nwant %q…", got[i], want[i])
		}
	}
}

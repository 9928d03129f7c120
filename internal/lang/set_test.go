package lang

import (
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEmbeddedLists checks the shipped lists: they parse (every entry one
// lower-case word Count can match, no duplicates), every language file is
// an ISO 639-1 code, and there is a fallback list.
func TestEmbeddedLists(t *testing.T) {
	tb, err := parseTable(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.langs) < 50 {
		t.Errorf("%d languages with a list, want the 57 of stopwords-iso less Breton", len(tb.langs))
	}
	for _, l := range []Lang{"en", "de", "fr", "es", "it", "pl", "pt", "nl", "zh", "ja", "ru"} {
		if !l.HasStopwords() {
			t.Errorf("no list for %s", l)
		}
	}
	for _, l := range append(Languages(), Unsure) {
		if d := l.Stopwords().ProseDensity(); !(d > 0.1 && d < 0.7) {
			t.Errorf("%s: prose density %v", l, d)
		}
	}
	if Fallback().Len() == 0 || Unsure.Stopwords() != Fallback() || Lang("xx").Stopwords() != Fallback() {
		t.Error("Unsure and unknown languages must get the fallback list")
	}
}

// TestEveryListWordCounts checks that each list word, alone on a line,
// is counted as all stop: a list entry Count cannot match is dead weight
// and a sign that the list and the tokenizer disagree.
func TestEveryListWordCounts(t *testing.T) {
	for _, l := range append(Languages(), Unsure) {
		set := l.Stopwords()
		for _, w := range append(set.spaced, denseWords(set)...) {
			u, s := Count(w, set)
			if u == 0 || s != u {
				t.Errorf("%s: list word %q counts %d units, %d stop", l, w, u, s)
			}
			if !set.Has(w) {
				t.Errorf("%s: Has(%q) is false", l, w)
			}
			// Case does not matter, by Unicode's default case mapping:
			// Turkish dotless ı upper-cases to I, which lower-cases to i.
			if up := strings.ToUpper(w); up != w && !strings.ContainsRune(w, 'ı') {
				if u2, s2 := Count(up, set); s2 != u2 || u2 != u {
					t.Errorf("%s: %q counts %d units, %d stop; %q counts %d, %d", l, up, u2, s2, w, u, s)
				}
			}
		}
	}
}

func denseWords(s *Set) []string {
	var out []string
	for _, sl := range s.dense.slots {
		if sl.word != "" {
			out = append(out, sl.word)
		}
	}
	return out
}

// TestDataSHA256 checks that the digest is what the documented shell
// command prints, and that it changes with any list.
func TestDataSHA256(t *testing.T) {
	out, err := exec.Command("sh", "-c", "cd stopwords && LC_ALL=C sha256sum $(LC_ALL=C ls *.tsv *.txt) | sha256sum").Output()
	if err != nil {
		t.Fatalf("sha256sum: %v", err)
	}
	if want := strings.Fields(string(out))[0]; DataSHA256() != want {
		t.Errorf("DataSHA256() = %s, the shell command prints %s", DataSHA256(), want)
	}
	a, err := parseTable(fstest.MapFS{
		"stopwords/en.txt":         {Data: []byte("the\n")},
		"stopwords/fallback.txt":   {Data: []byte("the\n")},
		"stopwords/" + densityFile: {Data: []byte("en\t0.1\nfallback\t0.1\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := parseTable(fstest.MapFS{
		"stopwords/en.txt":         {Data: []byte("a\nthe\n")},
		"stopwords/fallback.txt":   {Data: []byte("the\n")},
		"stopwords/" + densityFile: {Data: []byte("en\t0.1\nfallback\t0.1\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.digest == b.digest {
		t.Error("the digest did not change when a list did")
	}
}

// TestBadLists checks that a broken list is refused with the file, the
// line and the word.
func TestBadLists(t *testing.T) {
	for _, c := range []struct{ name, data, want string }{
		{"de.txt", "und\nund\n", `de.txt: line 2: "und": duplicate`},
		{"de.txt", "und\nDer\n", `de.txt: line 2: "Der": not lower case`},
		{"en.txt", "of the\n", `en.txt: line 1: "of the": not one word`},
		{"en.txt", "10\n", `en.txt: line 1: "10": not one word (0 units)`},
		{"en.txt", "-a\n", `en.txt: line 1: "-a": does not start with a letter or digit`},
		{"en.txt", "", "en.txt: empty list"},
		{"EN.txt", "a\n", "EN.txt: not an ISO 639-1 code"},
		{"en.txt", "a\xff\n", `en.txt: line 1: "a\xff": not UTF-8`},
	} {
		_, err := parseTable(fstest.MapFS{
			"stopwords/" + c.name:      {Data: []byte(c.data)},
			"stopwords/fallback.txt":   {Data: []byte("the\n")},
			"stopwords/" + densityFile: {Data: []byte(strings.TrimSuffix(c.name, ".txt") + "\t0.1\nfallback\t0.1\n")},
		})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("list %s %q: error %v, want %q", c.name, c.data, err, c.want)
		}
	}
	for _, c := range []struct {
		files fstest.MapFS
		want  string
	}{
		{fstest.MapFS{"stopwords/en.txt": {Data: []byte("the\n")}}, "no fallback.txt"},
		{fstest.MapFS{"stopwords/en.txt": {Data: []byte("the\n")}, "stopwords/fallback.txt": {Data: []byte("the\n")}}, "no prose-density.tsv"},
		{fstest.MapFS{"stopwords/en.txt": {Data: []byte("the\n")}, "stopwords/fallback.txt": {Data: []byte("the\n")},
			"stopwords/prose-density.tsv": {Data: []byte("en\t0.5\n")}}, "prose-density.tsv: 1 lists, want one line for each of 2"},
		{fstest.MapFS{"stopwords/en.txt": {Data: []byte("the\n")}, "stopwords/fallback.txt": {Data: []byte("the\n")},
			"stopwords/prose-density.tsv": {Data: []byte("en\t0.5\nde\t0.5\n")}}, `prose-density.tsv: line 2: "de": no such list`},
		{fstest.MapFS{"stopwords/en.txt": {Data: []byte("the\n")}, "stopwords/fallback.txt": {Data: []byte("the\n")},
			"stopwords/prose-density.tsv": {Data: []byte("en\t1.5\n")}}, `prose-density.tsv: line 1: "en\t1.5": want LANG`},
	} {
		if _, err := parseTable(c.files); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want %q", err, c.want)
		}
	}
}

package lang

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/quire-archive/quire/internal/devsets"
)

// page is one dev-set page: its lines after hygiene (as the normalizer
// gives them: NFC, white space collapsed, blank lines dropped), its
// language by hand, and, where the set labels lines, each line's label.
type page struct {
	name, lang string
	lines      []string
	raw        []int    // raw line number of each line
	labels     []string // content, boilerplate or "" (unlabelled), per line
	bytes      int
}

// splitClean splits a raw dump into lines as the normalizer's hygiene
// leaves them (enough of it for these tests).
func splitClean(data []byte) (lines []string, raw []int) {
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.Join(strings.Fields(norm.NFC.String(strings.ToValidUTF8(l, "\uFFFD"))), " ")
		if l != "" {
			lines = append(lines, l)
			raw = append(raw, i+1)
		}
	}
	return lines, raw
}

// webLabels reads testdata/devset-web-languages.tsv.
func webLabels(tb testing.TB) map[string]string {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "devset-web-languages.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if t := sc.Text(); t != "" && !strings.HasPrefix(t, "#") {
			fs := strings.Split(t, "\t")
			out[fs[0]] = fs[1]
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// loadWeb loads ../shared/devset-web with the hand labels of language
// and, per line, content (the line holds a "with" snippet) or boilerplate
// (a "without" snippet).
func loadWeb(tb testing.TB) []page {
	tb.Helper()
	dir := devsets.Cases(tb, devsets.Web)
	names, _ := filepath.Glob(filepath.Join(dir, "*.snippets.json"))
	if len(names) == 0 {
		tb.Fatalf("no dev set at %s: the language tests need ../shared/devset-web (set QUIRE_DEVSET_WEB)", dir)
	}
	langs := webLabels(tb)
	var pages []page
	for _, sn := range names {
		var meta struct{ With, Without []string }
		p := readCase(tb, sn, ".snippets.json", &meta)
		l, ok := langs[p.name]
		if !ok {
			tb.Fatalf("page %s has no language label in testdata/devset-web-languages.tsv", p.name)
		}
		p.lang = l
		clean := func(s []string) []string {
			for i := range s {
				s[i] = strings.Join(strings.Fields(norm.NFC.String(s[i])), " ")
			}
			return s
		}
		with, without := clean(meta.With), clean(meta.Without)
		for _, line := range p.lines {
			has := func(snips []string) bool {
				return slices.ContainsFunc(snips, func(s string) bool { return s != "" && strings.Contains(line, s) })
			}
			a, b := has(with), has(without)
			switch {
			case a && !b:
				p.labels = append(p.labels, "content")
			case b && !a:
				p.labels = append(p.labels, "boilerplate")
			default:
				p.labels = append(p.labels, "")
			}
		}
		pages = append(pages, p)
	}
	return pages
}

// loadDevset loads ../shared/devset (all English) with its line labels.
func loadDevset(tb testing.TB) []page {
	tb.Helper()
	dir := devsets.Cases(tb, devsets.Lines)
	names, _ := filepath.Glob(filepath.Join(dir, "*.labels.json"))
	if len(names) == 0 {
		tb.Fatalf("no dev set at %s: the language tests need ../shared/devset (set QUIRE_DEVSET)", dir)
	}
	var pages []page
	for _, ln := range names {
		var meta struct {
			Lines []struct {
				N     int
				Label string
			}
		}
		p := readCase(tb, ln, ".labels.json", &meta)
		p.lang = "en"
		byN := map[int]string{}
		for _, l := range meta.Lines {
			if l.Label == "content" || l.Label == "boilerplate" {
				byN[l.N] = l.Label
			}
		}
		for _, n := range p.raw {
			p.labels = append(p.labels, byN[n])
		}
		pages = append(pages, p)
	}
	return pages
}

// readCase reads one case of a dev set: its labels file (path, ending in
// suffix) into meta, and the page dump beside it.
func readCase(tb testing.TB, path, suffix string, meta any) page {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, meta); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	txt := strings.TrimSuffix(path, suffix) + ".txt"
	data, err := os.ReadFile(txt)
	if err != nil {
		tb.Fatal(err)
	}
	p := page{name: strings.TrimSuffix(filepath.Base(path), suffix), bytes: len(data)}
	p.lines, p.raw = splitClean(data)
	return p
}

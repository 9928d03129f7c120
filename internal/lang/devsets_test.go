package lang

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The dev sets beside the repository clone, as in CI: ../shared/devset
// and ../shared/devset-web from the repository root; QUIRE_DEVSET and
// QUIRE_DEVSET_WEB override them. Tests that need them fail, not skip,
// when they are missing: CI has ../shared.
func devsetDir() string {
	if d := os.Getenv("QUIRE_DEVSET"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "devset")
}

func devsetWebDir() string {
	if d := os.Getenv("QUIRE_DEVSET_WEB"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "devset-web")
}

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
	dir := filepath.Join(devsetWebDir(), "cases")
	names, _ := filepath.Glob(filepath.Join(dir, "*.snippets.json"))
	if len(names) == 0 {
		tb.Fatalf("no dev set at %s: the language tests need ../shared/devset-web (set QUIRE_DEVSET_WEB)", dir)
	}
	langs := webLabels(tb)
	var pages []page
	for _, sn := range names {
		name := strings.TrimSuffix(filepath.Base(sn), ".snippets.json")
		l, ok := langs[name]
		if !ok {
			tb.Fatalf("page %s has no language label in testdata/devset-web-languages.tsv", name)
		}
		var meta struct{ With, Without []string }
		b, err := os.ReadFile(sn)
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(b, &meta); err != nil {
			tb.Fatalf("%s: %v", sn, err)
		}
		data, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			tb.Fatal(err)
		}
		p := page{name: name, lang: l, bytes: len(data)}
		p.lines, p.raw = splitClean(data)
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
	dir := filepath.Join(devsetDir(), "cases")
	names, _ := filepath.Glob(filepath.Join(dir, "*.labels.json"))
	if len(names) == 0 {
		tb.Fatalf("no dev set at %s: the language tests need ../shared/devset (set QUIRE_DEVSET)", dir)
	}
	var pages []page
	for _, ln := range names {
		name := strings.TrimSuffix(filepath.Base(ln), ".labels.json")
		var meta struct {
			Lines []struct {
				N     int
				Label string
			}
		}
		b, err := os.ReadFile(ln)
		if err != nil {
			tb.Fatal(err)
		}
		if err := json.Unmarshal(b, &meta); err != nil {
			tb.Fatalf("%s: %v", ln, err)
		}
		data, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			tb.Fatal(err)
		}
		byN := map[int]string{}
		for _, l := range meta.Lines {
			if l.Label == "content" || l.Label == "boilerplate" {
				byN[l.N] = l.Label
			}
		}
		p := page{name: name, lang: "en", bytes: len(data)}
		p.lines, p.raw = splitClean(data)
		for _, n := range p.raw {
			p.labels = append(p.labels, byN[n])
		}
		pages = append(pages, p)
	}
	return pages
}

var _ = utf8.RuneSelf

package contrib

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/dedup"
	"github.com/quire-archive/quire/internal/devsets"
)

// devsetDir and devsetWebDir are the dev sets' cases (internal/devsets:
// ../shared beside the clone, or QUIRE_DEVSET and QUIRE_DEVSET_WEB); the
// tests that read them fail when they are missing.
func devsetDir(tb testing.TB) string { tb.Helper(); return devsets.Cases(tb, devsets.Lines) }

func devsetWebDir(tb testing.TB) string { tb.Helper(); return devsets.Cases(tb, devsets.Web) }

type measured struct {
	name, site string
	sig        dedup.Signature
	ok         bool
}

// loadTexts normalizes every *.txt file in dir.
func loadTexts(t *testing.T, dir string) []measured {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(paths) == 0 {
		t.Fatalf("no documents in %s: the dev sets belong beside the repository (../shared)", dir)
	}
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []measured
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(p)
		rec, err := n.Normalize(normalize.Input{ID: "x", Name: base, Data: data})
		if err != nil {
			continue
		}
		m := measured{name: base, site: strings.SplitN(base, "_", 2)[0]}
		m.sig, m.ok = dedup.Sign(rec.Text)
		out = append(out, m)
	}
	return out
}

// TestNearDuplicateFalsePositives measures the similarity of every pair
// of different articles of the dev set and the seeds: none may reach
// DefaultNearThreshold. Pages of the same site share furniture, so the
// same-site pairs are reported apart. The figures are quoted in
// docs/CONTRIBUTING.md; run with -v to see them.
func TestNearDuplicateFalsePositives(t *testing.T) {
	for _, dir := range []string{devsetDir(t), "../../seeds"} {
		t.Run(filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir), func(t *testing.T) {
			docs := loadTexts(t, dir)
			var all, same []float64
			var worst [3]string
			for i := range docs {
				for j := i + 1; j < len(docs); j++ {
					if !docs[i].ok || !docs[j].ok {
						continue
					}
					s := docs[i].sig.Similarity(&docs[j].sig)
					all = append(all, s)
					if docs[i].site == docs[j].site {
						same = append(same, s)
					}
					if len(all) == 1 || s > maxOf(all[:len(all)-1]) {
						worst = [3]string{docs[i].name, docs[j].name, ""}
					}
				}
			}
			fp := 0
			for _, s := range all {
				if s >= DefaultNearThreshold {
					fp++
				}
			}
			t.Logf("%d documents, %d pairs: max similarity %.3f (%s ~ %s), 99th percentile %.3f; %d same-site pairs, max %.3f; pairs ≥ %.2f: %d",
				len(docs), len(all), maxOf(all), worst[0], worst[1], pct(all, 0.99), len(same), maxOf(same), DefaultNearThreshold, fp)
			if fp > 0 {
				t.Errorf("%d false positives at threshold %.2f", fp, DefaultNearThreshold)
			}
		})
	}
}

func maxOf(xs []float64) float64 {
	m := 0.0
	for _, x := range xs {
		if x > m {
			m = x
		}
	}
	return m
}

func minOf(xs []float64) float64 {
	m := 1.0
	for _, x := range xs {
		if x < m {
			m = x
		}
	}
	return m
}

func pct(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1))]
}

// TestProseFloorOnDevsets measures the words of prose (CountProse) of
// the dev sets' pages, and fails if an article of the news dev set, its
// labelled article lines, or an English page of the web dev set falls
// under MinProseWords. Run with -v for the figures quoted in
// docs/CONTRIBUTING.md and in MinProseWords's comment.
func TestProseFloorOnDevsets(t *testing.T) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		name  string
		prose int
	}
	lowest := func(ps []page) page {
		low := ps[0]
		for _, p := range ps {
			if p.prose < low.prose {
				low = p
			}
		}
		return low
	}
	measure := func(what, dir string, keep func(path string, data []byte) (string, bool), floor bool) {
		paths, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		if len(paths) == 0 {
			t.Fatalf("no pages in %s: the dev sets belong beside the repository (../shared)", dir)
		}
		var ps []page
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			text, ok := keep(p, data)
			if !ok {
				continue
			}
			ps = append(ps, page{filepath.Base(p), CountProse(text)})
			if floor && ps[len(ps)-1].prose < MinProseWords {
				t.Errorf("%s: %s has %d words of prose, under the floor of %d", what, p, ps[len(ps)-1].prose, MinProseWords)
			}
		}
		var xs []float64
		under := 0
		for _, p := range ps {
			xs = append(xs, float64(p.prose))
			if p.prose < MinProseWords {
				under++
			}
		}
		low := lowest(ps)
		t.Logf("%s: %d pages, words of prose: min %d (%s), 1st percentile %.0f, median %.0f; under %d: %d",
			what, len(ps), low.prose, low.name, pct(xs, 0.01), pct(xs, 0.5), MinProseWords, under)
	}
	normalized := func(_ string, data []byte) (string, bool) {
		rec, err := n.Normalize(normalize.Input{ID: "x", Name: "x.txt", Data: data})
		if err != nil {
			return "", true
		}
		return rec.Text, true
	}
	measure("devset, normalized", devsetDir(t), normalized, true)
	measure("devset, labelled article lines", devsetDir(t), func(p string, data []byte) (string, bool) {
		lj, err := os.ReadFile(strings.TrimSuffix(p, ".txt") + ".labels.json")
		if err != nil {
			t.Fatal(err)
		}
		var labels struct {
			Lines []struct {
				N     int    `json:"n"`
				Label string `json:"label"`
			} `json:"lines"`
		}
		if err := json.Unmarshal(lj, &labels); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		var keep []string
		for _, l := range labels.Lines {
			if l.Label == "content" && l.N >= 1 && l.N <= len(lines) {
				keep = append(keep, lines[l.N-1])
			}
		}
		return strings.Join(keep, "\n"), true
	}, true)
	english := func(p string) bool {
		sj, err := os.ReadFile(strings.TrimSuffix(p, ".txt") + ".snippets.json")
		if err != nil {
			t.Fatal(err)
		}
		var sn struct {
			Lang string `json:"lang"`
		}
		if err := json.Unmarshal(sj, &sn); err != nil {
			t.Fatal(err)
		}
		return sn.Lang == "en"
	}
	measure("devset-web English, normalized", devsetWebDir(t), func(p string, data []byte) (string, bool) {
		if !english(p) {
			return "", false
		}
		return normalized(p, data)
	}, true)
	// Every language, before normalization (the normalizer is tuned to
	// English and removes much of other languages' text): how much prose
	// a page of any kind and language has.
	measure("devset-web all languages, raw", devsetWebDir(t), func(_ string, data []byte) (string, bool) {
		return string(data), true
	}, false)
}

// webLanguagesFile is the hand labels of the web dev set's languages,
// made for internal/lang (how: the file's header).
const webLanguagesFile = "../../internal/lang/testdata/devset-web-languages.tsv"

// devPage is a dev-set page and its language by hand.
type devPage struct{ path, lang string }

// devPages lists the news dev set's pages (all English) and the web dev
// set's, with their hand-labelled languages.
func devPages(t *testing.T) (news, web []devPage) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(devsetDir(t), "*.txt"))
	if len(paths) == 0 {
		t.Fatalf("no pages in %s: the dev sets belong beside the repository (../shared)", devsetDir(t))
	}
	for _, p := range paths {
		news = append(news, devPage{p, "en"})
	}
	data, err := os.ReadFile(webLanguagesFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		f := strings.Split(l, "\t")
		web = append(web, devPage{filepath.Join(devsetWebDir(t), f[0]+".txt"), f[1]})
	}
	return news, web
}

// TestLanguageCheckOnDevsets runs the language check (Q607) on every
// article of the dev sets twice: with the dataset declaring the page's
// own language (by hand), where a warning is a false alarm, and with it
// declaring another one ("de" for an English page, "en" for the
// others), where no warning is a miss. Pages that are not articles
// (Q110) get no language check; a page whose language has no ISO 639-1
// code (Papiamento) is left out, as no declaration can take it. It
// fails on any false alarm or miss on the news dev set, the dataset's
// kind of page, and on more than one on the web dev set: the page that
// every detector measured calls German, half German and half English,
// labelled English (docs/LANG.md), would be one if it had enough prose
// to be an article. The figures are quoted in docs/CONTRIBUTING.md; run
// with -v to see them.
func TestLanguageCheckOnDevsets(t *testing.T) {
	news, web := devPages(t)
	for _, set := range []struct {
		name     string
		pages    []devPage
		maxWrong int
	}{{"devset", news, 0}, {"devset-web", web, 1}} {
		t.Run(set.name, func(t *testing.T) {
			var articles, noCode, unsure int
			// One checker per declared language: the pages are checked
			// against each other too, which only adds problems of other
			// codes.
			checkers := map[string]*Checker{}
			var alarms, misses, notArticles []string
			for _, pg := range set.pages {
				if len(pg.lang) != 2 {
					noCode++
					continue
				}
				data, err := os.ReadFile(pg.path)
				if err != nil {
					t.Fatal(err)
				}
				other := "en"
				if pg.lang == "en" {
					other = "de"
				}
				// check returns the page's Q607 problems with the
				// dataset declaring lang, and whether it is an article.
				check := func(lang string) (ps []report.Problem, article bool) {
					c := checkers[lang]
					if c == nil {
						c = newChecker(t, nil, func(o *Options) {
							o.Dataset, o.SeedNames = nil, false
							o.Languages = Languages{Declared: []string{lang}, File: "quire.toml"}
						})
						checkers[lang] = c
					}
					var rep report.Report
					if _, err := c.CheckDocument(&rep, "page.txt", bytes.NewReader(data)); err != nil {
						t.Fatal(err)
					}
					for _, p := range rep.Problems {
						switch p.Code {
						case report.NoProse, report.NoText, report.DocEmpty:
							return nil, false
						case report.Language:
							ps = append(ps, p)
						}
					}
					return ps, true
				}
				own, article := check(pg.lang)
				if !article {
					notArticles = append(notArticles, filepath.Base(pg.path))
					continue
				}
				articles++
				name := filepath.Base(pg.path)
				if len(own) > 0 {
					alarms = append(alarms, fmt.Sprintf("%s (%s): %s", name, pg.lang, own[0].Msg))
					if strings.HasPrefix(own[0].Msg, "no language detected") {
						unsure++
					}
				}
				if ps, _ := check(other); len(ps) == 0 {
					misses = append(misses, fmt.Sprintf("%s (%s, declared %s)", name, pg.lang, other))
				}
			}
			t.Logf("%d pages: %d articles, %d not articles %q, %d left out (no ISO 639-1 code); declaring their own language, %d warned (%d of them unsure); declaring another, %d not warned",
				len(set.pages), articles, len(notArticles), notArticles, noCode, len(alarms), unsure, len(misses))
			for _, a := range alarms {
				t.Logf("false alarm: %s", a)
			}
			for _, m := range misses {
				t.Logf("miss: %s", m)
			}
			if n := len(alarms) + len(misses); n > set.maxWrong {
				t.Errorf("%d false alarms and misses, more than %d", n, set.maxWrong)
			}
		})
	}
}

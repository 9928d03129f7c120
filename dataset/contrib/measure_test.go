package contrib

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/dedup"
)

// devsetDir and devsetWebDir hold the dev sets' pages, beside the
// repository clone as in CI (../shared); QUIRE_DEVSET and
// QUIRE_DEVSET_WEB name other copies, as for the other dev-set tests.
// The tests that read them fail when they are missing.
var (
	devsetDir    = filepath.Join(devsetRoot("QUIRE_DEVSET", "devset"), "cases")
	devsetWebDir = filepath.Join(devsetRoot("QUIRE_DEVSET_WEB", "devset-web"), "cases")
)

func devsetRoot(env, name string) string {
	if d := os.Getenv(env); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", name)
}

type measured struct {
	name, site string
	words      []string // prose words
	all        int      // number of words
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
		m := measured{name: base, site: strings.SplitN(base, "_", 2)[0], words: dedup.ProseWords(rec.Text), all: len(dedup.Words(rec.Text))}
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
	for _, dir := range []string{devsetDir, "../../seeds"} {
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

// TestEnglishShareOnDevset checks that no English page of the dev set
// is reported as not English.
func TestEnglishShareOnDevset(t *testing.T) {
	docs := loadTexts(t, devsetDir)
	var shares []float64
	minName := ""
	for _, d := range docs {
		if len(d.words) < minWordsForLanguage {
			continue
		}
		s := EnglishShare(d.words)
		if len(shares) == 0 || s < minOf(shares) {
			minName = d.name
		}
		shares = append(shares, s)
	}
	short := 0
	for _, d := range docs {
		if d.all < DefaultMinWords {
			short++
		}
	}
	t.Logf("%d of %d pages under %d words", short, len(docs), DefaultMinWords)
	t.Logf("%d pages: English stop-word share min %.3f (%s), 1st percentile %.3f, median %.3f",
		len(shares), minOf(shares), minName, pct(shares, 0.01), pct(shares, 0.5))
	if m := minOf(shares); m < MinEnglishShare {
		t.Errorf("an English page has share %.3f < %.3f", m, MinEnglishShare)
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
	measure("devset, normalized", devsetDir, normalized, true)
	measure("devset, labelled article lines", devsetDir, func(p string, data []byte) (string, bool) {
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
	measure("devset-web English, normalized", devsetWebDir, func(p string, data []byte) (string, bool) {
		if !english(p) {
			return "", false
		}
		return normalized(p, data)
	}, true)
	// Every language, before normalization (the normalizer is tuned to
	// English and removes much of other languages' text): how much prose
	// a page of any kind and language has.
	measure("devset-web all languages, raw", devsetWebDir, func(_ string, data []byte) (string, bool) {
		return string(data), true
	}, false)
}

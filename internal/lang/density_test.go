package lang

import (
	"sort"
	"strings"
	"testing"
)

// lineDensity is one labelled line: its stop-word density and length.
type lineDensity struct {
	density float64
	chars   int
}

// auc is the probability that an article line has a higher stop-word
// density than a boilerplate line, each drawn in proportion to its
// characters (ties count half): 0.5 means the density tells nothing,
// 1 that it separates the two perfectly.
func auc(content, boiler []lineDensity) float64 {
	sort.Slice(boiler, func(i, j int) bool { return boiler[i].density < boiler[j].density })
	cum := make([]float64, len(boiler)+1)
	for i, b := range boiler {
		cum[i+1] = cum[i] + float64(b.chars)
	}
	total, sum, weight := cum[len(boiler)], 0.0, 0.0
	for _, c := range content {
		lo := sort.Search(len(boiler), func(i int) bool { return boiler[i].density >= c.density })
		hi := sort.Search(len(boiler), func(i int) bool { return boiler[i].density > c.density })
		sum += float64(c.chars) * (cum[lo] + (cum[hi]-cum[lo])/2)
		weight += float64(c.chars)
	}
	if total == 0 || weight == 0 {
		return 0.5
	}
	return sum / (weight * total)
}

func median(ds []lineDensity) float64 {
	if len(ds) == 0 {
		return 0
	}
	v := make([]float64, len(ds))
	for i, d := range ds {
		v[i] = d.density
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

// densityGroups gathers, per group (the all-English devset, then each
// hand-labelled language of devset-web), the densities of labelled
// lines of at least 3 units under list(group).
func densityGroups(t *testing.T, list func(Lang) *Set) (groups []string, content, boiler map[string][]lineDensity) {
	content, boiler = map[string][]lineDensity{}, map[string][]lineDensity{}
	add := func(group string, p page) {
		set := list(Lang(p.lang))
		for i, line := range p.lines {
			u, s := Count(line, set)
			if u < 3 || p.labels[i] == "" {
				continue // a line this short is classified by its length
			}
			d := lineDensity{float64(s) / float64(u), len(line)}
			if p.labels[i] == "content" {
				content[group] = append(content[group], d)
			} else {
				boiler[group] = append(boiler[group], d)
			}
		}
	}
	for _, p := range loadDevset(t) {
		add("en-devset", p)
	}
	for _, p := range loadWeb(t) {
		add(p.lang, p)
	}
	for g := range content {
		if len(content[g]) >= 5 && len(boiler[g]) >= 5 {
			groups = append(groups, g)
		}
	}
	sort.Strings(groups)
	return groups, content, boiler
}

// TestStopDensity measures how well stop-word density tells article
// lines from boilerplate lines, per language, with the language's own
// list and with the fallback list, on both dev sets (run with -v for the
// table in docs/LANG.md). The floors are the measured figures less 0.03:
// a list change that makes density a worse signal fails here.
func TestStopDensity(t *testing.T) {
	groups, cOwn, bOwn := densityGroups(t, Lang.Stopwords)
	_, cFall, bFall := densityGroups(t, func(Lang) *Set { return Fallback() })
	t.Logf("%-10s %13s  %-32s  %-22s", "language", "lines c/b", "own list: AUC, medians, prose", "fallback: AUC, medians")
	for _, g := range groups {
		own, fall := auc(cOwn[g], bOwn[g]), auc(cFall[g], bFall[g])
		l := Lang(strings.TrimSuffix(g, "-devset"))
		t.Logf("%-10s %6d/%-6d  %.3f  %.2f / %.2f  %.2f      %.3f  %.2f / %.2f", g, len(cOwn[g]), len(bOwn[g]),
			own, median(cOwn[g]), median(bOwn[g]), l.Stopwords().ProseDensity(), fall, median(cFall[g]), median(bFall[g]))
		if floor, ok := densityFloor[g]; ok && own < floor {
			t.Errorf("%s: AUC of stop-word density %.3f, floor %.3f", g, own, floor)
		}
		if floor, ok := fallbackFloor[g]; ok && fall < floor {
			t.Errorf("%s: AUC with the fallback list %.3f, floor %.3f", g, fall, floor)
		}
	}
}

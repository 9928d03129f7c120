package eval

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/cputime"
	"github.com/quire-archive/quire/internal/devsets"
)

// devsetDir and snippetSetDir are the two dev sets (internal/devsets:
// ../shared beside the clone, or QUIRE_DEVSET and QUIRE_DEVSET_WEB); a
// missing set fails the test.
func devsetDir(tb testing.TB) string { tb.Helper(); return devsets.Root(tb, devsets.Lines) }

func snippetSetDir(tb testing.TB) string { tb.Helper(); return devsets.Root(tb, devsets.Web) }

// Floors of the real normalizer's figures on both dev sets, in one place.
// A change that loses article text drops a figure below its floor and
// fails CI.
//
// Each is the figure measured with rules 2.3.0, engine 5 (go run
// ./cmd/quire-eval, docs/EVAL.md) minus a margin of about 0.005:
//
//   - line set ../shared/devset: micro retention 0.9796, removal 0.9084,
//     title recall 0.7712;
//   - the same pages cut to the article and 5 lines around it (-cut 5,
//     as the seeds look): retention 0.9805, removal 0.7740;
//   - snippet set ../shared/devset-web: F1 0.8649 on English pages,
//     0.8893 on all, 0.8930 on the others.
//
// Rules 2.0.0 replaced the zone cut around the densest run of prose with
// the page model (docs/RULES.md): snippet F1 rose from 0.696 to 0.875 on
// all pages, while on the news pages of the line set removal moved from
// 0.9061 to 0.9035 and title recall fell from 0.7712 to 0.6993 (the
// title step no longer takes a line the smoothing keeps, which is what
// keeps normalization idempotent without a body cut). Those two floors
// were lowered for that reason. Removal was 0.9035 until an end marker
// was allowed to end the article only when less article-like prose
// follows it than precedes it: on the web set whole articles below a
// box of other stories were lost (mtb-news.de, lbv.de); the line set
// pays 0.008 of removal for it.
//
// Raise each floor to a newly measured figure minus the margin; never
// lower one without saying why in the commit.
const (
	floorRetention   = 0.974
	floorRemoval     = 0.903
	floorTitleRecall = 0.766

	floorCutRetention = 0.975
	floorCutRemoval   = 0.769

	floorSnippetF1English    = 0.859
	floorSnippetF1All        = 0.884
	floorSnippetF1NonEnglish = 0.888
)

// overShare lists the rules known to remove more than RuleShareLimit of
// the content characters, each with the share it may not exceed. The
// issue's target is an empty list; an entry is a debt written down, not
// an allowance: lower it whenever the rule improves.
var overShare = map[string]float64{}

// OpenDevset opens the line-labelled dev set at dir for a test. A missing
// dev set FAILS the test: CI has ../shared, and a floor that silently
// skips guards nothing.
func OpenDevset(tb testing.TB, dir string) *Devset {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		tb.Fatalf("no line-labelled dev set at %s (%v): put ../shared beside the clone, as CI has it, or set QUIRE_DEVSET", dir, err)
	}
	d, err := LoadDevset(os.DirFS(dir))
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// OpenSnippetSet opens the snippet dev set at dir for a test; a missing
// set fails the test, as OpenDevset does.
func OpenSnippetSet(tb testing.TB, dir string) *SnippetSet {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(dir, "cases")); err != nil {
		tb.Fatalf("no snippet dev set at %s (%v): put ../shared beside the clone, as CI has it, or set QUIRE_DEVSET_WEB", dir, err)
	}
	s, err := LoadSnippetSet(os.DirFS(dir))
	if err != nil {
		tb.Fatalf("snippet dev set %s: %v", dir, err)
	}
	return s
}

// TestDevsetFloor holds the normalizer's figures on both dev sets to
// their floors, and its records to the consistency check.
func TestDevsetFloor(t *testing.T) {
	t.Run("lines", testLineSetFloor)
	t.Run("cut", testCutFloor)
	t.Run("snippets", testSnippetSetFloor)
}

// scoreLineSet scores the real normalizer on d, failing the test on any
// consistency error.
func scoreLineSet(t *testing.T, d *Devset) *Summary {
	t.Helper()
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := Evaluate(d, System{"quire", n})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sums[0].Errors() {
		t.Errorf("%s: %s", e.Page, e.Msg)
	}
	return sums[0]
}

func testLineSetFloor(t *testing.T) {
	s := scoreLineSet(t, OpenDevset(t, devsetDir(t)))
	macroRet, _, macroRem, _ := s.Macro()
	t.Logf("%d pages: micro retention %.4f removal %.4f; macro retention %.4f removal %.4f; titles recall %.4f precision %.4f",
		s.Pages, s.Retention(), s.Removal(), macroRet, macroRem, s.TitleRecall(), s.TitlePrecision())
	if r := s.Retention(); r < floorRetention {
		t.Errorf("content retention %.4f is below the floor %.4f: the normalizer loses article text (go run ./cmd/quire-eval -lost ../shared/devset, from the repository root)", r, floorRetention)
	}
	if r := s.Removal(); r < floorRemoval {
		t.Errorf("boilerplate removal %.4f is below the floor %.4f", r, floorRemoval)
	}
	if r := s.TitleRecall(); r < floorTitleRecall {
		t.Errorf("title recall %.4f is below the floor %.4f", r, floorTitleRecall)
	}
	for _, r := range s.Rules() {
		limit := RuleShareLimit
		if l, ok := overShare[r.Rule]; ok {
			limit = l
		}
		if sh := s.ContentShare(r); sh > limit {
			t.Errorf("rule %s removes %.2f%% of the content characters, over its limit of %.2f%%", r.Rule, 100*sh, 100*limit)
		}
	}
}

// testCutFloor holds the line set cut to each article and cutFloorMargin
// lines around it (Devset.Cut) to its floors: with little page around
// the article, the line rules carry the removal.
func testCutFloor(t *testing.T) {
	const cutFloorMargin = 5
	s := scoreLineSet(t, OpenDevset(t, devsetDir(t)).Cut(cutFloorMargin))
	t.Logf("cut to the article ±%d lines: micro retention %.4f removal %.4f", cutFloorMargin, s.Retention(), s.Removal())
	if r := s.Retention(); r < floorCutRetention {
		t.Errorf("cut pages: content retention %.4f is below the floor %.4f", r, floorCutRetention)
	}
	if r := s.Removal(); r < floorCutRemoval {
		t.Errorf("cut pages: boilerplate removal %.4f is below the floor %.4f (go run ./cmd/quire-eval -cut %d -lost ../shared/devset)", r, floorCutRemoval, cutFloorMargin)
	}
}

func testSnippetSetFloor(t *testing.T) {
	set := OpenSnippetSet(t, snippetSetDir(t))
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sums, err := EvaluateSnippets(set, System{"quire", n})
	if err != nil {
		t.Fatal(err)
	}
	s := sums[0]
	en, all, other := s.English(), s.All(), s.NonEnglish()
	t.Logf("%d pages: F1 English %.4f (%d pages), all %.4f, non-English %.4f; P/R all %.4f/%.4f; macro F1 all %.4f",
		all.Pages, en.F1, en.Pages, all.F1, other.F1, all.Precision, all.Recall, all.MacroF1)
	for _, e := range s.Errors() {
		t.Errorf("%s: %s", e.Page, e.Msg)
	}
	for _, f := range []struct {
		name  string
		got   float64
		floor float64
	}{
		{"English", en.F1, floorSnippetF1English},
		{"all", all.F1, floorSnippetF1All},
		{"non-English", other.F1, floorSnippetF1NonEnglish},
	} {
		if f.got < f.floor {
			t.Errorf("snippet F1 on %s pages %.4f is below the floor %.4f (go run ./cmd/quire-eval -lost ../shared/devset-web, from the repository root, traces every lost snippet)", f.name, f.got, f.floor)
		}
	}
}

// BenchmarkNormalizeDevset measures the normalizer's throughput on the
// raw pages of each dev set: lines (../shared/devset, 153 news pages) and
// web (../shared/devset-web, 491 pages of every kind and language). MB/s
// is of raw page bytes per wall-clock second; cpu-MB/s per second of CPU
// time of the process (cputime.Bench: all threads, the garbage
// collector's work is part of the cost), which is the figure to quote on
// a shared machine. Run with -cpu 1 for the speed of one core:
//
//	go test -run '^$' -bench NormalizeDevset -benchtime 10x -count 5 -cpu 1 ./internal/eval
func BenchmarkNormalizeDevset(b *testing.B) {
	b.Run("lines", func(b *testing.B) {
		var in []normalize.Input
		for p, err := range OpenDevset(b, devsetDir(b)).Pages() {
			if err != nil {
				b.Fatal(err)
			}
			in = append(in, normalize.Input{ID: p.Name, Name: p.Name + ".txt", Data: p.Data})
		}
		benchNormalize(b, in)
	})
	b.Run("web", func(b *testing.B) {
		set := OpenSnippetSet(b, snippetSetDir(b))
		var in []normalize.Input
		for _, name := range set.Names() {
			p, err := set.Page(name)
			if err != nil {
				b.Fatal(err)
			}
			in = append(in, normalize.Input{ID: p.Name, Name: p.Name + ".txt", Data: p.Data})
		}
		benchNormalize(b, in)
	})
}

func benchNormalize(b *testing.B, in []normalize.Input) {
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, x := range in {
		size += len(x.Data)
	}
	cputime.Bench(b, size, func() {
		for _, x := range in {
			if _, err := n.Normalize(x); err != nil {
				b.Fatalf("%s: %v", x.ID, err)
			}
		}
	})
}

// TestDevsetRepeats scores the normalizer with corpus-level repetition,
// the statistics built over the whole dev set as quire build would build
// them over the corpus it writes. It logs the figures (docs/RULES.md) and
// fails only on consistency errors or lost retention beyond the floor.
func TestDevsetRepeats(t *testing.T) {
	d := OpenDevset(t, devsetDir(t))
	st := normalize.NewLineStats()
	for p, err := range d.Pages() {
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Add(p.Data); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
	}
	for _, k := range []int{3, normalize.DefaultRepeatDocs, 10} {
		n, err := normalize.New(normalize.Options{Repeats: st, RepeatDocs: k})
		if err != nil {
			t.Fatal(err)
		}
		sums, err := Evaluate(d, System{"quire", n})
		if err != nil {
			t.Fatal(err)
		}
		s := sums[0]
		var rep RuleStat
		for _, r := range s.Rules() {
			if r.Rule == "classifier:repeated" {
				rep = r
			}
		}
		macroRet, _, macroRem, _ := s.Macro()
		t.Logf("K=%d (stats digest %.12s): micro retention %.4f removal %.4f; macro %.4f %.4f; repeated removed content %d boilerplate %d",
			k, st.Digest(k), s.Retention(), s.Removal(), macroRet, macroRem, rep.Chars[Content], rep.Chars[Boilerplate])
		for _, e := range s.Errors() {
			t.Errorf("K=%d: %s: %s", k, e.Page, e.Msg)
		}
		if r := s.Retention(); r < floorRetention {
			t.Errorf("K=%d: content retention %.4f is below the floor %.4f", k, r, floorRetention)
		}
	}
}

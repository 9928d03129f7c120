// Command compare measures the language detectors quire considered, on
// the hand-labelled dev pages: accuracy, CPU time per document, set-up
// time and memory. It is a module of its own so that lingua-go (130 MB
// of models) never enters quire's go.mod. Binary sizes: see size/.
//
//	cd internal/lang/compare && go run . -devset ../../../../shared/devset -web ../../../../shared/devset-web
//
// Every detector sees the same text: the sample lang.Sampler takes of
// each page (its longest lines, bounded), or with -whole the whole page.
// The figures are in docs/LANG.md.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/abadojack/whatlanggo"
	"github.com/pemistahl/lingua-go"

	"github.com/quire-archive/quire/internal/cputime"
	"github.com/quire-archive/quire/internal/lang"
)

type page struct {
	name, lang   string
	lines        []string
	sample, text string
}

type detector struct {
	name string
	f    func(p *page) lang.Lang
}

func main() {
	devset := flag.String("devset", "../../../../shared/devset", "the all-English dev set")
	web := flag.String("web", "../../../../shared/devset-web", "the many-language dev set")
	labels := flag.String("labels", "../testdata/devset-web-languages.tsv", "hand labels of devset-web")
	whole := flag.Bool("whole", false, "detect on the whole page instead of the sample")
	high := flag.Bool("lingua-high", true, "also lingua-go's high-accuracy mode (33 s and 1 GB to set up)")
	flag.Parse()
	pages, err := load(*devset, *web, *labels)
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	total := 0
	for i := range pages {
		total += len(pages[i].text)
	}
	fmt.Printf("%d pages, %d bytes (GOMAXPROCS %d)\n", len(pages), total, runtime.GOMAXPROCS(0))

	wl := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{}}
	for l := range whatlanggo.Langs {
		if lang.Lang(l.Iso6391()).HasStopwords() {
			wl.Whitelist[l] = true
		}
	}
	what := func(opts whatlanggo.Options) func(*page) lang.Lang {
		return func(p *page) lang.Lang {
			info := whatlanggo.DetectWithOptions(input(p, *whole), opts)
			if info.Lang < 0 || info.Confidence < lang.MinConfidence {
				return lang.Unsure
			}
			return lang.Lang(info.Lang.Iso6391())
		}
	}
	dets := []detector{
		{"quire lang.Detect", func(p *page) lang.Lang { return lang.Detect(p.lines) }},
		{"whatlanggo, all languages", what(whatlanggo.Options{})},
		{"whatlanggo, languages with a list", what(wl)},
	}
	for _, mode := range []string{"low", "high"} {
		if mode == "high" && !*high {
			continue
		}
		b := lingua.NewLanguageDetectorBuilder().FromAllLanguages().WithPreloadedLanguageModels()
		if mode == "low" {
			b = b.WithLowAccuracyMode()
		}
		heap0 := heap()
		start, cpu0 := time.Now(), cputime.Used()
		d := b.Build()
		fmt.Printf("lingua-go %s accuracy: set-up %.1f s wall, %.1f s CPU, heap +%d MiB\n", mode,
			time.Since(start).Seconds(), (cputime.Used() - cpu0).Seconds(), (heap()-heap0)>>20)
		dets = append(dets, detector{"lingua-go " + mode + " accuracy", func(p *page) lang.Lang {
			cv := d.ComputeLanguageConfidenceValues(input(p, *whole))
			if len(cv) == 0 || len(cv) > 1 && cv[0].Value()-cv[1].Value() < lang.MinConfidence {
				return lang.Unsure
			}
			return lang.Lang(strings.ToLower(cv[0].Language().IsoCode639_1().String()))
		}})
	}
	fmt.Printf("%-36s %6s %6s %6s %12s %14s\n", "detector", "right", "wrong", "unsure", "CPU µs/page", "CPU MB/s")
	for _, d := range dets {
		right, wrong, unsure := 0, 0, 0
		var errs []string
		cpu0 := cputime.Used()
		for i := range pages {
			p := &pages[i]
			switch got := d.f(p); {
			case got == lang.Unsure:
				unsure++
			case string(got) == p.lang:
				right++
			default:
				wrong++
				errs = append(errs, fmt.Sprintf("%s(%s→%s)", p.name, p.lang, got))
			}
		}
		cpu := cputime.Used() - cpu0
		fmt.Printf("%-36s %6d %6d %6d %12.0f %14.1f\n", d.name, right, wrong, unsure,
			float64(cpu.Microseconds())/float64(len(pages)), float64(total)/cpu.Seconds()/1e6)
		if len(errs) > 0 {
			fmt.Printf("    wrong: %s\n", strings.Join(errs, " "))
		}
	}
}

func input(p *page, whole bool) string {
	if whole {
		return p.text
	}
	return p.sample
}

func heap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// load reads both dev sets: every devset page is English; devset-web
// pages have the hand labels. Lines are trimmed and white space
// collapsed, as the normalizer's hygiene leaves them.
func load(devset, web, labels string) ([]page, error) {
	f, err := os.Open(labels)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var pages []page
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if t := sc.Text(); t != "" && !strings.HasPrefix(t, "#") {
			fs := strings.Split(t, "\t")
			pages = append(pages, page{name: fs[0], lang: fs[1]})
		}
	}
	for i := range pages {
		pages[i].text = filepath.Join(web, "cases", pages[i].name+".txt")
	}
	en, err := filepath.Glob(filepath.Join(devset, "cases", "*.txt"))
	if err != nil || len(en) == 0 {
		return nil, fmt.Errorf("no pages in %s/cases", devset)
	}
	for _, path := range en {
		pages = append(pages, page{name: strings.TrimSuffix(filepath.Base(path), ".txt"), lang: "en", text: path})
	}
	for i := range pages {
		data, err := os.ReadFile(pages[i].text)
		if err != nil {
			return nil, err
		}
		var s lang.Sampler
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				pages[i].lines = append(pages[i].lines, l)
				s.Add(l)
			}
		}
		pages[i].text = strings.Join(pages[i].lines, "\n")
		pages[i].sample = strings.Join(s.Sample(), "\n")
	}
	return pages, nil
}

package main

import (
	"encoding/json"
	"io"

	"github.com/quire-archive/quire/internal/eval"
)

// jsonReport is the -json report. It holds no timing and no core count,
// so the same normalizer on the same sets prints the same bytes.
type jsonReport struct {
	Normalizer struct {
		RulesVersion  string `json:"rules_version"`
		RulesSHA256   string `json:"rules_sha256"`
		EngineVersion string `json:"engine_version"`
	} `json:"normalizer"`
	LineSets    []jsonLineSet    `json:"line_sets"`
	SnippetSets []jsonSnippetSet `json:"snippet_sets"`
}

type jsonLineSet struct {
	Dir     string       `json:"dir"`
	Pages   int          `json:"pages"`
	Chars   jsonLabels   `json:"chars"`
	Systems []jsonSystem `json:"systems"`
}

type jsonLabels struct {
	Content     int `json:"content"`
	Boilerplate int `json:"boilerplate"`
	Unsure      int `json:"unsure"`
}

func labels(a [4]int) jsonLabels {
	return jsonLabels{a[eval.Content], a[eval.Boilerplate], a[eval.Unsure]}
}

type jsonSystem struct {
	Name  string `json:"name"`
	Micro struct {
		Retention float64 `json:"retention"`
		Removal   float64 `json:"removal"`
	} `json:"micro"`
	Macro struct {
		Retention      float64 `json:"retention"`
		RetentionPages int     `json:"retention_pages"`
		Removal        float64 `json:"removal"`
		RemovalPages   int     `json:"removal_pages"`
	} `json:"macro"`
	Titles struct {
		Headlines int     `json:"headlines"`
		Given     int     `json:"given"`
		Found     int     `json:"found"`
		Recall    float64 `json:"recall"`
		Precision float64 `json:"precision"`
	} `json:"titles"`
	Removed        jsonLabels         `json:"removed_chars"`
	BylineCredited jsonLabels         `json:"byline_credited_chars"`
	Rules          []jsonRule         `json:"rules"`
	WorstRetention []eval.PageFigures `json:"worst_retention"`
	WorstRemoval   []eval.PageFigures `json:"worst_removal"`
	Errors         []eval.PageError   `json:"errors"`
	Lost           []eval.LostLine    `json:"lost,omitempty"`
}

type jsonRule struct {
	Rule         string     `json:"rule"`
	Chars        jsonLabels `json:"chars"`
	Lines        jsonLabels `json:"lines"`
	ContentShare float64    `json:"content_share"`
}

func writeJSON(w io.Writer, rep *report) error {
	var out jsonReport
	n := rep.normalizer
	out.Normalizer.RulesVersion, out.Normalizer.RulesSHA256, out.Normalizer.EngineVersion = n.RulesVersion(), n.RulesSHA256(), n.EngineVersion()
	out.LineSets = []jsonLineSet{}
	out.SnippetSets = []jsonSnippetSet{}
	for _, ls := range rep.lines {
		out.LineSets = append(out.LineSets, lineSetJSON(rep.c, ls))
	}
	for _, ss := range rep.snippets {
		out.SnippetSets = append(out.SnippetSets, snippetSetJSON(rep.c, ss))
	}
	return encode(w, out)
}

func lineSetJSON(c config, ls lineSet) jsonLineSet {
	sums := ls.sums
	rep := jsonLineSet{Dir: ls.dir, Pages: sums[0].Pages, Chars: labels(sums[0].Chars)}
	for _, s := range sums {
		var js jsonSystem
		js.Name = s.System
		js.Micro.Retention, js.Micro.Removal = s.Retention(), s.Removal()
		js.Macro.Retention, js.Macro.RetentionPages, js.Macro.Removal, js.Macro.RemovalPages = s.Macro()
		js.Removed = labels(s.Removed)
		js.BylineCredited = labels(s.Credited)
		js.Titles.Headlines, js.Titles.Given, js.Titles.Found = s.Headlines, s.Titles, s.TitlesFound
		js.Titles.Recall, js.Titles.Precision = s.TitleRecall(), s.TitlePrecision()
		js.Rules = []jsonRule{}
		for _, st := range s.Rules() {
			js.Rules = append(js.Rules, jsonRule{st.Rule, labels(st.Chars), labels(st.Lines), s.ContentShare(st)})
		}
		js.WorstRetention = nonNil(s.Worst(c.worst, eval.PageFigures.Retention))
		js.WorstRemoval = nonNil(s.Worst(c.worst, eval.PageFigures.Removal))
		js.Errors = nonNil(s.Errors())
		if c.lost {
			js.Lost = nonNil(s.Lost())
		}
		rep.Systems = append(rep.Systems, js)
	}
	return rep
}

type jsonSnippetSet struct {
	Dir     string              `json:"dir"`
	Pages   int                 `json:"pages"`
	With    int                 `json:"with_snippets"`
	Without int                 `json:"without_snippets"`
	Titles  string              `json:"titles"`
	Systems []jsonSnippetSystem `json:"systems"`
}

type jsonSnippetSystem struct {
	Name       string              `json:"name"`
	English    eval.SnippetFigures `json:"english"`
	All        eval.SnippetFigures `json:"all"`
	NonEnglish eval.SnippetFigures `json:"non_english"`
	Groups     struct {
		Lang []eval.SnippetGroup `json:"lang"`
		Kind []eval.SnippetGroup `json:"kind"`
		TLD  []eval.SnippetGroup `json:"tld"`
	} `json:"groups"`
	Rules  []eval.SnippetRuleStat    `json:"rules"`
	Causes []eval.SnippetRuleStat    `json:"causes"`
	Worst  []eval.SnippetPageFigures `json:"worst"`
	Errors []eval.PageError          `json:"errors"`
	Lost   []eval.SnippetMiss        `json:"lost,omitempty"`
	Kept   []eval.SnippetMiss        `json:"kept,omitempty"`
}

func snippetSetJSON(c config, ss snippetSet) jsonSnippetSet {
	all := ss.sums[0].All()
	out := jsonSnippetSet{Dir: ss.dir, Pages: all.Pages, With: all.TP + all.FN, Without: all.FP + all.TN, Titles: noTitles}
	for _, s := range ss.sums {
		js := jsonSnippetSystem{Name: s.System, English: s.English(), All: s.All(), NonEnglish: s.NonEnglish()}
		js.Groups.Lang = s.Groups(func(f eval.SnippetPageFigures) string { return f.Lang })
		js.Groups.Kind = s.Groups(func(f eval.SnippetPageFigures) string { return f.Kind })
		js.Groups.TLD = s.Groups(func(f eval.SnippetPageFigures) string { return f.TLD })
		js.Rules = nonNil(s.Rules())
		js.Causes = nonNil(s.Causes())
		js.Worst = nonNil(s.Worst(c.worst))
		js.Errors = nonNil(s.Errors())
		if c.lost {
			js.Lost, js.Kept = nonNil(s.Lost()), nonNil(s.Kept())
		}
		out.Systems = append(out.Systems, js)
	}
	return out
}

type jsonLine struct {
	N       int              `json:"n"`
	Label   string           `json:"label"`
	Why     string           `json:"label_why"`
	Chars   int              `json:"chars"`
	Removed int              `json:"removed"`
	Rules   []eval.RuleChars `json:"rules"`
	Text    string           `json:"text"`
}

func writePageJSON(w io.Writer, ps *eval.PageScore) error {
	out := struct {
		Name    string     `json:"name"`
		Kind    string     `json:"kind"`
		Chars   jsonLabels `json:"chars"`
		Removed jsonLabels `json:"removed_chars"`
		Failed  string     `json:"normalize_error,omitempty"`
		Errors  []string   `json:"errors"`
		Lines   []jsonLine `json:"lines"`
	}{Name: ps.Name, Kind: ps.Kind, Chars: labels(ps.Chars), Removed: labels(ps.Removed), Errors: nonNil(ps.Errors)}
	if ps.Failed != nil {
		out.Failed = ps.Failed.Error()
	}
	for _, ls := range ps.Lines {
		out.Lines = append(out.Lines, jsonLine{ls.N, ls.Label.String(), ls.Why, ls.Chars, ls.Removed, nonNil(ls.Rules), ls.Text})
	}
	return encode(w, out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeSnippetPageJSON prints one snippet page: the counts, each snippet
// with its presence and trace, every line's fate.
func writeSnippetPageJSON(w io.Writer, p *eval.SnippetPage, ps *eval.SnippetScore) error {
	out := struct {
		Name string `json:"name"`
		URL  string `json:"url"`
		Lang string `json:"lang"`
		Kind string `json:"kind"`
		eval.SnippetCounts
		F1       float64    `json:"f1"`
		Failed   string     `json:"normalize_error,omitempty"`
		Errors   []string   `json:"errors"`
		Snippets []snip     `json:"snippets"`
		Lines    []jsonLine `json:"lines"`
	}{Name: ps.Name, URL: ps.URL, Lang: ps.Lang, Kind: eval.URLKind(ps.URL), SnippetCounts: ps.SnippetCounts, F1: ps.F1(),
		Errors: nonNil(ps.Errors), Snippets: snippetsOf(p, ps), Lines: []jsonLine{}}
	if ps.Failed != nil {
		out.Failed = ps.Failed.Error()
	}
	for _, ls := range ps.Lines {
		out.Lines = append(out.Lines, jsonLine{ls.N, ls.Label.String(), ls.Why, ls.Chars, ls.Removed, nonNil(ls.Rules), ls.Text})
	}
	return encode(w, out)
}

// snip is one snippet of a page, in file order: with-snippets first.
type snip struct {
	Kind    string            `json:"kind"` // with or without
	Present bool              `json:"present"`
	Trace   eval.SnippetTrace `json:"trace"` // the snippet alone for a with-snippet present
}

// snippetsOf pairs each snippet of p with its presence and its trace in
// ps (Lost, Gone and Kept hold the traces in file order).
func snippetsOf(p *eval.SnippetPage, ps *eval.SnippetScore) []snip {
	out := make([]snip, 0, len(p.With)+len(p.Without))
	lost, kept, gone := 0, 0, 0
	for i, sn := range p.With {
		t := eval.SnippetTrace{Snippet: sn}
		if !ps.With[i] {
			t = ps.Lost[lost]
			lost++
		}
		out = append(out, snip{"with", ps.With[i], t})
	}
	for i := range p.Without {
		var t eval.SnippetTrace
		if ps.Without[i] {
			t = ps.Kept[kept]
			kept++
		} else {
			t = ps.Gone[gone]
			gone++
		}
		out = append(out, snip{"without", ps.Without[i], t})
	}
	return out
}

package main

import (
	"encoding/json"
	"io"

	"github.com/quire-archive/quire/internal/eval"
)

type jsonReport struct {
	Devset  string       `json:"devset"`
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

func writeJSON(w io.Writer, c config, sums []*eval.Summary) error {
	rep := jsonReport{Devset: c.dir, Pages: sums[0].Pages, Chars: labels(sums[0].Chars)}
	for _, s := range sums {
		var js jsonSystem
		js.Name = s.System
		js.Micro.Retention, js.Micro.Removal = s.Retention(), s.Removal()
		js.Macro.Retention, js.Macro.RetentionPages, js.Macro.Removal, js.Macro.RemovalPages = s.Macro()
		js.Removed = labels(s.Removed)
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
	return encode(w, rep)
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

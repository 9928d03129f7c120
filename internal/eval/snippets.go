package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// SnippetSuffix ends the name of a snippet file: cases/NAME.snippets.json
// beside the raw page cases/NAME.txt.
const SnippetSuffix = ".snippets.json"

// SnippetSet is an opened snippet dev set (../shared/devset-web): pages
// labelled with a few snippets a correct extraction must contain ("with")
// and a few it must not ("without"), the labels of trafilatura's
// benchmark. Its pages are read one at a time by Page.
type SnippetSet struct {
	fsys  fs.FS
	names []string // in the order of their snippet files' names
}

// LoadSnippetSet lists the pages of the snippet set in fsys: every
// cases/NAME.snippets.json. It is an error when there is none.
func LoadSnippetSet(fsys fs.FS) (*SnippetSet, error) {
	files, err := fs.Glob(fsys, "cases/*"+SnippetSuffix)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		if _, err := fs.Stat(fsys, "cases"); err != nil {
			return nil, err
		}
		return nil, errors.New("cases: no *" + SnippetSuffix + " files")
	}
	// Pages are in the order of their snippet files' names, suffix
	// included: the order score_snippets.py reads them in (it sorts the paths), which
	// is not always the order of the stems ("a-b" < "a" here, as '-' <
	// '.'). Per-page lists and the float sum of the macro F1 follow it.
	slices.Sort(files) // byte order of UTF-8 is code point order, Python's
	s := &SnippetSet{fsys: fsys}
	for _, f := range files {
		s.names = append(s.names, strings.TrimSuffix(path.Base(f), SnippetSuffix))
	}
	return s, nil
}

// Names returns the page names, in the order of their snippet files'
// names.
func (s *SnippetSet) Names() []string { return slices.Clone(s.names) }

// SnippetPage is one page of the snippet set.
type SnippetPage struct {
	Name    string
	URL     string
	Lang    string // "en" or "other" (a stop-word test by the set's makers); "" if absent
	With    []string
	Without []string
	Data    []byte   // raw bytes, as given to the normalizer
	Lines   []string // Data split as SplitLines does
}

// English reports whether the set marks the page as English; every
// other page, "lang" absent included, counts as non-English, as
// score_snippets.py --lang en has it.
func (p *SnippetPage) English() bool { return isEnglish(p.Lang) }

// isEnglish is the one test of a snippet page's "lang" for English.
func isEnglish(lang string) bool { return lang == "en" }

// Page reads one page: cases/NAME.txt and cases/NAME.snippets.json.
func (s *SnippetSet) Page(name string) (*SnippetPage, error) {
	if !slices.Contains(s.names, name) {
		return nil, fmt.Errorf("page %q has no cases/%s%s", name, name, SnippetSuffix)
	}
	return readCase(s.fsys, name, SnippetSuffix, ParseSnippetPage)
}

// ParseSnippetPage builds a page from its raw bytes and its snippet file
// (JSON: {"url": U, "lang": L, "with": [...], "without": [...]}, other
// keys ignored). Snippets must be strings, and a page needs at least one
// with-snippet, or its F1 is undefined (score_snippets.py would divide by
// zero); every problem is listed with its JSON pointer.
func ParseSnippetPage(name string, data []byte, snippets io.Reader) (*SnippetPage, error) {
	b, err := readLabels(snippets)
	if err != nil {
		return nil, err
	}
	var sf struct {
		URL     *string           `json:"url"`
		Lang    *string           `json:"lang"`
		With    []json.RawMessage `json:"with"`
		Without []json.RawMessage `json:"without"`
	}
	if err := json.Unmarshal(b, &sf); err != nil {
		return nil, jsonErr(err)
	}
	p := &SnippetPage{Name: name, Data: data, Lines: SplitLines(data)}
	var probs []string
	if sf.URL != nil {
		p.URL = *sf.URL
	}
	if sf.Lang != nil {
		p.Lang = *sf.Lang
	}
	strs := func(key string, raw []json.RawMessage) []string {
		out := make([]string, 0, len(raw))
		for i, m := range raw {
			var s string
			if err := json.Unmarshal(m, &s); err != nil {
				probs = append(probs, fmt.Sprintf("/%s/%d: not a string: %s", key, i, excerpt(string(m), 40)))
				continue
			}
			out = append(out, s)
		}
		return out
	}
	p.With = strs("with", sf.With)
	p.Without = strs("without", sf.Without)
	if len(sf.With) == 0 {
		probs = append(probs, "/with: no with-snippet: the page's F1 is undefined")
	}
	if err := problems(probs); err != nil {
		return nil, err
	}
	return p, nil
}

package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
)

// The snippet metric is defined by the dev set's score_snippets.py. The
// tests here run it (python3, standard library only; CI has it) on the
// very outputs the Go scorer scored and compare its whole report, every
// count and figure, with the same report rendered from the Go summary.

// python3 returns the path of python3, failing the test when there is
// none: the cross-checks are the proof that the port is exact.
func python3(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		tb.Fatalf("python3 not found (%v): the cross-check with score_snippets.py needs it (standard library only; CI has it)", err)
	}
	return p
}

// scorePy is the scorer that defines the metric.
func scorePy(tb testing.TB) string {
	tb.Helper()
	p := filepath.Join(snippetSetDir(tb), "score_snippets.py")
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("the snippet set's scorer: %v", err)
	}
	return p
}

// runScorePy runs score_snippets.py with args and returns its stdout.
func runScorePy(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(python3(t), append([]string{scorePy(t)}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("score_snippets.py %q: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// failureDetail is where score_snippets.py says why a page failed; the Go
// scorer knows the normalizer's error instead, so both are blanked.
var failureDetail = regexp.MustCompile(`(?m)^(  \S+: |\S+ +\S+ +\S+ +\S+ +\S+ +\S+  ERROR ).*$`)

func blankFailures(s string) string { return failureDetail.ReplaceAllString(s, "${1}…") }

// pyReport renders s as score_snippets.py prints its report for the
// pages of lang ("en" or "all"), with --per-page; failed pages' reasons
// are left for blankFailures.
func pyReport(s *SnippetSummary, lang string) string {
	keep := func(f SnippetPageFigures) bool { return lang == "all" || f.Lang == lang }
	sub := NewSnippetSummary(s.System)
	for _, f := range s.pages {
		if keep(f) {
			sub.pages = append(sub.pages, f)
		}
	}
	fig := sub.All()
	var b strings.Builder
	fmt.Fprintf(&b, "%-50s %5s %3s %3s %3s %3s\n", "page", "f1", "tp", "fn", "fp", "tn")
	for _, f := range sub.pages {
		fmt.Fprintf(&b, "%-50s %5.3f %3d %3d %3d %3d", f.Name, f.F1, f.TP, f.FN, f.FP, f.TN)
		if f.Failed {
			b.WriteString("  ERROR …")
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "pages=%d lang=%s snippets: with=%d without=%d\n", fig.Pages, lang, fig.TP+fig.FN, fig.FP+fig.TN)
	fmt.Fprintf(&b, "TP=%d FN=%d FP=%d TN=%d\n", fig.TP, fig.FN, fig.FP, fig.TN)
	fmt.Fprintf(&b, "micro: precision=%.3f recall=%.3f f1=%.3f accuracy=%.3f\n", fig.Precision, fig.Recall, fig.F1, fig.Accuracy)
	fmt.Fprintf(&b, "macro: mean per-page f1=%.3f\n", fig.MacroF1)
	fmt.Fprintf(&b, "failures (counted as empty output): %d\n", fig.Failures)
	shown := 0
	for _, f := range sub.pages {
		if f.Failed && shown < 5 {
			fmt.Fprintf(&b, "  %s: …\n", f.Name)
			shown++
		}
	}
	if fig.Failures > 5 {
		fmt.Fprintf(&b, "  ... %d more\n", fig.Failures-5)
	}
	b.WriteString("worst 10 pages by per-page f1 (tp fn fp tn):\n")
	for _, f := range sub.Worst(10) {
		fmt.Fprintf(&b, "  %-55s f1=%.3f  %d %d %d %d", f.Name, f.F1, f.TP, f.FN, f.FP, f.TN)
		if f.Failed {
			b.WriteString("  (failed)")
		}
		b.WriteByte('\n')
	}
	fmt.Fprintf(&b, "precision=%.3f recall=%.3f f1=%.3f accuracy=%.3f pages=%d\n", fig.Precision, fig.Recall, fig.F1, fig.Accuracy, fig.Pages)
	return b.String()
}

// recorder remembers the text, or the error, of every page a normalizer
// made, so that the script scores the very outputs the Go scorer did.
type recorder struct {
	Normalizer
	mu  sync.Mutex
	out map[string]*string // page ID → text; nil when refused
}

func (r *recorder) Normalize(in normalize.Input) (*record.Record, error) {
	rec, err := r.Normalizer.Normalize(in)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.out == nil {
		r.out = map[string]*string{}
	}
	if err != nil {
		r.out[in.ID] = nil
	} else {
		r.out[in.ID] = &rec.Text
	}
	return rec, err
}

// outputCorpus writes, for every page of set, its snippet file and the
// recorded output as NAME.txt. As JSON, that is the object {"text": ...}
// that a --cmd prints, or nothing for a page refused (score_snippets.py
// then counts a failure and an empty text); otherwise it is the text
// itself, for the script's identity command, which spares a process per
// page. It returns the directory.
func outputCorpus(t *testing.T, set *SnippetSet, rec *recorder, asJSON bool) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range set.Names() {
		sn, err := os.ReadFile(filepath.Join(snippetSetDir(t), "cases", name+SnippetSuffix))
		if err != nil {
			t.Fatal(err)
		}
		text, ok := rec.out[name]
		var out []byte
		switch {
		case !ok:
			t.Fatalf("%s: not normalized", name)
		case text != nil && asJSON:
			if out, err = json.Marshal(map[string]string{"text": *text}); err != nil {
				t.Fatal(err)
			}
		case text != nil:
			out = []byte(*text)
		case !asJSON:
			t.Fatalf("%s: refused: only a command can fail", name)
		}
		for f, data := range map[string][]byte{name + SnippetSuffix: sn, name + ".txt": out} {
			if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir
}

// refuseSome fails on every page whose size is a multiple of 7, so that
// failures are cross-checked too.
type refuseSome struct{ Normalizer }

func (r refuseSome) Normalize(in normalize.Input) (*record.Record, error) {
	if len(in.Data)%7 == 0 {
		return nil, errors.New("refused on purpose")
	}
	return r.Normalizer.Normalize(in)
}

// TestSnippetScorerMatchesPython compares the Go scorer's figures with
// score_snippets.py's on the snippet set, for quire's normalizer (English
// and all pages), for keeping everything (the raw pages through the
// script's identity command) and for a baseline that refuses some pages
// (a command printing JSON, or nothing).
func TestSnippetScorerMatchesPython(t *testing.T) {
	set := OpenSnippetSet(t, snippetSetDir(t))
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	quireOut := &recorder{Normalizer: n}
	refusingOut := &recorder{Normalizer: refuseSome{LineLength{Min: 80}}}
	quire := System{"quire", quireOut}
	keep := System{"keep everything", LineLength{Min: 0}}
	refusing := System{"lines >= 80, refusing some", refusingOut}
	sums, err := EvaluateSnippets(set, quire, keep, refusing)
	if err != nil {
		t.Fatal(err)
	}
	if f := sums[2].All().Failures; f == 0 {
		t.Fatal("no page refused: the failure path is not cross-checked")
	}
	cases := snippetSetDir(t) + "/cases"
	quireDir := outputCorpus(t, set, quireOut, false)
	refusingDir := outputCorpus(t, set, refusingOut, true)
	for _, tt := range []struct {
		name string
		sum  *SnippetSummary
		lang string
		args []string
	}{
		{"quire all", sums[0], "all", []string{"--corpus", quireDir, "--cmd", "identity"}},
		{"quire en", sums[0], "en", []string{"--corpus", quireDir, "--cmd", "identity", "--lang", "en"}},
		{"identity", sums[1], "all", []string{"--corpus", cases, "--cmd", "identity"}},
		{"refusing", sums[2], "all", []string{"--corpus", refusingDir, "--cmd", "cat {file}"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			py := runScorePy(t, append(tt.args, "--per-page", "--jobs", "2")...)
			if d := cmp.Diff(blankFailures(py), pyReport(tt.sum, tt.lang)); d != "" {
				t.Errorf("score_snippets.py (-) and the Go scorer (+) differ:\n%s", d)
			}
		})
	}
}

// wsPy runs ws() of score_snippets.py (imported, not copied) on each of
// strs and returns the results.
func wsPy(t *testing.T, strs []string) []string {
	t.Helper()
	const script = `
import json, sys
sys.path.insert(0, sys.argv[1])
from score_snippets import ws
strs = json.load(sys.stdin)
json.dump([ws(s) for s in strs], sys.stdout)
`
	in, err := json.Marshal(strs)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	if err := json.Unmarshal(runPython(t, script, in, filepath.Dir(scorePy(t))), &out); err != nil {
		t.Fatal(err)
	}
	if len(out) != len(strs) {
		t.Fatalf("python returned %d strings for %d", len(out), len(strs))
	}
	return out
}

func runPython(t *testing.T, script string, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(python3(t), append([]string{"-c", script}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderr.String())
	}
	return out
}

// trickyStrings exercise each step of ws(): every Python white space
// character, Go's and Python's disagreement on U+001C..U+001F, format
// and control characters, NFC compositions (also across a dropped
// character), invalid UTF-8 (one U+FFFD per byte, as Go's JSON encoder
// hands it to Python).
var trickyStrings = []string{
	"", " ", "a", " a  b\tc\nd\re\r\nf\vg\fh ",
	"a\x1cb\x1dc\x1ed\x1ff", "a\u0085b\u00a0c\u1680d\u2000e\u200af\u2028g\u2029h\u202fi\u205fj\u3000k",
	"Soft\u00adhyphen zero\u200bwidth\u200cnon\u200djoiner \u200eLTR\u200f \ufeffBOM \u2060wj \u180emvs",
	"bell\x07 del\x7f c1\u0080\u008f\u009f nul-free", "\u0601\u06dd\U000110bd\U0001d173 format",
	"e\u0301 A\u030a \u1100\u1161\u11a8 \u212b \u2126 \u0958 q\u0307\u0323",
	"e\u00ad\u0301 e\u200d\u0301 a\u0300\u200b\u0301", "\xff\xfeA a\xc3 \xe2\x82 \xed\xa0\x80 ok",
	"tab\t\t\ttabs  \u00a0\u00a0 nbsp", "\U0001F600 emoji \U0001F1E9\U0001F1EA flag",
	"line\u2028sep\u2029para\u0085nel", "\U000E0001 tag \U000E0020\U000E007F",
}

// TestMatchFormPython shows that MatchForm is ws() of score_snippets.py on
// every string the dev data holds (raw pages of both sets, snippets, the
// normalizer's output) and on strings made to test each step, and that
// the Unicode tables' versions (Go's unicode.Version against Python's
// unicodedata) change nothing on the dev data: every code point on which
// the two disagree is one Python's tables do not assign, and none occurs
// in the dev data.
func TestMatchFormPython(t *testing.T) {
	var strs []string // the dev data
	set := OpenSnippetSet(t, snippetSetDir(t))
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range set.Names() {
		p, err := set.Page(name)
		if err != nil {
			t.Fatal(err)
		}
		strs = append(strs, string(p.Data))
		strs = append(strs, p.With...)
		strs = append(strs, p.Without...)
		if r, err := n.Normalize(normalize.Input{ID: name, Name: name + ".txt", Data: p.Data}); err == nil {
			strs = append(strs, r.Text)
		}
	}
	d := OpenDevset(t, devsetDir(t))
	for p, err := range d.Pages() {
		if err != nil {
			t.Fatal(err)
		}
		strs = append(strs, string(p.Data))
	}

	all := append(slices.Clone(trickyStrings), strs...)
	py := wsPy(t, all)
	for i, s := range all {
		if got := MatchForm(s); got != py[i] {
			t.Errorf("MatchForm(%q) = %q, ws() = %q", excerpt(s, 80), excerpt(got, 80), excerpt(py[i], 80))
		}
	}

	// Every code point, one at a time (surrogates aside: Go strings
	// cannot hold them).
	var cps []string
	for r := rune(0); r <= 0x10FFFF; r++ {
		if r < 0xD800 || r > 0xDFFF {
			cps = append(cps, string(r))
		}
	}
	one := wsPy(t, cps)
	var differ []rune
	for i, s := range cps {
		if MatchForm(s) != one[i] {
			differ = append(differ, []rune(s)[0])
		}
	}
	const catScript = `
import json, sys, unicodedata
print(unicodedata.unidata_version)
json.dump([unicodedata.category(chr(c)) for c in json.load(sys.stdin)], sys.stdout)
`
	in, _ := json.Marshal(differ)
	version, cats, _ := strings.Cut(string(runPython(t, catScript, in)), "\n")
	var pyCats []string
	if err := json.Unmarshal([]byte(cats), &pyCats); err != nil {
		t.Fatal(err)
	}
	inData := map[rune]bool{}
	for _, r := range differ {
		inData[r] = false
	}
	for _, s := range strs {
		for _, r := range s {
			if _, ok := inData[r]; ok {
				inData[r] = true
			}
		}
	}
	for i, r := range differ {
		if pyCats[i] != "Cn" {
			t.Errorf("U+%04X (Python category %s): MatchForm %q, ws() %q: a difference of the port, not of table versions", r, pyCats[i], MatchForm(string(r)), one[slices.Index(cps, string(r))])
		}
		if inData[r] {
			t.Errorf("U+%04X, on which Go's Unicode %s and Python's %s disagree, occurs in the dev data", r, unicode.Version, version)
		}
	}
	var list []string
	for _, r := range differ {
		list = append(list, fmt.Sprintf("U+%04X", r))
	}
	t.Logf("%d strings of dev data, %d made up, %d code points: Go's Unicode %s and Python's %s disagree on %d: %s",
		len(strs), len(trickyStrings), len(cps), unicode.Version, version, len(differ), strings.Join(list, " "))
}

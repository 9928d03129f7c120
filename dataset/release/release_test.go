package release

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/gen"
	"github.com/quire-archive/quire/schema"
)

// corpusFS returns a generated corpus of n documents.
func corpusFS(t testing.TB, n int, seed uint64) fstest.MapFS {
	t.Helper()
	g, err := gen.New(gen.Options{Seed: seed, MeanBytes: 1200})
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for i := range n {
		name, data := g.Doc(i)
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// TestSourceDateEpochOneLimit: what ParseSourceDateEpoch accepts is
// exactly what the bundle writer accepts.
func TestSourceDateEpochOneLimit(t *testing.T) {
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"0", "1700000000", "253402300799", strconv.Itoa(bundle.MaxSourceDateEpoch), strconv.Itoa(bundle.MaxSourceDateEpoch + 1), "-1", "1e9", "x", " 1"} {
		tm, perr := ParseSourceDateEpoch(s)
		var oe *OptionError
		if perr != nil && (!errors.As(perr, &oe) || oe.Option != "SOURCE_DATE_EPOCH") {
			t.Errorf("%q: error %v is not an OptionError of SOURCE_DATE_EPOCH", s, perr)
		}
		n, nerr := strconv.ParseInt(s, 10, 64)
		if nerr != nil {
			if perr == nil {
				t.Errorf("%q accepted", s)
			}
			continue
		}
		u := time.Unix(n, 0).UTC()
		w, werr := bundle.NewWriter(io.Discard, bundle.WriterOptions{Name: "d", Version: "1.0.0", QuireVersion: "test", Schema: sch,
			Rules: bundle.Rules{Version: "1.0.0", SHA256: strings.Repeat("0", 64)}, SourceDateEpoch: &u})
		if werr == nil {
			w.Abort()
		}
		if (perr == nil) != (werr == nil) {
			t.Errorf("%s: ParseSourceDateEpoch error %v, bundle writer error %v", s, perr, werr)
		}
		if perr == nil && tm.Unix() != n {
			t.Errorf("%s: parsed %v", s, tm)
		}
	}
}

func TestNewBuilderChecksOptions(t *testing.T) {
	prev := &Previous{Label: "p", Open: func() (io.ReadCloser, error) { return nil, errors.New("never opened") }}
	good := BuildOptions{Name: "news", Version: "1.2.3", QuireVersion: "test"}
	for _, tc := range []struct {
		option string
		edit   func(o *BuildOptions)
	}{
		{"", func(o *BuildOptions) {}},
		{"", func(o *BuildOptions) { o.Version, o.Bump, o.Previous = "", true, prev }},
		{"name", func(o *BuildOptions) { o.Name = "News" }},
		{"name", func(o *BuildOptions) { o.Name = "" }},
		{"version", func(o *BuildOptions) { o.Version = "1.2" }},
		{"version", func(o *BuildOptions) { o.Version = "v1.2.3" }},
		{"version", func(o *BuildOptions) { o.Bump, o.Previous = true, prev }},
		{"bump", func(o *BuildOptions) { o.Version, o.Bump = "", true }},
		{"repeats", func(o *BuildOptions) { o.Repeats = 1 }},
		{"repeats", func(o *BuildOptions) { o.Repeats = -1 }},
		{"workers", func(o *BuildOptions) { o.Workers = -1 }},
		{"SOURCE_DATE_EPOCH", func(o *BuildOptions) { t := time.Unix(bundle.MaxSourceDateEpoch+1, 0); o.SourceDateEpoch = &t }},
	} {
		o := good
		tc.edit(&o)
		_, err := NewBuilder(o)
		var oe *OptionError
		switch {
		case tc.option == "" && err != nil:
			t.Errorf("%+v: %v", o, err)
		case tc.option != "" && (!errors.As(err, &oe) || oe.Option != tc.option):
			t.Errorf("%+v: error %v, want an OptionError of %s", o, err, tc.option)
		}
		// A bad name or version is refused in the words of the rule the
		// bundle checks.
		rule := map[string]string{"name": bundle.NameRule, "version": bundle.VersionRule}[tc.option]
		if rule != "" && !o.Bump && errors.As(err, &oe) && !strings.HasSuffix(oe.Err.Error(), rule) {
			t.Errorf("%+v: error %v, want it to end with the rule %q", o, err, rule)
		}
	}
}

func TestNextVersion(t *testing.T) {
	level := func(l diff.Level) diff.Bump { return diff.Bump{Level: l} }
	for _, tc := range []struct {
		prev string
		l    diff.Level
		want string
	}{
		{"0.1.0", diff.None, "0.1.1"},
		{"0.1.0", diff.Patch, "0.1.1"},
		{"0.1.0", diff.Minor, "0.1.1"}, // below 1.0.0 a level lower
		{"0.1.0", diff.Major, "0.2.0"},
		{"0.9.7", diff.Major, "0.10.0"},
		{"1.2.3", diff.Patch, "1.2.4"},
		{"1.2.3", diff.Minor, "1.3.0"},
		{"1.2.3", diff.Major, "2.0.0"},
		{"1.0.0-rc.1", diff.Patch, "1.0.0"},
		{"1.0.0-rc.1", diff.Major, "2.0.0"},
		{"1.2.3+build.5", diff.Patch, "1.2.4"},
	} {
		got, err := NextVersion(tc.prev, level(tc.l))
		if err != nil || got != tc.want {
			t.Errorf("NextVersion(%s, %s) = %q, %v; want %q", tc.prev, tc.l, got, err, tc.want)
			continue
		}
		if err := diff.CheckVersion(tc.prev, got, level(tc.l)); err != nil {
			t.Errorf("%s after %s: %v", got, tc.prev, err)
		}
	}
	if _, err := NextVersion("1.2", diff.Bump{}); err == nil {
		t.Error("NextVersion of an invalid version: no error")
	}
}

func TestLatestRelease(t *testing.T) {
	files := []string{"news-0.9.0.tar.zst", "news-0.10.0.tar.zst", "news-0.10.0.tar.zst.sha256", "news-1.0.0-rc.1.tar.zst",
		"news-extra-9.0.0.tar.zst", "other-5.0.0.tar.zst", ".news-9.0.0.tar.zst.quire-tmp-1-2", "news-2.0.tar.zst", "news-0.10.0.tar.zst.minisig"}
	if got := LatestRelease(files, "news"); got != "news-1.0.0-rc.1.tar.zst" {
		t.Errorf("LatestRelease = %q", got)
	}
	if got := LatestRelease(append(files, "news-1.0.0.tar.zst"), "news"); got != "news-1.0.0.tar.zst" {
		t.Errorf("LatestRelease = %q, want the release over its candidate", got)
	}
	if got := LatestRelease(files, "news-extra"); got != "news-extra-9.0.0.tar.zst" {
		t.Errorf("LatestRelease(news-extra) = %q", got)
	}
	if got := LatestRelease(files, "none"); got != "" {
		t.Errorf("LatestRelease(none) = %q", got)
	}
}

// TestBuildFromFS builds a release from an fs.FS into memory (no path
// anywhere), checks it with the bundle checker, and checks that its
// records are the recipe's records, and its rules record names the
// engine and the pass.
func TestBuildFromFS(t *testing.T) {
	fsys := corpusFS(t, 70, 5)
	b, err := NewBuilder(BuildOptions{Name: "news", Version: "1.0.0", QuireVersion: "test",
		Options: Options{TempDir: t.TempDir(), ListRunSize: 7, CountRunSize: 100}, WriterTempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	res, err := b.Build(context.Background(), fsys, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Rules; r.Engine != normalize.EngineVersion || r.Repeats == nil || r.Repeats.Docs != 70 || r.Repeats.K != DefaultRepeats {
		t.Errorf("rules record %+v, repeats %+v", r, r.Repeats)
	}
	rep, m, err := bundle.Check(bytes.NewReader(buf.Bytes()), bundle.CheckOptions{})
	if err != nil || rep.HasErrors() {
		t.Fatalf("check: %v %v", err, rep)
	}
	if m.Rules.Engine != normalize.EngineVersion || m.RecordCount != 70 {
		t.Errorf("manifest rules %+v, %d records", m.Rules, m.RecordCount)
	}

	r, err := Open(context.Background(), fsys, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Rules().Repeats.Digest != res.Rules.Repeats.Digest {
		t.Errorf("the recipe's statistics differ from the build's")
	}
	var want []*record.Record
	if err := r.Records(context.Background(), func(rec *record.Record) error { want = append(want, rec); return nil }); err != nil {
		t.Fatal(err)
	}
	side, err := BundleSide(bytes.NewReader(buf.Bytes()), "b")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		got, err := side.Next()
		if errors.Is(err, io.EOF) {
			if i != len(want) {
				t.Errorf("%d records in the bundle, %d from the recipe", i, len(want))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		a, _ := record.Marshal(got)
		b, _ := record.Marshal(want[i])
		if !bytes.Equal(a, b) {
			t.Fatalf("record %d differs:\n%s\n%s", i, a, b)
		}
	}
}

// TestBuildErrors: a corpus without documents, a bad document and a
// version the changes do not allow are each reported as such, and the
// listing is checked before anything is read.
func TestBuildErrors(t *testing.T) {
	build := func(o BuildOptions, fsys fs.FS) error {
		o.Name, o.QuireVersion = "news", "test"
		if o.Version == "" && !o.Bump {
			o.Version = "1.0.0"
		}
		b, err := NewBuilder(o)
		if err != nil {
			t.Fatal(err)
		}
		_, err = b.Build(context.Background(), fsys, io.Discard)
		return err
	}
	if err := build(BuildOptions{}, fstest.MapFS{}); !errors.Is(err, ErrNoDocuments) {
		t.Errorf("empty corpus: %v", err)
	}
	var le *ListError
	if err := build(BuildOptions{}, fstest.MapFS{"a.md": {Data: []byte("x")}}); !errors.As(err, &le) {
		t.Errorf("a file that is not a document: %v", err)
	}
	fsys := corpusFS(t, 3, 1)
	fsys["bad.txt"] = &fstest.MapFile{Data: []byte("nul \x00")}
	var de *DocErrors
	if err := build(BuildOptions{}, fsys); !errors.As(err, &de) || len(de.Docs) != 1 || de.Docs[0].Name != "bad.txt" || de.Total != 4 {
		t.Errorf("a bad document: %v", err)
	}

	// The previous release has one record more: a removal needs a major
	// bump, so 1.1.0 is refused and Bump chooses 2.0.0.
	prevFS := corpusFS(t, 4, 1)
	var prev bytes.Buffer
	b, err := NewBuilder(BuildOptions{Name: "news", Version: "1.0.0", QuireVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(context.Background(), prevFS, &prev); err != nil {
		t.Fatal(err)
	}
	p := &Previous{Label: "prev.tar.zst", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(prev.Bytes())), nil }}
	var ve *VersionError
	if err := build(BuildOptions{Version: "1.1.0", Previous: p}, corpusFS(t, 3, 1)); !errors.As(err, &ve) || ve.Bump.Level != diff.Major {
		t.Errorf("1.1.0 after a removal: %v", err)
	}
	b, err = NewBuilder(BuildOptions{Name: "news", Bump: true, Previous: p, QuireVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), corpusFS(t, 3, 1), io.Discard)
	if err != nil || res.Version != "2.0.0" || res.PreviousVersion != "1.0.0" {
		t.Errorf("bump after a removal: %+v, %v", res, err)
	}
	if err := build(BuildOptions{Bump: true, Previous: p}, prevFS); !errors.Is(err, ErrUnchanged) {
		t.Errorf("bump of the same documents: %v", err)
	}
}

package bundle

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func testDescriber(got **Manifest) Describer {
	return func(m *Manifest) (*Description, error) {
		*got = m
		return &Description{
			Card:        []byte("---\npretty_name: \"News\"\n---\n# News\n"),
			DataPackage: []byte(`{"name": "news", "resources": []}` + "\n"),
			Croissant:   []byte(`{"@type": "sc:Dataset"}` + "\n"),
			BagInfo:     []BagInfoField{{"Source-Organization", "Example Library"}, {"External-Description", "Three news articles."}},
		}, nil
	}
}

// TestDescriptionMembers: a Describer's description becomes README.md
// (a tag file), data/datapackage.json and data/croissant.json (payload,
// in the Oxum) and bag-info.txt fields after quire's own, and the bundle
// checks clean at every level.
func TestDescriptionMembers(t *testing.T) {
	var seen *Manifest
	opts := testOptions(t)
	opts.Describe = testDescriber(&seen)
	opts.Metadata = &MetadataFile{Path: "quire.toml", SHA256: strings.Repeat("ab", 32)}
	b := build(t, opts, testRecords(5))
	for _, l := range []Level{LevelFast, LevelComplete, LevelFull} {
		if rep := mustCheck(t, b, l); len(rep.Problems) > 0 {
			t.Fatalf("level %v: %v", l, rep.Problems)
		}
	}
	if seen == nil || seen.RecordCount != 5 || len(seen.Shards) != 1 || seen.Shards[0].SHA256 == "" {
		t.Errorf("the Describer saw manifest %+v, want the finished one", seen)
	}
	_, ms := unpack(t, b)
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	want := "bagit.txt data/schema/record.schema.json data/records/000000.jsonl data/manifest.json data/datapackage.json data/croissant.json README.md bag-info.txt manifest-sha256.txt tagmanifest-sha256.txt"
	if strings.Join(names, " ") != want {
		t.Errorf("members\n%s\nwant\n%s", strings.Join(names, " "), want)
	}
	info := string(ms[find(ms, pathBagInfo)].body)
	if !strings.HasSuffix(info, "Payload-Oxum: "+oxumOf(ms)+"\nSource-Organization: Example Library\nExternal-Description: Three news articles.\n") {
		t.Errorf("bag-info.txt:\n%s", info)
	}
	if tags := string(ms[find(ms, pathTagManifest)].body); !strings.Contains(tags, "  README.md\n") {
		t.Errorf("tagmanifest-sha256.txt does not list README.md:\n%s", tags)
	}
	if m := string(ms[find(ms, pathManifest)].body); !strings.Contains(m, `"metadata": {`) || !strings.Contains(m, `"path": "quire.toml"`) {
		t.Errorf("manifest does not record the metadata file")
	}
}

// oxumOf is the Payload-Oxum of the data/ members.
func oxumOf(ms []tmember) string {
	var n, size int
	for _, m := range ms {
		if strings.HasPrefix(m.name, "data/") {
			n++
			size += len(m.body)
		}
	}
	return itoa(size) + "." + itoa(n)
}

// TestDescriptionRefusedByWriter: the writer runs the checker's rules
// on a description and writes no bundle that breaks them.
func TestDescriptionRefusedByWriter(t *testing.T) {
	for _, c := range []struct {
		d    Description
		want string
	}{
		{Description{DataPackage: []byte(`{"a": 1`)}, "datapackage.json"},
		{Description{Croissant: []byte(`[1]`)}, "croissant.json: not a JSON object"},
		{Description{DataPackage: []byte(`{"a": 1, "a": 2}`)}, "duplicate key"},
		{Description{Card: []byte("\xff")}, "README.md: want valid UTF-8"},
		{Description{BagInfo: []BagInfoField{{"Bad Label", "x"}}}, `label "Bad Label"`},
		{Description{BagInfo: []BagInfoField{{"Payload-Oxum", "1.1"}}}, "quire writes this field itself"},
		{Description{BagInfo: []BagInfoField{{"Contact-Name", "Ada\nExample"}}}, "without control characters"},
		{Description{BagInfo: []BagInfoField{{"Contact-Name", ""}}}, "want a value"},
	} {
		opts := testOptions(t)
		d := c.d
		opts.Describe = func(*Manifest) (*Description, error) { return &d, nil }
		var buf bytes.Buffer
		w, err := NewWriter(&buf, opts)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.Close()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.d, err, c.want)
		}
	}
	opts := testOptions(t)
	opts.Describe = func(*Manifest) (*Description, error) { return nil, errors.New("no card today") }
	w, _ := NewWriter(&bytes.Buffer{}, opts)
	if _, err := w.Close(); err == nil || !strings.Contains(err.Error(), "no card today") {
		t.Errorf("a Describer's error: %v", err)
	}
	opts = testOptions(t)
	opts.Metadata = &MetadataFile{Path: "a/quire.toml", SHA256: strings.Repeat("0", 64)}
	if _, err := NewWriter(&bytes.Buffer{}, opts); err == nil || !strings.Contains(err.Error(), "metadata.path") {
		t.Errorf("metadata path with a slash: %v", err)
	}
}

// TestDescriptionCheckedByChecker: the checker does not regenerate the
// descriptions but refuses what no writer makes: a JSON descriptor that
// is not an object, a card that is not UTF-8, a descriptive bag-info
// field of bad syntax, a card missing from the tag manifest.
func TestDescriptionCheckedByChecker(t *testing.T) {
	var seen *Manifest
	opts := testOptions(t)
	opts.Describe = testDescriber(&seen)
	good := build(t, opts, testRecords(3))
	for _, c := range []struct {
		member, body, want string
	}{
		{pathDataPackage, "[1]\n", "not a JSON object"},
		{pathCroissant, `{"a":1,"a":2}`, "duplicate key"},
		{pathCard, "\xff\n", "README.md is not valid UTF-8"},
		{pathBagInfo, "", `label "Bad Label"`},
		{pathTagManifest, "", `no entry for "README.md"`},
	} {
		top, ms := unpack(t, good)
		i := find(ms, c.member)
		switch c.member {
		case pathBagInfo:
			ms[i].body = append(ms[i].body, "Bad Label: x\n"...)
		case pathTagManifest:
			// pack's fix rewrites the tag manifest without README.md.
		default:
			ms[i].body = []byte(c.body)
		}
		rep := mustCheck(t, pack(t, top, ms, true), LevelFull)
		found := false
		for _, p := range rep.Problems {
			found = found || strings.Contains(p.String(), c.want)
		}
		if !found {
			t.Errorf("%s: problems %v, want %q", c.member, rep.Problems, c.want)
		}
	}
}

package bundle

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

// testDescriber describes a bundle the way a real one would: from the
// manifest it is given.
func testDescriber(m *Manifest) (*Description, error) {
	return &Description{
		Card:        []byte("---\npretty_name: " + m.Name + "\n---\n\n# " + m.Name + " " + m.Version + "\n\nRecords: " + strings.Repeat("x", 3) + "\n"),
		DataPackage: []byte(`{"name":"` + m.Name + `","resources":[{"path":"` + m.Shards[0].Path + `","hash":"sha256:` + m.Shards[0].SHA256 + `"}]}`),
		Croissant:   []byte(`{"@context":{"@vocab":"https://schema.org/"},"@type":"Dataset","name":"` + m.Name + `"}`),
		BagInfo: []BagInfoField{
			{"Source-Organization", "Quire Archive"},
			{"Contact-Name", "A. Maintainer"},
			{"Contact-Email", "maintainer@example.org"},
			{"External-Description", "News articles, normalized: every removed line recorded."},
			{"External-Identifier", "doi:10.0000/example"},
			{"Bag-Group-Identifier", "news"},
		},
	}, nil
}

// TestDescriptionMembers: a Describer's members are written where the
// format puts them (README.md a tag file, the JSON ones payload), are
// listed in the BagIt manifests and the Oxum, its fields follow quire's
// own in bag-info.txt, and the bundle checks clean.
func TestDescriptionMembers(t *testing.T) {
	opts := testOptions(t)
	opts.Notes = []byte("# Release notes\n")
	var got *Manifest
	opts.Describe = func(m *Manifest) (*Description, error) {
		got = m
		return testDescriber(m)
	}
	b := build(t, opts, testRecords(5))
	if got == nil || got.RecordCount != 5 || len(got.Shards) != 1 || got.Shards[0].SHA256 == "" {
		t.Fatalf("the Describer was given %+v, want the finished manifest", got)
	}
	rep, _, err := Check(bytes.NewReader(b), CheckOptions{})
	if err != nil || len(rep.Problems) > 0 {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	_, ms := unpack(t, b)
	var names []string
	for _, m := range ms {
		names = append(names, m.name)
	}
	want := []string{pathBagIt, pathSchema, shardPath(0), pathManifest, pathDataPackage, pathCroissant, pathNotes, pathCard, pathBagInfo, pathManifestSHA, pathTagManifest}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("members %v, want %v", names, want)
	}
	body := func(p string) string { return string(ms[find(ms, p)].body) }
	for _, p := range []string{pathDataPackage, pathCroissant} {
		if !strings.Contains(body(pathManifestSHA), "  "+p+"\n") {
			t.Errorf("manifest-sha256.txt does not list %s", p)
		}
	}
	if !strings.Contains(body(pathTagManifest), "  "+pathCard+"\n") || strings.Contains(body(pathManifestSHA), pathCard) {
		t.Errorf("README.md must be in the tag manifest only:\n%s", body(pathTagManifest))
	}
	info := body(pathBagInfo)
	if !strings.HasPrefix(info, "Bag-Software-Agent: quire ") || !strings.Contains(info, "Bag-Size: ") ||
		!strings.HasSuffix(info, "External-Identifier: doi:10.0000/example\nBag-Group-Identifier: news\n") {
		t.Errorf("bag-info.txt:\n%s", info)
	}
	// Without a Describer: none of them, and still valid.
	plain := build(t, testOptions(t), testRecords(5))
	_, pms := unpack(t, plain)
	for _, m := range pms {
		if m.name == pathCard || m.name == pathDataPackage || m.name == pathCroissant {
			t.Errorf("member %s without a Describer", m.name)
		}
	}
}

// TestDescriptionRefused: the writer refuses what the checker would.
func TestDescriptionRefused(t *testing.T) {
	for name, edit := range map[string]func(*Description){
		"datapackage not JSON":       func(d *Description) { d.DataPackage = []byte(`{"a":`) },
		"croissant an array":         func(d *Description) { d.Croissant = []byte(`[1]`) },
		"duplicate key":              func(d *Description) { d.DataPackage = []byte(`{"a":1,"a":2}`) },
		"card not UTF-8":             func(d *Description) { d.Card = []byte("caf\xe9") },
		"computed label":             func(d *Description) { d.BagInfo = append(d.BagInfo, BagInfoField{"Payload-Oxum", "1.1"}) },
		"computed label, other case": func(d *Description) { d.BagInfo = append(d.BagInfo, BagInfoField{"bag-size", "1 GB"}) },
		"label with a space":         func(d *Description) { d.BagInfo = append(d.BagInfo, BagInfoField{"Contact Name", "x"}) },
		"label with a colon":         func(d *Description) { d.BagInfo = append(d.BagInfo, BagInfoField{"A:B", "x"}) },
		"value with a newline": func(d *Description) {
			d.BagInfo = append(d.BagInfo, BagInfoField{"Contact-Name", "a\nPayload-Oxum: 1.1"})
		},
		"empty value":            func(d *Description) { d.BagInfo = append(d.BagInfo, BagInfoField{"Contact-Name", ""}) },
		"value with outer space": func(d *Description) { d.BagInfo = append(d.BagInfo, BagInfoField{"Contact-Name", " a"}) },
		"repeated single label":  func(d *Description) { d.BagInfo = append(d.BagInfo, BagInfoField{"Bag-Group-Identifier", "again"}) },
		"card too big":           func(d *Description) { d.Card = bytes.Repeat([]byte("x"), MaxDescriptionBytes+1) },
	} {
		opts := testOptions(t)
		opts.Describe = func(m *Manifest) (*Description, error) {
			d, _ := testDescriber(m)
			edit(d)
			return d, nil
		}
		w, err := NewWriter(&bytes.Buffer{}, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range testRecords(3) {
			if err := w.Add(r); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Close(); err == nil {
			t.Errorf("%s: written", name)
		}
	}
	// A Describer's error ends the bundle.
	opts := testOptions(t)
	opts.Describe = func(*Manifest) (*Description, error) { return nil, errors.New("no metadata") }
	w, _ := NewWriter(&bytes.Buffer{}, opts)
	if _, err := w.Close(); err == nil || !strings.Contains(err.Error(), "no metadata") {
		t.Errorf("Describer error: %v", err)
	}
}

// TestDescriptionChecked: the checker finds damage in the descriptive
// members without regenerating them, with every checksum fixed.
func TestDescriptionChecked(t *testing.T) {
	opts := testOptions(t)
	opts.Describe = testDescriber
	good := build(t, opts, testRecords(5))
	for _, tt := range []struct {
		name string
		edit func(ms []tmember) []tmember
		want report.Code
	}{
		{"datapackage not JSON", func(ms []tmember) []tmember {
			ms[find(ms, pathDataPackage)].body = []byte(`{"name":`)
			return ms
		}, report.BagIt},
		{"croissant not an object", func(ms []tmember) []tmember {
			ms[find(ms, pathCroissant)].body = []byte(`"x"`)
			return ms
		}, report.BagIt},
		{"card not UTF-8", func(ms []tmember) []tmember {
			ms[find(ms, pathCard)].body = []byte("# caf\xe9\n")
			return ms
		}, report.BagIt},
		{"bad label", func(ms []tmember) []tmember {
			i := find(ms, pathBagInfo)
			ms[i].body = append(ms[i].body, "Bad Label: x\n"...)
			return ms
		}, report.BagIt},
		{"quire's field again", func(ms []tmember) []tmember {
			i := find(ms, pathBagInfo)
			ms[i].body = append(ms[i].body, "Bag-Size: 1 GB\n"...)
			return ms
		}, report.BagIt},
		{"card changed, tag manifest not", nil, report.ChecksumMismatch},
	} {
		var b []byte
		if tt.edit != nil {
			top, ms := unpack(t, good)
			b = pack(t, top, tt.edit(ms), true)
		} else {
			top, ms := unpack(t, good)
			ms[find(ms, pathCard)].body = []byte("# another card\n")
			b = pack(t, top, ms, false)
		}
		rep := checkBytes(t, b, CheckOptions{})
		if !hasCode(rep, tt.want) {
			t.Errorf("%s: want %v, got %v", tt.name, tt.want, codes(rep))
		}
	}
	// A card in a quire-bundle/1 bundle is a member /1 does not have.
	b, _ := readFixture(t, "v1")
	top, ms := unpack(t, b)
	i := find(ms, pathBagInfo)
	ms = append(ms[:i], append([]tmember{{name: pathCard, typeflag: '0', body: []byte("# card\n")}}, ms[i:]...)...)
	rep := checkBytes(t, pack(t, top, ms, true), CheckOptions{})
	if !hasCode(rep, report.ExtraMember) {
		t.Errorf("README.md in a %s bundle: want Q306, got %v", FormatV1, codes(rep))
	}
}

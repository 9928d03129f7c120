package bundle

import (
	"bytes"
	"strings"
	"testing"
)

// TestMetadataFileRecorded: the metadata file a release was described
// with is recorded in the manifest by name and sha256, checks clean, and
// a writer refuses a name that is a path.
func TestMetadataFileRecorded(t *testing.T) {
	opts := testOptions(t)
	opts.Describe = testDescriber
	opts.Metadata = &MetadataFile{Path: "quire.toml", SHA256: strings.Repeat("ab", 32)}
	b := build(t, opts, testRecords(5))
	rep, _, err := Check(bytes.NewReader(b), CheckOptions{})
	if err != nil || len(rep.Problems) > 0 {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	_, ms := unpack(t, b)
	if m := string(ms[find(ms, pathManifest)].body); !strings.Contains(m, `"metadata": {`) || !strings.Contains(m, `"path": "quire.toml"`) {
		t.Errorf("manifest does not record the metadata file:\n%s", m)
	}
	opts = testOptions(t)
	opts.Metadata = &MetadataFile{Path: "a/quire.toml", SHA256: strings.Repeat("0", 64)}
	if _, err := NewWriter(&bytes.Buffer{}, opts); err == nil || !strings.Contains(err.Error(), "metadata.path") {
		t.Errorf("metadata path with a slash: %v", err)
	}
	opts = testOptions(t)
	opts.Metadata = &MetadataFile{Path: "quire.toml", SHA256: "nothex"}
	if _, err := NewWriter(&bytes.Buffer{}, opts); err == nil || !strings.Contains(err.Error(), "metadata.sha256") {
		t.Errorf("metadata sha256 not hex: %v", err)
	}
}

package normalize

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// stamp is what golden/normalizer.json records of the normalizer: its
// versions and a digest of what it makes of every page it is tested on.
type stamp struct {
	RulesVersion  string `json:"rules_version"`
	RulesSHA256   string `json:"rules_sha256"`
	EngineVersion string `json:"engine_version"`
	Documents     int    `json:"documents"`
	RecordsSHA256 string `json:"records_sha256"`
}

// TestOutputStamp keeps the promise that the versions recorded in a
// release name the normalizer that made its records: when the records of
// the seeds and both dev sets change, the rules version or EngineVersion
// must change too, and a change of the rules data (RulesSHA256) needs a
// new rules version. go test -run TestOutputStamp -update records a new
// stamp once a version was bumped.
func TestOutputStamp(t *testing.T) {
	n := newNormalizer(t)
	docs := append(seedDocs(t), devDocs(t)...)
	h := sha256.New()
	for _, d := range docs {
		rec, err := n.Normalize(Input{ID: d.id, Name: d.name, Data: d.data})
		if err != nil {
			h.Write([]byte("error " + d.id + ": " + err.Error() + "\n"))
			continue
		}
		line, err := record.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(line)
		h.Write([]byte("\n"))
	}
	got := stamp{
		RulesVersion: n.RulesVersion(), RulesSHA256: n.RulesSHA256(), EngineVersion: n.EngineVersion(),
		Documents: len(docs), RecordsSHA256: hex.EncodeToString(h.Sum(nil)),
	}
	path := filepath.Join("..", "..", "golden", "normalizer.json")
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestOutputStamp -update to create it)", err)
	}
	var want stamp
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	sameVersions := got.RulesVersion == want.RulesVersion && got.EngineVersion == want.EngineVersion
	switch {
	case got.RulesSHA256 != want.RulesSHA256 && got.RulesVersion == want.RulesVersion:
		t.Errorf("the rules data changed (sha256 %s, was %s) but rules.json's version is still %s: bump it (docs/RULES.md, Versions)",
			got.RulesSHA256, want.RulesSHA256, got.RulesVersion)
	case got.RecordsSHA256 != want.RecordsSHA256 && sameVersions:
		t.Errorf("the records of the %d test pages changed, but neither rules.json's version (%s) nor EngineVersion (%s) did: "+
			"bump the one whose change it is (docs/RULES.md, Versions), then record the new stamp with go test -run TestOutputStamp -update",
			got.Documents, got.RulesVersion, got.EngineVersion)
	case got != want:
		t.Errorf("%s is out of date: got %+v, want %+v; record it with go test -run TestOutputStamp -update", path, got, want)
	}
}

package bundle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// strictUnmarshal decodes one JSON value with the record decoder's
// strictness: valid UTF-8, no duplicate keys, no unknown fields.
func strictUnmarshal(b []byte, v any) error {
	if err := record.CheckJSON(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// budget is a reader that fails once more than n bytes were read while
// it is armed: the manifest's head is bounded, its records list is not.
type budget struct {
	r     io.Reader
	n     int64
	armed bool
}

func (b *budget) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if b.armed {
		b.n -= int64(n)
		if b.n < 0 {
			return n, fmt.Errorf("manifest fields other than records exceed %d bytes", MaxManifestHeadBytes)
		}
	}
	return n, err
}

// readManifest stream-parses data/manifest.json: the head fields are
// decoded one by one, the records list entry by entry, compared per shard
// with digests of what the shards held. The canonical bytes are rebuilt
// and hashed alongside, so a manifest that says the right things in a
// different spelling is still refused.
func (s *scanner) readManifest(name string) {
	bad := func(format string, args ...any) { s.addf(name, report.ManifestInvalid, format, args...) }
	bud := &budget{r: s.tr, n: MaxManifestHeadBytes, armed: true}
	dec := json.NewDecoder(&tokenLimit{r: bufio.NewReaderSize(bud, 32<<10)})
	var m Manifest
	fields := map[string]any{
		"format": &m.Format, "name": &m.Name, "version": &m.Version, "quire_version": &m.QuireVersion,
		"created": &m.Created, "record_count": &m.RecordCount, "schema": &m.Schema, "rules": &m.Rules,
		"compression": &m.Compression, "shards": &m.Shards, "metadata": &m.Metadata,
	}
	seen := map[string]bool{}
	canon := sha256.New()
	canonical := true
	var entries int64
	fail := func(err error) { bad("byte %d: %v", dec.InputOffset(), err) }
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		bad("not a JSON object")
		return
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			fail(err)
			return
		}
		key, _ := tok.(string)
		if seen[key] {
			bad("duplicate field %q", key)
			return
		}
		seen[key] = true
		if key == "records" {
			prefix, err := manifestPrefix(&m)
			if err != nil {
				fail(err)
				return
			}
			canon.Write(prefix)
			bud.armed = false
			n, ok := s.manifestRecords(name, dec, canon)
			if !ok {
				return
			}
			entries = n
			canon.Write(manifestSuffix(n))
			bud.armed, bud.n = true, MaxManifestHeadBytes
			continue
		}
		if seen["records"] {
			canonical = false // canonical order puts records last
		}
		dst, ok := fields[key]
		if !ok {
			bad("unknown field %q", key)
			return
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			fail(err)
			return
		}
		// A shard entry has six fields, so five commas and one between
		// entries: bound the entries before decoding, since "{}," in
		// the head's budget would otherwise become millions of structs.
		if key == "shards" && bytes.Count(raw, []byte(",")) >= 6*MaxMembers {
			bad("field %q: more than %d entries", key, MaxMembers)
			return
		}
		if err := strictUnmarshal(raw, dst); err != nil {
			bad("field %q: %v", key, err)
			return
		}
	}
	if _, err := dec.Token(); err != nil {
		fail(err)
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		bad("data after the manifest object")
		return
	}
	if !seen["records"] {
		bad("no records field")
		return
	}
	if _, err := io.Copy(io.Discard, bud); err != nil {
		fail(err)
		return
	}
	s.manifest = &m
	s.checkManifest(name, &m, entries)
	if s.level >= LevelFull && (!canonical || s.tr.memberSum() != hex.EncodeToString(canon.Sum(nil))) {
		bad("manifest is not in canonical form (field order, spacing or escaping differ from what quire writes)")
	}
}

// manifestRecords reads the records list, checks it against the shards
// read so far, and hashes its canonical form into canon.
func (s *scanner) manifestRecords(name string, dec *json.Decoder, canon io.Writer) (int64, bool) {
	bad := func(format string, args ...any) { s.addf(name, report.ManifestInvalid, format, args...) }
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		bad("records is not a JSON array")
		return 0, false
	}
	var n int64
	shard, inShard := 0, int64(0)
	digest := sha256.New()
	compare := s.level >= LevelFull
	check := func() {
		if shard < len(s.recs.shards) && compare {
			sh := s.recs.shards[shard]
			if !bytes.Equal(digest.Sum(nil), sh.digest.Sum(nil)) {
				s.addf(name, report.ManifestInvalid, "records list disagrees with shard %s (records %q to %q): an id or sha256 differs", sh.Path, sh.FirstID, sh.LastID)
			}
		}
		shard++
		inShard = 0
		digest.Reset()
	}
	for dec.More() {
		var e struct {
			ID     string `json:"id"`
			SHA256 string `json:"sha256"`
		}
		if err := dec.Decode(&e); err != nil {
			bad("records entry %d: %v", n, err)
			return n, false
		}
		canon.Write(recordEntry(n, e.ID, e.SHA256))
		n++
		for shard < len(s.recs.shards) && inShard == s.recs.shards[shard].Records {
			check()
		}
		if shard >= len(s.recs.shards) && compare && inShard == 0 {
			bad("records list has more entries than the shards have records (%d)", s.recs.count)
			compare = false
		}
		fmt.Fprintf(digest, "%s\x00%s\n", e.ID, e.SHA256)
		inShard++
	}
	for shard < len(s.recs.shards) {
		check()
	}
	if _, err := dec.Token(); err != nil {
		bad("records list: %v", err)
		return n, false
	}
	return n, true
}

// checkManifest compares the manifest head with what the bundle holds.
func (s *scanner) checkManifest(name string, m *Manifest, entries int64) {
	bad := func(format string, args ...any) { s.addf(name, report.ManifestInvalid, format, args...) }
	if formatNumber(m.Format) == 0 {
		s.addf(name, report.FormatVersion, "format %q: this quire reads %q and %q", m.Format, FormatV1, Format)
	}
	if s.level < LevelFull {
		return
	}
	for _, msg := range []string{checkName(m.Name), checkVersion("version", m.Version), checkVersion("rules version", m.Rules.Version)} {
		if msg != "" {
			bad("%s", msg)
		}
	}
	if want := m.Name + "-" + m.Version; s.bag.top != want {
		s.addf(name, report.BadMember, "top directory %q, want %q (name-version)", s.bag.top, want)
	}
	if m.QuireVersion == "" || len(m.QuireVersion) > 64 || containsControl(m.QuireVersion) {
		bad("quire_version %q: want 1 to 64 printable bytes", m.QuireVersion)
	}
	if !hexRE.MatchString(m.Rules.SHA256) {
		bad("rules.sha256 %q is not 64 lowercase hex digits", m.Rules.SHA256)
	}
	if msg := checkEngine(m.Rules.Engine); msg != "" {
		bad("%s", msg)
	}
	if msg := m.Rules.Repeats.check(); msg != "" {
		bad("%s", msg)
	}
	if msg := m.Metadata.check(); msg != "" {
		bad("%s", msg)
	}
	if m.Created == "" {
		if s.bag.mtime != 0 {
			bad("no created time, but members have mtime %d (want 0 without SOURCE_DATE_EPOCH)", s.bag.mtime)
		}
	} else if t, err := time.Parse(time.RFC3339, m.Created); err != nil || t.UTC().Format(time.RFC3339) != m.Created || t.Unix() != s.bag.mtime {
		bad("created %q: want the members' mtime %d as RFC 3339 UTC", m.Created, s.bag.mtime)
	}
	if m.RecordCount != s.recs.count || entries != s.recs.count {
		bad("record_count %d and %d records listed, but the shards hold %d records", m.RecordCount, entries, s.recs.count)
	}
	if m.Schema.ID != s.schema.id || m.Schema.Path != strings.TrimPrefix(pathSchema, "data/") || m.Schema.SHA256 != s.schema.sha {
		bad("schema {%q, %q, %s} does not describe the bundled schema {%q, %q, %s}", m.Schema.ID, m.Schema.Path, m.Schema.SHA256, s.schema.id, strings.TrimPrefix(pathSchema, "data/"), s.schema.sha)
	}
	frames := framesPerShard
	if m.Format == FormatV1 {
		frames = ""
	}
	if c := m.Compression; c.Codec != "zstd" || c.Concurrency != 1 || !c.Checksum || c.Window != MaxWindowBytes || c.Library == "" || c.LibraryVersion == "" || c.Level == "" || c.Frames != frames {
		s.addf(name, report.Compression, "compression %+v does not describe the zstd settings %s requires", c, formatName(s.formatNum()))
	}
	if len(m.Shards) != len(s.recs.shards) {
		bad("lists %d shards, the bundle holds %d", len(m.Shards), len(s.recs.shards))
	}
	for i := 0; i < len(m.Shards) && i < len(s.recs.shards); i++ {
		if got := s.recs.shards[i].Shard; m.Shards[i] != got {
			bad("shards[%d] is %+v, but the shard is %+v", i, m.Shards[i], got)
		}
	}
}

// checkBagInfo checks bag-info.txt: its syntax, then quire's own
// fields against the manifest and the payload (FormatV1: the whole file
// must be what quire writes; format 2: the fields after quire's own are
// a Describer's, checked for their syntax only).
func (s *scanner) checkBagInfo(name string, b []byte) {
	if s.level < LevelComplete {
		return
	}
	v1 := s.formatNum() == 1
	got := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	for i, line := range lines {
		at := report.Problem{Path: s.path, Member: name, Line: i + 1, Offset: -1}
		label, value, ok := strings.Cut(line, ": ")
		if !ok || label == "" || strings.TrimSpace(label) != label {
			s.rep.Addf(at, report.BagIt, "not a %q line", "Label: value")
			continue
		}
		key := strings.ToLower(label)
		if _, dup := got[key]; dup && (v1 || labelIn(label, singleLabels)) {
			s.rep.Addf(at, report.BagIt, "label %q repeated", label)
		}
		got[key] = value
	}
	if s.level < LevelFull || s.manifest == nil {
		return
	}
	var oxBytes int64
	for _, f := range s.bag.payload {
		oxBytes += f.size
	}
	own := bagInfoOwn(s.manifest, oxBytes, int64(len(s.bag.payload)))
	if ox := fmt.Sprintf("%d.%d", oxBytes, len(s.bag.payload)); got["payload-oxum"] != ox {
		s.addf(name, report.Oxum, "Payload-Oxum %q, but the payload is %s (octets.files)", got["payload-oxum"], ox)
		return
	}
	if v1 {
		if !bytes.Equal(b, own) {
			s.addf(name, report.BagIt, "bag-info.txt is not what quire writes for this manifest:\n%s", own)
		}
		return
	}
	if !bytes.HasPrefix(b, own) {
		s.addf(name, report.BagIt, "bag-info.txt does not start with the fields quire writes for this manifest:\n%s", own)
		return
	}
	ownLines := bytes.Count(own, []byte("\n"))
	for i, line := range lines[ownLines:] {
		at := report.Problem{Path: s.path, Member: name, Line: ownLines + i + 1, Offset: -1}
		label, value, ok := strings.Cut(line, ": ")
		if !ok {
			continue // reported above
		}
		if msg := checkBagInfoField(BagInfoField{Label: label, Value: value}); msg != "" {
			s.rep.Addf(at, report.BagIt, "%s", msg)
		} else if labelIn(label, computedLabels) {
			s.rep.Addf(at, report.BagIt, "%s is quire's own field; it comes once, before the descriptive fields", label)
		}
	}
}

// checkBagManifest checks a BagIt manifest against the files seen.
func (s *scanner) checkBagManifest(name string, b []byte, files []fileSum) {
	if s.level < LevelFull {
		return
	}
	want := map[string]string{}
	for _, f := range files {
		want[f.path] = f.sum
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		at := report.Problem{Path: s.path, Member: name, Line: i + 1, Offset: -1}
		sum, p, ok := strings.Cut(line, "  ")
		if !ok || !hexRE.MatchString(sum) {
			s.rep.Addf(at, report.BagIt, "not a %q line", "sha256  path")
			continue
		}
		p = unescapeBagPath(p)
		listed[p] = true
		w, ok := want[p]
		switch {
		case !ok:
			s.rep.Addf(at, report.BagIt, "lists %q, which is not in the bag", p)
		case w != sum:
			s.rep.Addf(at, report.ChecksumMismatch, "%s: sha256 %s listed, content has %s", p, sum, w)
		}
	}
	var missing []string
	for p := range want {
		if !listed[p] {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	for _, p := range missing {
		s.addf(name, report.BagIt, "no entry for %q", p)
	}
	if len(missing) == 0 && !bytes.Equal(b, bagManifest(files)) && !s.rep.HasErrors() {
		s.addf(name, report.BagIt, "not in canonical form (sorted %q lines)", "sha256  path")
	}
}

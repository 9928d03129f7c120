package bundle

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Member paths below the top directory, in the order they appear.
const (
	pathBagIt       = "bagit.txt"
	pathSchema      = "data/schema/record.schema.json"
	pathShardDir    = "data/records/"
	pathManifest    = "data/manifest.json"
	pathDataPackage = "data/datapackage.json"
	pathCroissant   = "data/croissant.json"
	pathNotes       = "data/RELEASE-NOTES.md"
	pathCard        = "README.md"
	pathBagInfo     = "bag-info.txt"
	pathManifestSHA = "manifest-sha256.txt"
	pathTagManifest = "tagmanifest-sha256.txt"
)

// bagitTxt is the exact content of bagit.txt.
const bagitTxt = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

// Pinned zstd settings, recorded in every manifest.
const (
	zstdLibrary = "github.com/klauspost/compress/zstd"
	// zstdLibraryVersion must match go.mod; TestLibraryVersion checks it.
	zstdLibraryVersion = "v1.20.3"
	zstdLevel          = "default"
)

// skippableMagic is the magic number of the trailer frame: one of the 16
// zstd skippable-frame magics (0x184D2A50-0x184D2A5F), chosen for quire.
const skippableMagic = 0x184D2A5E

var (
	nameRE   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	semverRE = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)
	hexRE    = regexp.MustCompile(`^[0-9a-f]{64}$`)
	shardRE  = regexp.MustCompile(`^data/records/([0-9]{6})\.jsonl$`)
)

// NameRule and VersionRule state the rules of CheckName and CheckVersion
// in the words of their messages, for callers that name the option
// themselves (release.OptionError).
const (
	NameRule    = "1 to 64 of a-z 0-9 . _ -, starting with a letter or digit" // 64: MaxNameBytes
	VersionRule = "MAJOR.MINOR.PATCH[-PRE][+BUILD], at most 64 bytes"
)

// checkName reports what is wrong with a dataset name, or "".
func checkName(name string) string {
	if !nameRE.MatchString(name) {
		return fmt.Sprintf("name %q: want %s", name, NameRule)
	}
	return ""
}

// checkVersion reports what is wrong with a semantic version, or "".
func checkVersion(what, v string) string {
	if len(v) > 64 || !semverRE.MatchString(v) {
		return fmt.Sprintf("%s %q is not a semantic version (%s)", what, v, VersionRule)
	}
	return ""
}

// shardPath returns the path of shard n below the top directory.
func shardPath(n int) string { return fmt.Sprintf("%s%06d.jsonl", pathShardDir, n) }

// ustarHeader returns the one 512-byte header block quire writes for a
// regular file: USTAR, mode 0644, uid/gid 0, no user or group names. The
// reader compares every header it reads with this block, so any other
// encoding of the same metadata is refused.
func ustarHeader(name string, size int64, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	err := tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeReg,
		Name:     name,
		Size:     size,
		Mode:     0o644,
		ModTime:  mtime,
		Format:   tar.FormatUSTAR,
	})
	if err != nil {
		return nil, fmt.Errorf("tar header for %q: %w", name, err)
	}
	if buf.Len() != blockSize {
		return nil, fmt.Errorf("tar header for %q: %d bytes, want %d", name, buf.Len(), blockSize)
	}
	return buf.Bytes(), nil
}

// Manifest is data/manifest.json without its records list, which can be
// millions of entries long and is only ever streamed.
type Manifest struct {
	Format       string      `json:"format"`
	Name         string      `json:"name"`
	Version      string      `json:"version"`
	QuireVersion string      `json:"quire_version"`
	Created      string      `json:"created,omitempty"` // RFC 3339 UTC, from SOURCE_DATE_EPOCH
	RecordCount  int64       `json:"record_count"`
	Schema       SchemaInfo  `json:"schema"`
	Rules        Rules       `json:"rules"`
	Compression  Compression `json:"compression"`
	Shards       []Shard     `json:"shards"`
	// Metadata, if set, is the dataset metadata file the release was
	// described with.
	Metadata *MetadataFile `json:"metadata,omitempty"`
}

// SchemaInfo identifies the schema the records were validated against.
type SchemaInfo struct {
	ID     string `json:"id"`
	Path   string `json:"path"` // below data/
	SHA256 string `json:"sha256"`
}

// Rules identifies the normalizer rules that made the records.
type Rules struct {
	Version string `json:"version"`
	SHA256  string `json:"sha256"`
	// Engine is the version of the normalizer's code
	// (normalize.EngineVersion), which the rules file does not describe:
	// with Version and SHA256 it names the normalizer that made the
	// records. Bundles written before it was recorded have none.
	Engine string `json:"engine,omitempty"`
	// Repeats, if set, records the corpus-level repeated-line pass the
	// build ran before normalizing: its inputs besides the rules, so that
	// the records can be reproduced and compared.
	Repeats *Repeats `json:"repeats,omitempty"`
}

// Repeats describes the corpus-level repeated-line statistics a build
// normalized with: lines found in at least K of the Docs documents were
// furniture. Digest identifies the statistics that mattered
// (normalize.LineStats.Digest(K)); Full says the counting cap was reached.
type Repeats struct {
	K       int    `json:"k"`
	MinDocs int    `json:"min_docs"`
	Docs    int    `json:"docs"`
	Full    bool   `json:"full"`
	Digest  string `json:"digest"`
}

// check returns what is wrong with r, or "".
func (r *Repeats) check() string {
	switch {
	case r == nil:
		return ""
	case r.K < 2 || r.MinDocs < 1 || r.Docs < r.MinDocs:
		return fmt.Sprintf("rules.repeats: k %d, min_docs %d, docs %d: want k ≥ 2 and docs ≥ min_docs ≥ 1", r.K, r.MinDocs, r.Docs)
	case !hexRE.MatchString(r.Digest):
		return fmt.Sprintf("rules.repeats.digest %q is not 64 lowercase hex digits", r.Digest)
	}
	return ""
}

// Compression records the pinned zstd settings. The tar sha256 in the
// trailer does not depend on them; the bundle's bytes do.
type Compression struct {
	Codec          string `json:"codec"`
	Library        string `json:"library"`
	LibraryVersion string `json:"library_version"`
	Level          string `json:"level"`
	Window         int64  `json:"window"`
	Concurrency    int    `json:"concurrency"` // 1: each frame is one encoder's sequential output
	Checksum       bool   `json:"checksum"`
	// Frames is where frames are cut (format 2: "shard", one frame
	// before the shards, one per shard, one from the manifest on);
	// absent in FormatV1, which is one frame.
	Frames string `json:"frames,omitempty"`
}

// framesPerShard is Compression.Frames of format 2.
const framesPerShard = "shard"

// pinnedCompression is what the writer uses and records. Library and
// level are informational: the trailer's frame digests, not a
// re-encoding, tie a bundle's compressed bytes to the release.
var pinnedCompression = Compression{
	Codec: "zstd", Library: zstdLibrary, LibraryVersion: zstdLibraryVersion,
	Level: zstdLevel, Window: MaxWindowBytes, Concurrency: 1, Checksum: true, Frames: framesPerShard,
}

// Shard describes one data/records/NNNNNN.jsonl member.
type Shard struct {
	Path    string `json:"path"` // below data/
	Records int64  `json:"records"`
	Bytes   int64  `json:"bytes"`
	SHA256  string `json:"sha256"`
	FirstID string `json:"first_id"`
	LastID  string `json:"last_id"`
}

// manifestPrefix returns the canonical bytes of m up to and including
// `"records": [`. The canonical manifest is this prefix, the record
// entries (see recordEntry), and manifestSuffix.
func manifestPrefix(m *Manifest) ([]byte, error) {
	c := *m
	if c.Shards == nil {
		c.Shards = []Shard{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n}\n"))
	return append(b, ",\n  \"records\": ["...), nil
}

// recordEntry returns the canonical line of one records list entry, with
// the separator that precedes it (i is its 0-based index).
func recordEntry(i int64, id, sum string) []byte {
	idJSON, _ := json.Marshal(id) // a string always encodes
	sep := ",\n"
	if i == 0 {
		sep = "\n"
	}
	return fmt.Appendf(nil, "%s    {\"id\": %s, \"sha256\": %q}", sep, idJSON, sum)
}

// manifestSuffix closes a canonical manifest with n record entries.
func manifestSuffix(n int64) []byte {
	if n == 0 {
		return []byte("]\n}\n")
	}
	return []byte("\n  ]\n}\n")
}

// bagInfo returns the exact content of bag-info.txt: quire's own fields
// (format 2 adds Bag-Size), then the Describer's.
func bagInfo(m *Manifest, oxumBytes, oxumFiles int64, fields []BagInfoField) []byte {
	var b strings.Builder
	b.Write(bagInfoOwn(m, oxumBytes, oxumFiles))
	writeBagInfoFields(&b, fields)
	return []byte(b.String())
}

// bagInfoOwn is the part of bag-info.txt quire computes.
func bagInfoOwn(m *Manifest, oxumBytes, oxumFiles int64) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "Bag-Software-Agent: quire %s\n", m.QuireVersion)
	if len(m.Created) >= 10 {
		fmt.Fprintf(&b, "Bagging-Date: %s\n", m.Created[:10])
	}
	fmt.Fprintf(&b, "External-Identifier: %s-%s\n", m.Name, m.Version)
	fmt.Fprintf(&b, "Payload-Oxum: %d.%d\n", oxumBytes, oxumFiles)
	if m.Format != FormatV1 {
		fmt.Fprintf(&b, "Bag-Size: %s\n", bagSize(oxumBytes))
	}
	return []byte(b.String())
}

// fileSum is one line of a BagIt manifest.
type fileSum struct {
	path string // below the top directory
	sum  string
	size int64
}

// bagManifest returns the exact content of a BagIt manifest of files:
// "sha256  path" lines sorted by path, so `sha256sum -c` reads them too.
func bagManifest(files []fileSum) []byte {
	s := append([]fileSum(nil), files...)
	sort.Slice(s, func(i, j int) bool { return s[i].path < s[j].path })
	var b bytes.Buffer
	for _, f := range s {
		fmt.Fprintf(&b, "%s  %s\n", f.sum, escapeBagPath(f.path))
	}
	return b.Bytes()
}

// escapeBagPath applies RFC 8493 section 2.1.3 escaping.
func escapeBagPath(p string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(p)
}

// unescapeBagPath reverses escapeBagPath.
func unescapeBagPath(p string) string {
	return strings.NewReplacer("%25", "%", "%0D", "\r", "%0A", "\n", "%0d", "\r", "%0a", "\n").Replace(p)
}

// Trailer is the JSON document in the skippable frame after the zstd
// frames. Format 2 lists the frames: the size and sha256 of each
// frame's compressed bytes fix them without re-running an encoder.
type Trailer struct {
	Format    string  `json:"format"`
	TarBytes  int64   `json:"tar_bytes"`
	TarSHA256 string  `json:"tar_sha256"`
	Frames    []Frame `json:"frames,omitempty"`
}

// Frame is one zstd frame of a format 2 bundle, in the trailer.
type Frame struct {
	TarBytes int64  `json:"tar_bytes"` // what it decodes to
	Bytes    int64  `json:"bytes"`     // its compressed size
	SHA256   string `json:"sha256"`    // of its compressed bytes
}

// trailerFrame returns the complete skippable frame for t.
func trailerFrame(t Trailer) []byte {
	body, _ := json.Marshal(t) // plain struct, always encodes
	body = append(body, '\n')
	f := make([]byte, 8, 8+len(body))
	putLE32(f[0:], skippableMagic)
	putLE32(f[4:], uint32(len(body)))
	return append(f, body...)
}

func putLE32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

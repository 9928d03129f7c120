package bundle

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/quire-archive/quire/dataset/report"
)

// memberSpec is one row of the format's member table (docs/FORMAT.md
// §3): the checker reads a bundle by looking each member up here, so the
// table is the layout the spec describes, in the order members appear.
type memberSpec struct {
	path     string // below the top directory (shards: a pattern)
	limit    int64  // largest content [Q303]
	required bool   // [Q305] if missing
	since    int    // the first format number that has it
	// read checks a member that is read whole (at most limit bytes);
	// nil for the shards and the manifest, which are streamed.
	read func(s *scanner, name string, b []byte)
}

// The indexes of the members the scanner treats apart.
const (
	mBagIt = iota
	mSchema
	mShard
	mManifest
	mDataPackage
	mCroissant
	mNotes
	mCard
	mBagInfo
	mManifestSHA
	mTagManifest
	memberKinds // the number of rows
)

var memberTable = []memberSpec{
	mBagIt:       {path: pathBagIt, limit: MaxTagFileBytes, required: true, since: 1, read: (*scanner).readBagIt},
	mSchema:      {path: pathSchema, limit: MaxSchemaBytes, required: true, since: 1, read: (*scanner).readSchema},
	mShard:       {path: pathShardDir + "NNNNNN.jsonl", limit: MaxShardBytes, since: 1},
	mManifest:    {path: pathManifest, limit: MaxManifestBytes, required: true, since: 1},
	mDataPackage: {path: pathDataPackage, limit: MaxDescriptionBytes, since: 2, read: (*scanner).readJSONObject},
	mCroissant:   {path: pathCroissant, limit: MaxDescriptionBytes, since: 2, read: (*scanner).readJSONObject},
	mNotes:       {path: pathNotes, limit: MaxNotesBytes, since: 1, read: (*scanner).readText},
	mCard:        {path: pathCard, limit: MaxDescriptionBytes, since: 2, read: (*scanner).readText},
	mBagInfo:     {path: pathBagInfo, limit: MaxTagFileBytes, required: true, since: 1, read: (*scanner).checkBagInfo},
	mManifestSHA: {path: pathManifestSHA, limit: MaxTagFileBytes, required: true, since: 1, read: (*scanner).readManifestSHA},
	mTagManifest: {path: pathTagManifest, limit: MaxTagFileBytes, required: true, since: 1, read: (*scanner).readTagManifest},
}

// lookupMember returns the table index of a member path (and the shard
// number for a shard), or -1.
func lookupMember(rel string) (kind, shard int) {
	if m := shardRE.FindStringSubmatch(rel); m != nil {
		n := 0
		for _, c := range m[1] {
			n = n*10 + int(c-'0')
		}
		return mShard, n
	}
	for k, spec := range memberTable {
		if k != mShard && spec.path == rel {
			return k, 0
		}
	}
	return -1, 0
}

// formatNumber is the number of a known format string, else 0.
func formatNumber(f string) int {
	switch f {
	case FormatV1:
		return 1
	case Format:
		return 2
	}
	return 0
}

func (s *scanner) readBagIt(name string, b []byte) {
	if s.level >= LevelComplete && string(b) != bagitTxt {
		s.addf(name, report.BagIt, "bagit.txt must be exactly %q", bagitTxt)
	}
}

func (s *scanner) readSchema(name string, b []byte) {
	var head struct {
		ID string `json:"$id"`
	}
	_ = jsonUnmarshal(b, &head)
	s.schema.id, s.schema.sha, s.schema.raw = head.ID, sum(b), b
	if s.level < LevelFull {
		return
	}
	known, msg := knownSchema(b)
	if known != nil {
		s.useSchema(known)
	}
	if msg != "" {
		s.addf(name, report.SchemaMismatch, "bundled schema %q: %s; records are checked against quire's own", head.ID, msg)
	} else {
		s.schema.ok = true
	}
}

// readText checks a Markdown member: release notes, the dataset card.
func (s *scanner) readText(name string, b []byte) {
	if s.level >= LevelComplete && !utf8.Valid(b) {
		s.addf(name, report.BagIt, "%s is not valid UTF-8", strings.TrimPrefix(name, s.bag.top+"/"))
	}
}

// readJSONObject checks datapackage.json and croissant.json: what any
// quire's would satisfy, not what this quire would write.
func (s *scanner) readJSONObject(name string, b []byte) {
	if s.level < LevelComplete {
		return
	}
	if err := checkJSONObject(b); err != nil {
		s.addf(name, report.BagIt, "%s: %v", strings.TrimPrefix(name, s.bag.top+"/"), err)
	}
}

func (s *scanner) readManifestSHA(name string, b []byte) {
	s.checkBagManifest(name, b, s.bag.payload)
}

// readTagManifest checks tagmanifest-sha256.txt against every tag file
// read before it.
func (s *scanner) readTagManifest(name string, b []byte) {
	var tags []fileSum
	for _, p := range []string{pathBagIt, pathCard, pathBagInfo, pathManifestSHA} {
		if sum, ok := s.bag.tags[p]; ok || p != pathCard {
			tags = append(tags, fileSum{path: p, sum: sum})
		}
	}
	s.checkBagManifest(name, b, tags)
}

// missingMembers reports the required members of format f not seen.
func (s *scanner) missingMembers(f int) {
	for k, spec := range memberTable {
		if spec.required && spec.since <= f && !s.bag.seen[k] {
			s.addf(s.bag.top+"/"+spec.path, report.MissingMember, "required member is missing")
		}
	}
}

// memberOrder reports a member that comes before one it must follow.
func (s *scanner) memberOrder(name string, kind, n int) {
	b := &s.bag
	if kind < b.rank || (kind == mShard && n != b.shardN) {
		want := memberTable[b.rank].path
		if b.rank == mShard || kind == mShard {
			want = shardPath(b.shardN) + " or a later member"
		}
		s.addf(name, report.MemberOrder, "member out of order: expected %s", want)
	}
	b.rank = max(b.rank, kind)
}

// notInFormat reports a member the bundle's format does not have.
func (s *scanner) notInFormat(name string, spec memberSpec) bool {
	if f := s.formatNum(); spec.since > f {
		s.addf(name, report.ExtraMember, "member not allowed by %s", formatName(f))
		return true
	}
	return false
}

func formatName(f int) string {
	if f == 1 {
		return FormatV1
	}
	return fmt.Sprintf("quire-bundle/%d", f)
}

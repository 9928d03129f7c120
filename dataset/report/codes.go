package report

import "fmt"

// Code is a stable problem code: a number that never changes meaning and
// a short name. Codes are listed in docs/CONTRIBUTING.md (a test keeps that
// table current); new ones are appended.
type Code struct {
	Num      int
	Name     string
	Severity Severity // default severity
	Help     string   // one line for the docs: what it means
}

func (c Code) String() string { return fmt.Sprintf("Q%03d %s", c.Num, c.Name) }

// ID returns the code's number as "Q101".
func (c Code) ID() string { return fmt.Sprintf("Q%03d", c.Num) }

// The codes. Ranges: 1xx raw documents, 2xx records, 3xx bundle
// container (zstd, tar), 4xx bundle contents (BagIt, manifest),
// 5xx dataset-level checks, 6xx suspicious content, 7xx signatures.
// A code that is no longer reported stays, its Help saying since when
// ("retired, …"), so that its number is never given another meaning.
var (
	InvalidUTF8      = Code{101, "invalid-utf8", Error, "bytes that are not UTF-8; re-encode the file as UTF-8"}
	NULByte          = Code{102, "nul-byte", Error, "a NUL byte: the file is binary or corrupt"}
	BOM              = Code{103, "bom", Warning, "a byte-order mark at the start; it is stripped, but remove it"}
	MixedNewlines    = Code{104, "mixed-line-endings", Warning, "a mix of LF, CRLF and CR line endings"}
	DocTooLarge      = Code{105, "too-large", Error, "the file exceeds the size limit"}
	DocEmpty         = Code{106, "empty", Error, "the file has no text"}
	BadName          = Code{107, "bad-name", Error, "the file name does not give a valid record id"}
	NoText           = Code{108, "no-text", Error, "normalization removed every line: nothing of an article is left"}
	NotRegular       = Code{109, "not-regular-file", Error, "a symbolic link, named pipe, device or socket: only plain files are read, and links are never followed"}
	NoProse          = Code{110, "no-prose", Error, "fewer words of prose than an article has (contrib.MinProseWords): punctuation, a menu, a caption, a list"}
	RecordJSON       = Code{201, "bad-json", Error, "the record line is not a single well-formed JSON object"}
	RecordUTF8       = Code{202, "record-invalid-utf8", Error, "the record line holds invalid UTF-8 or a lone surrogate escape"}
	DuplicateKey     = Code{203, "duplicate-key", Error, "an object in the record has the same key twice"}
	RecordTooDeep    = Code{204, "too-deep", Error, "the record nests deeper than the limit"}
	RecordTooLong    = Code{205, "line-too-long", Error, "the record line exceeds the size limit"}
	SchemaViolation  = Code{206, "schema", Error, "the record does not satisfy the record schema"}
	NotCanonical     = Code{207, "not-canonical", Error, "the record is not in canonical JSON form"}
	DuplicateID      = Code{208, "duplicate-id", Error, "two records have the same id"}
	Unsorted         = Code{209, "unsorted", Error, "records are not sorted by id"}
	ZstdCorrupt      = Code{301, "zstd", Error, "the zstd stream is corrupt or truncated"}
	TarCorrupt       = Code{302, "tar", Error, "the tar stream is corrupt or truncated"}
	TooBig           = Code{303, "too-big", Error, "a size limit was exceeded (decompressed size, member size, member count)"}
	BadMember        = Code{304, "bad-member", Error, "a tar member has an unsafe or unexpected path or type"}
	MissingMember    = Code{305, "missing-member", Error, "a required member is missing"}
	ExtraMember      = Code{306, "extra-member", Error, "a member that the format does not allow"}
	MemberOrder      = Code{307, "member-order", Error, "members are not in the order the format requires"}
	TrailingData     = Code{308, "trailing-data", Error, "bytes after the end of the bundle"}
	Trailer          = Code{309, "trailer", Error, "the bundle's trailer frame is missing, malformed or disagrees with the tar stream"}
	Compression      = Code{310, "compression", Error, "the zstd frames differ from the sizes and digests the trailer records, are not cut or set as the format requires, or (quire-bundle/1) are not quire's encoding of their content"}
	BytesUnverified  = Code{311, "bytes-unverified", Warning, "the content is verified, but nothing ties the compressed bytes to the release: no trailer records them (a recompressed copy), or a quire-bundle/1 bundle was written with another zstd library; a .sha256 file or a signature can"}
	FileChecksum     = Code{312, "file-checksum", Error, "the bundle's sha256 differs from the one its .sha256 file records: the file is not the released one"}
	BagIt            = Code{401, "bagit", Error, "bagit.txt or bag-info.txt is malformed"}
	ChecksumMismatch = Code{402, "checksum", Error, "a checksum does not match the content"}
	Oxum             = Code{403, "oxum", Error, "Payload-Oxum does not match the payload"}
	ManifestInvalid  = Code{404, "manifest", Error, "the dataset manifest is malformed or disagrees with the records"}
	FormatVersion    = Code{405, "format-version", Error, "the bundle's format version is not one this quire reads"}
	SchemaMismatch   = Code{406, "schema-mismatch", Error, "the bundled schema differs from the schema quire knows for its $id"}
	ShardLayout      = Code{407, "shard-layout", Error, "records are not split into shards the way the format requires"}
	IDCollision      = Code{501, "id-collision", Error, "the id is already used by another record of the dataset"}
	ExactDuplicate   = Code{502, "exact-duplicate", Error, "the normalized text is identical to another record's, whatever the id"}
	NearDuplicate    = Code{503, "near-duplicate", Error, "the text is nearly the same as another record's (MinHash estimate of word-shingle Jaccard similarity at or above the threshold)"}
	SeedNameUnusual  = Code{504, "unconventional-name", Warning, "the name is not NNN_<first 16 hex of sha256>.txt, the seeds convention; quire add stores it under that name"}
	SeedNameMismatch = Code{505, "name-mismatch", Error, "the name has the seeds form but its hash is not that of the bytes, or its sequence number is taken"}
	SeedNameStale    = Code{506, "stale-name", Warning, "a document already in the seeds directory whose name's hash is not that of its bytes: edited after it was named, or named before the convention; its id stays"}
	HTMLLeftover     = Code{601, "html-leftover", Warning, "HTML tags or entities left in the text"}
	Mojibake         = Code{602, "mojibake", Warning, "UTF-8 decoded as Windows-1252 or Latin-1 (e.g. \"â€™\" for \"’\") or U+FFFD replacement characters"}
	TooShort         = Code{603, "too-short", Warning, "the text has fewer words than an article"}
	NotEnglish       = Code{604, "not-english", Warning, "retired: no longer reported since Q607 replaced it (a dataset may be in any language, and records carry their detected one since schema v2); it meant few common English words"}
	BoilerplateLeft  = Code{605, "boilerplate-left", Error, "normalizing the record's text again would remove a line: boilerplate is left in it"}
	MissingMetadata  = Code{606, "missing-metadata", Warning, "the record has no title, outlet or published date"}
	Language         = Code{607, "language", Warning, "the text's language is not one the dataset takes (the languages quire.toml declares, else those of its records), or no language is detected: no running text in one language quire knows"}
	SigMalformed     = Code{701, "signature-malformed", Error, "the signature or public key file is not in minisign format"}
	SigWrongKey      = Code{702, "wrong-key", Error, "the bundle was signed by another key than the one given"}
	SigInvalid       = Code{703, "signature-invalid", Error, "the signature does not verify: it is damaged or forged"}
	SigModified      = Code{704, "signed-file-modified", Error, "the bundle's bytes are not the bytes that were signed"}
	SigLegacy        = Code{705, "legacy-signature", Error, "a legacy (non-prehashed) minisign signature; re-sign without -l"}
	SigMissing       = Code{706, "signature-missing", Error, "a signature was asked for (-pubkey) and the bundle has none"}
)

// All returns every code, in number order, for documentation and tests.
func All() []Code {
	return []Code{
		InvalidUTF8, NULByte, BOM, MixedNewlines, DocTooLarge, DocEmpty, BadName, NoText, NotRegular, NoProse,
		RecordJSON, RecordUTF8, DuplicateKey, RecordTooDeep, RecordTooLong, SchemaViolation, NotCanonical, DuplicateID, Unsorted,
		ZstdCorrupt, TarCorrupt, TooBig, BadMember, MissingMember, ExtraMember, MemberOrder, TrailingData, Trailer, Compression, BytesUnverified, FileChecksum,
		BagIt, ChecksumMismatch, Oxum, ManifestInvalid, FormatVersion, SchemaMismatch, ShardLayout,
		IDCollision, ExactDuplicate, NearDuplicate, SeedNameUnusual, SeedNameMismatch, SeedNameStale,
		HTMLLeftover, Mojibake, TooShort, NotEnglish, BoilerplateLeft, MissingMetadata, Language,
		SigMalformed, SigWrongKey, SigInvalid, SigModified, SigLegacy, SigMissing,
	}
}

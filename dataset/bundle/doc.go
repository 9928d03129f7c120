// Package bundle writes and checks quire release bundles
// ("quire-bundle/2", specified in docs/FORMAT.md; "quire-bundle/1" is
// still read): a zstd-compressed tar, one zstd frame per shard, whose one
// top directory is a BagIt 1.0 bag, followed by a zstd skippable frame
// that carries the sha256 of the tar stream and of every frame.
//
//   - Streaming both ways: Writer takes records one at a time and Reader
//     and Check read a bundle from an io.Reader. Memory is bounded by the
//     limits below (on write, about two shards of pooled chunks: one
//     filling, one or two being compressed on the tar stream's goroutines;
//     on read, the batches of lines being
//     checked on all cores, workers × 4 × 256 KiB plus one line each),
//     never by the number of records.
//   - Byte-reproducible: tar headers are built field by field (never from
//     file info), the zstd encoder settings are pinned, shard and frame
//     boundaries are a pure function of the sorted records, each frame is
//     one encoder's sequential output (frames are compressed in parallel,
//     never blocks within a frame), and timestamps come only from
//     SOURCE_DATE_EPOCH.
//   - Fixity without re-encoding (fixity.go): the trailer records each
//     frame's size and sha256, which the checker compares by hashing, so
//     any zstd library may write a bundle; a copy without the trailer is
//     content-verified with a warning (Q311); a .sha256 file decides byte
//     identity (CheckOptions.FileSHA256).
//   - The member table (members.go) is the format's member list as data:
//     path, limit, required, first format, check. The descriptive members
//     (describe.go) are made by a Describer outside this package and
//     checked here for what holds whoever made them, never regenerated.
//   - The checker trusts nothing: declared sizes are only upper bounds
//     enforced with io.LimitedReader{N: limit+1}; the zstd frame and tar
//     headers are parsed here, byte by byte, and each tar header must be
//     exactly the header this package would write; the bundled schema must
//     equal quire's embedded schema for its $id.
//   - Every problem goes into a report.Report with a stable code and a
//     location (member, line, record id, JSON pointer); checking goes on
//     after a problem wherever the stream still makes sense.
//   - One parsing path: Check and Reader share the same scanner, and
//     Writer runs the same record, name and header checks before it
//     writes, so quire cannot produce a bundle Check rejects. The record
//     checks are done by Prepare, which callers run on all cores; the
//     CheckedRecord it returns cannot be made any other way, and is all
//     Writer.AddChecked takes.
//   - A bundle can be built on many machines with the same bytes
//     (docs/SCALING.md): ShardCutter/CutShards cut sorted lines by the
//     shard rule that Writer and Check use (one function, fitsShard),
//     BuildShard and VerifyShard work on one shard each, anywhere, and
//     Assemble writes the bundle from the parts through the Writer's own
//     manifest, BagIt, tar, zstd and trailer code, checking every line
//     with VerifyShard's code unless the caller says it ran
//     (SkipLineChecks). PrepareLine is Prepare for a line encoded
//     elsewhere; ShardPart decodes from JSON strictly.
//   - Record lines are checked by dataset/record/linecheck, the one
//     definition of a valid record line (shared with quire validate's
//     JSON Lines checks and quire normalize), against the bundled schema
//     with the codec of its record version: bundles written with an
//     older record schema stay valid. Its fast path only ever accepts
//     what its slow path (strict decoding, gojsonschema, canonical form)
//     accepts; anything else goes to the slow path, whose verdict and
//     messages are reported.
//
// Check levels (CheckOptions.Level):
//
//   - LevelFast: the zstd frames and trailer (every frame's size and
//     sha256), the tar structure, every size limit and the tar sha256.
//   - LevelComplete: LevelFast plus the member set and order, path rules,
//     the top directory name, the BagIt tag files and the dataset
//     manifest's syntax and format version.
//   - LevelFull (the default): LevelComplete plus every checksum (BagIt
//     manifests, dataset manifest, shards), Payload-Oxum, and every record:
//     strict decoding, canonical form, schema, id order and uniqueness.
//
// Imports: dataset/record, dataset/record/linecheck, dataset/report,
// schema and github.com/klauspost/compress/zstd. It is imported by
// dataset/release (which writes releases and reads bundles as the sides
// of a diff), cmd/quire (validate, inspect) and bench/jsonl2bundle. It
// does not normalize: records come to it made.
package bundle

import "github.com/quire-archive/quire/dataset/record"

// Format is the format string of the bundles this package writes. It
// reads FormatV1 bundles too, by their own rules (docs/FORMAT.md §12).
const Format = "quire-bundle/2"

// FormatV1 is the first format: one zstd frame, whose bytes are checked
// by re-encoding them (docs/FORMAT.md §7.2). Bundles of it validate
// forever; nothing writes it any more.
const FormatV1 = "quire-bundle/1"

// Limits on bundles. A bundle that exceeds one is rejected (report code
// Q303 too-big); the writer refuses to write one. They are far above what
// a real dataset needs and low enough that a hostile bundle cannot
// exhaust memory or disk.
const (
	// MaxDecompressedBytes bounds the whole tar stream (256 GiB).
	MaxDecompressedBytes = 256 << 30
	// MaxMembers bounds the number of tar members, and so the number of
	// shards the checker keeps statistics for.
	MaxMembers = 1 << 16
	// MaxShardBytes is the size at which the writer starts a new shard and
	// the largest shard the reader accepts. The writer buffers one shard
	// in memory, so this is also the writer's main memory cost.
	MaxShardBytes = 32 << 20
	// MaxShardRecords is the number of records at which the writer starts
	// a new shard.
	MaxShardRecords = 100000
	// MaxManifestBytes bounds data/manifest.json, which lists every record
	// (about 100 bytes each).
	MaxManifestBytes = 8 << 30
	// MaxManifestHeadBytes bounds everything in data/manifest.json except
	// the records list: the decoder buffers a whole JSON value.
	MaxManifestHeadBytes = 32 << 20
	// MaxJSONTokenBytes bounds one token of data/manifest.json (a
	// string, number or run of white space): the JSON decoder buffers a
	// whole token. quire's longest is under 200 bytes.
	MaxJSONTokenBytes = 64 << 10
	// MaxSchemaBytes bounds data/schema/record.schema.json.
	MaxSchemaBytes = 1 << 20
	// MaxNotesBytes bounds data/RELEASE-NOTES.md.
	MaxNotesBytes = 16 << 20
	// MaxTagFileBytes bounds bagit.txt, bag-info.txt, manifest-sha256.txt
	// and tagmanifest-sha256.txt.
	MaxTagFileBytes = 16 << 20
	// MaxTrailerBytes bounds the trailer frame's JSON document: in
	// format 2 it lists every zstd frame (at most MaxMembers + 2, about
	// 130 bytes each). A FormatV1 trailer is at most maxTrailerBytesV1.
	MaxTrailerBytes = 16 << 20
	// MaxDescriptionBytes bounds each of README.md,
	// data/datapackage.json and data/croissant.json (format 2).
	MaxDescriptionBytes = 32 << 20
	// MaxBagInfoValueBytes bounds the value of one descriptive
	// bag-info.txt field (format 2).
	MaxBagInfoValueBytes = 64 << 10
	// MaxWindowBytes is the zstd window the writer uses and the largest
	// the reader accepts, so decoding needs a bounded buffer.
	MaxWindowBytes = 8 << 20
	// MaxNameBytes bounds a dataset name; with a version of at most 64
	// bytes every member path fits a USTAR header without PAX records.
	MaxNameBytes = 64
)

// MaxLineBytes is the largest record line (record.MaxLineBytes),
// repeated here so the limits of a bundle are listed in one place.
const MaxLineBytes = record.MaxLineBytes

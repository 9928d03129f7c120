// Package release is quire's release recipe: how the records of a
// dataset are derived from its raw documents, and how a release bundle
// is built from them. Every command that makes records from raw
// documents — build, normalize, diff and validate of a seeds directory,
// add — goes through it, so they all make the same records: a diff of
// a release with the seeds it was built from finds nothing, and quire
// normalize prints the stored record.
//
//   - The recipe of a corpus (Open) is its sorted listing, the
//     corpus-level repeated-line statistics (a pre-pass over every
//     document when the pass is on and the corpus has at least
//     MinRepeatCorpus documents), the normalizer configured with them
//     and the rules record a manifest stores (rules file version and
//     sha256, normalize.EngineVersion, the pass's K, document count and
//     digest). Records streams the records in id order, normalized on
//     all cores; Side reads them as one side of a diff. Standalone is the
//     recipe of a document outside any corpus (no statistics).
//
//   - Options are checked once, before any document is read
//     (Options.Check, NewBuilder), by the rules the bundle writer and
//     checker apply (bundle.CheckName, bundle.CheckVersion,
//     bundle.CheckSourceDateEpoch): a bad -version or SOURCE_DATE_EPOCH
//     fails at once, not after the pre-pass has read the corpus.
//
//   - Builder.Build writes a release to an io.Writer in one pass over the
//     documents after the pre-pass: records are normalized, encoded and
//     checked on the workers, written in id order, and with a previous
//     release compared as they go (release notes, the semver gate of
//     diff.CheckVersion). With Bump it chooses the version itself
//     (NextVersion). Paths, temporary files and the atomic rename are the
//     caller's.
//
//   - The repeated-line statistics are exact counts of documents per
//     line, so they can be computed per document, merged associatively
//     and finalized (LineCounts, FinalStats): a pipeline that counts the
//     corpus in pieces gets quire build's statistics. In-process, the
//     count spills sorted runs to TempDir (internal/linecount), so memory
//     stays bounded: the listing's and the counter's run buffers, the
//     pipeline window, the bundle writer's two shards.
//
//   - Output is deterministic: the same documents and options give the
//     same bytes whatever the number of workers or the file order.
//
//   - A release built elsewhere (a pipeline over many machines) reuses the
//     recipe piece by piece: the listing's rules (internal/corpus), the
//     line statistics (DocLineCounts, LineCounts.Merge, LineCounts.Stats
//     or FinalStats), Configure for the normalizer and the rules record
//     from them, and the bundle package's shard API for the bytes.
//
// Imports: dataset/bundle, dataset/diff, dataset/normalize,
// dataset/record, schema, internal/build, internal/corpus,
// internal/linecount and golang.org/x/mod/semver. cmd/quire imports it;
// bundle, diff and normalize know nothing of it.
package release

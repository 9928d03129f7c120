// Package job builds a quire release as an Apache Beam pipeline (Go
// SDK), so that a corpus too large for one machine is built on the
// engine its owner already runs — Flink, Spark, Google Cloud Dataflow,
// or Prism on one machine — into exactly the bundle `quire build`
// writes for the same seeds and options, byte for byte.
//
// The pipeline (docs/SCALING.md has the picture):
//
//  1. list: one worker lists the seeds directory with package corpus
//     (the same checks and errors as quire build); the documents are
//     then spread over the workers (Reshuffle), each with its position
//     in the sorted listing.
//  2. line hashes (with -repeats, from normalize.MinRepeatCorpus
//     documents on): per document, in parallel; the corpus statistics
//     are built from them in listing order, as quire build's pre-pass
//     builds them, and reach the normalizing workers as a side input.
//  3. normalize + check: per document, in parallel: the record, its
//     checks (bundle.Prepare) and its canonical line; a document that
//     fails goes to an error output, never into a shard.
//  4. cut: one worker cuts the sorted line lengths into shards with
//     bundle.CutShards (one small number per record).
//  5. shards: records grouped by shard (GroupByKey), sorted, re-checked
//     (bundle.PrepareLine), written by bundle.BuildShard to a staging
//     directory and read back through bundle.VerifyShard, in parallel.
//  6. assemble: one worker writes the bundle from the verified shards
//     with bundle.Assemble, and commits it and its .sha256 as quire build
//     does — or fails with every document error, as quire build does.
//
// Rules every step keeps, because a runner groups without order and may
// run any step more than once (a retried bundle, a backup task):
//
//   - Nothing depends on the order elements arrive in: every collection
//     that needs an order is sorted by the listing position first.
//   - Every file is written to a temporary name and renamed to a name
//     that is a function of the content's place (shard number, bundle
//     name), and its content is a function of the input: a step that
//     runs twice writes the same bytes to the same name.
//   - The staging directory is removed by the launcher after the job
//     succeeded (Cleanup), never by the job, so a retried step always
//     finds what it needs.
//
// Imports: dataset/bundle, dataset/normalize, dataset/record, schema,
// internal/corpus, internal/atomicfile, and the Beam SDK. This package is
// its own Go module (beam/go.mod), so quire itself never depends on Beam.
package job

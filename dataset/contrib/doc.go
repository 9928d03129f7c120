// Package contrib checks contributions to a dataset: raw documents and
// JSON Lines files of records, against the records already in it.
//
//   - A Checker reads untrusted input from io.Readers and fs.FS trees and
//     adds every problem it finds to a *report.Report, each with a stable
//     code, a severity, a location and a message that says what to do. It
//     never changes anything; an error is returned only for I/O trouble.
//   - Raw documents are checked in order: size, encoding (every invalid
//     UTF-8 sequence and NUL with its line, column and byte offset; BOM;
//     mixed line endings), file name, then the normalizer and the record
//     schema on the record it makes, then the dataset and content checks.
//   - JSON Lines are streamed with record.LineReader, one line at a time:
//     a broken line is reported and skipped, so it hides nothing after
//     it; a line over the limit is an error, not an allocation.
//   - Dataset checks: id collisions, exact duplicates (same normalized
//     text) and near-duplicates (dedup MinHash similarity ≥ threshold),
//     against the dataset index and against what was checked earlier in
//     the same run. The run's own index costs dedup.BytesPerEntry per
//     record, whatever the record's length.
//   - Content checks are warnings: HTML left over, mojibake, a text too
//     short to be an article, a text with few English stop words.
//   - A document whose name and bytes are those of a dataset record is
//     that record, not a duplicate of it: validating the seeds directory
//     against itself reports no collisions.
//
// Place and Recover add checked documents to a seeds directory, all or
// none, with a journal for crash recovery.
//
// Imports: atomicfile, corpus, dedup, normalize, record, record/linecheck,
// report, schema.
package contrib

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
//   - What makes a document an article is MinProseWords words of prose
//     (CountProse); fewer is an error (Q110). Other content checks are
//     warnings: HTML left over, mojibake, a short text.
//   - Language (Q607, a warning): a dataset may be in any language. A
//     text's language is its record's (the normalizer's detection; for a
//     record line, the one it states, else the one detected in its
//     text); it must be one of the languages the dataset takes
//     (Options.Languages: those its maintainer declares, else those of
//     its records), and there must be one: no detected language means
//     no running text in a language quire knows.
//   - A document whose name and bytes are those of a dataset record is
//     that record, not a duplicate of it: validating the seeds directory
//     against itself reports no collisions. Its name is still checked
//     (a stale hash, a shared sequence number).
//   - CheckFS refuses what is not a regular file (Q109), from the listing
//     or from a *safefile.NotRegularError of Open, so give it a
//     safefile.DirFS: then no entry is followed or waited on.
//
// A Lock holds a seeds directory (flock on the directory): exclusive for
// an add, whose names, sequence numbers and duplicates must be decided
// against a directory no other add changes before its files are placed;
// shared for a reader. Lock.Place adds checked documents, all or none,
// with a journal for crash recovery; Lock.Recover (and Recover, which
// takes the lock) undoes an interrupted add.
//
// Imports: atomicfile, corpus, dedup, lang, normalize, record,
// record/linecheck, report, safefile, schema.
package contrib

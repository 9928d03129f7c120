// Package diff compares two versions of a quire dataset and says what a
// release changed: records added, removed, renamed and changed (down to
// fields, text paragraphs and removed-boilerplate lines), schema, rules
// and manifest changes, and the smallest semver bump the change needs.
//
//   - Records come from two Sides, each yielding records in strictly
//     increasing id order (byte-wise). The package does not know where
//     records come from (a bundle, a JSON Lines file, a seeds directory):
//     JSONLSide and MemSide are provided, other sources implement Side.
//   - The sides are merged as streams: memory is bounded by the largest
//     record, except for rename detection, which keeps a content hash,
//     the id and the About (title, outlet, date, each cut to 120 runes;
//     not for the Stat reporter) of each added and removed record until
//     the end, up to Options.MaxPending records (see docs/DIFF.md). With
//     Options.NoRenames nothing grows with the number of records.
//   - Every change carries the About of its record, so release notes
//     name articles, not only ids.
//   - A record's content, for rename detection, is its canonical
//     encoding with id and source.name blanked: the id is the source
//     file's stem, so renaming the file changes both.
//   - Results go to a Reporter as they are found; the text, stat, JSON
//     and Markdown reporters write to an io.Writer. Output is a function
//     of the inputs only: no map iteration reaches it, lists are sorted.
//   - Nothing here exits, prints to a terminal or reads files by path;
//     colour and caps on detail are options chosen by the caller.
//
// Imports: dataset/record (the record codec: strict decoding with the
// fast path for canonical lines, of every record version) and
// golang.org/x/mod/semver; nothing imports this package except
// cmd/quire.
package diff

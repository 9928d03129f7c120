// Package normalize turns one raw document into one record. It is pure
// and deterministic: the same bytes and rules file give the same record.
//
// The pipeline has stages, each with one job:
//
//  1. Hygiene (Clean): reject oversize input (MaxDocumentBytes), invalid
//     UTF-8 and NUL bytes with the byte offset and line, and documents
//     with no text. Strip a BOM; split at LF, CRLF and CR; remove
//     invisible format and control characters (ZWJ/ZWNJ survive only
//     between two visible non-ASCII characters, where emoji and scripts
//     need them); map Unicode spaces to a space; NFC; collapse runs of
//     spaces; trim. Blank lines separate blocks. Line numbers stay those
//     of the raw input. Notes for validators: BOM, mixed line endings,
//     count of removed characters.
//  2. Line rules: each rule of the embedded rules.json (a semver
//     version, rules grouped in families, each with examples that a test
//     runs) decides one line on its own: a prefix to remove (crawler
//     metadata), a label line (navigation), a whole line (browser
//     warnings, promos, cookie notices, footers, …) or a caption split
//     into text, credit and expander. A cheap keyword and word-count
//     prefilter runs before any regular expression, and a pattern
//     anchored at the end first checks the line's last rune (endset.go).
//  3. Context rules look at neighbouring lines: masthead runs (staff role
//     lines with their header) and caption fragments (a cut-off copy of a
//     caption next to it). Zones ("outside-body": before the first or after
//     the last prose line) are computed per pass.
//     3b. The line classifier (classify.go, docs/RULES.md) decides what no
//     rule did, as a page model in steps: features and jusText classes of
//     each line in the document's language (internal/lang detects it;
//     densities are shares of the language's prose density); furniture
//     evidence (stamp clusters of comments and teasers, bios, headings of
//     other stories in eight languages, share bars, lines the page repeats,
//     runs of labels); context smoothing (short and thin lines take the
//     class of their neighbours, so lists, code and sub-headings inside an
//     article stay); the end of the article below an explicit marker;
//     with Options.Repeats (LineStats), lines recurring across the corpus.
//     A line leaves the text only on such evidence; there is no body cut.
//     Rule ids are "classifier:…", and why names the reason and figures.
//     Its thresholds and word lists are the "classifier" section of
//     rules.json, so the rules version and sha256 cover them; the code's
//     own version is EngineVersion.
//  4. Stages 2 to 3b run as passes over the lines that are still body
//     text, until a pass changes nothing (at most maxPasses). The title is
//     chosen once, among lines the classifier removes anyway. Running to a
//     fixed point is what makes normalization idempotent: the record's
//     text, normalized again, loses nothing.
//  5. Metadata, only from what the text says (meta.go): the title is a
//     headline-shaped line above the text that shares words with its
//     start or is followed by a byline or date — never the first
//     sentence; authors come from a byline above the text ("By …",
//     "Von …", "Par …"), published from a date line there (the first
//     publication date, never an update; or a crawler prefix), both in
//     English and the main European languages and never guessed; outlet
//     comes from a dateline ("(CNN) —", "WASHINGTON (Reuters) -") or a
//     promo line that names the site; language is the one detected, or
//     null when unsure.
//  6. Assembly: kept lines of one block joined by "\n", blocks by "\n\n";
//     captions and removed lines and spans, with their raw line numbers and
//     rule ids, in source order.
//
// Rules are conservative: when unsure, a line is kept. Every non-blank
// line is accounted for once, as title, text, caption or removed; Account
// checks this for tests, fuzzing and validators.
//
// Imports: dataset/record, dataset/report, internal/lang. Nothing imports
// back.
package normalize

// Package lang tells the language of a document and gives the line
// classifier what it needs in any language: stop-word lists and a count
// of words and stop words that means the same in every script.
//
//   - Detect (or a Sampler fed line by line) returns a Lang: an ISO 639-1
//     code, or Unsure when the sample is not clearly running text in one
//     language. It never guesses: a record's language is then null.
//   - Detection looks only at a bounded sample (the SampleLines longest
//     lines, each cut at SampleLineBytes), so its cost does not grow with
//     the document, and short lines (menus, buttons in another language)
//     do not reach it. Scripts without spaces decide alone; otherwise the
//     stop-word lists vote, and github.com/abadojack/whatlanggo's trigram
//     model, restricted to the close languages, decides between languages
//     that share many words (Spanish and Portuguese …).
//   - Why this design: on the 644 hand-labelled dev pages every detector
//     measured is right on 641–642 (the rest: a page in a language with no
//     ISO 639-1 code, and a page half German, half English), so cost
//     chose: 25 µs of CPU a page for this package, 700–830 µs for
//     whatlanggo alone, 22 ms for lingua-go (which also adds 133 MB of
//     binary and 50 MB–1 GB of models). docs/LANG.md has the figures and
//     the commands; internal/lang/compare (a module of its own, so that
//     lingua-go stays out of quire's go.mod) measures them.
//   - (Lang).Stopwords returns the language's list, or the fallback list
//     for Unsure. The lists are stopwords-iso 1.1.0 (MIT), trimmed by one
//     rule for every language; stopwords/SOURCE.md says where they come
//     from and how they were made, stopwords/make.py makes them.
//     DataSHA256 is their digest, for the normalizer's rules digest.
//   - Count(line, set) returns (units, stops) in one pass over the line's
//     bytes, without allocating: words in scripts written with spaces,
//     pairs of characters in Chinese, Japanese, Thai, Lao, Khmer and
//     Burmese. Set.ProseDensity is the share of running text a list
//     covers: stop-word densities differ by language (Polish article
//     lines 0.34, English 0.50), so thresholds are best shares of it.
//
// Everything is immutable after first use and safe for concurrent use;
// the Sampler is per document. The package imports nothing of quire.
package lang

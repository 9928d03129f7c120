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
//     do not reach it. The detector is github.com/abadojack/whatlanggo,
//     restricted to the languages that have a list; its answer is kept
//     only if the sample has MinStopDensity stop words of that language.
//   - (Lang).Stopwords returns the language's list, or the fallback list
//     for Unsure. The lists are stopwords-iso 1.1.0 (MIT), trimmed by one
//     rule for every language; stopwords/SOURCE.md says where they come
//     from and how they were made, stopwords/make.py makes them.
//     DataSHA256 is their digest, for the normalizer's rules digest.
//   - Count(line, set) returns (units, stops) in one pass over the line's
//     bytes, without allocating: words in scripts written with spaces,
//     pairs of characters in Chinese, Japanese, Thai, Lao, Khmer and
//     Burmese.
//
// Everything is immutable after first use and safe for concurrent use;
// the Sampler is per document. The package imports nothing of quire.
package lang

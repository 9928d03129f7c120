// Package gen generates realistic synthetic corpora of raw news documents
// (and the records a normalizer would make of them) for benchmarks and
// large tests. Corpora are generated on demand and never committed.
//
//   - Deterministic: document i is a pure function of (Options, i). Each
//     document draws from its own math/rand/v2 PCG stream keyed by the
//     seed and i, so documents can be generated in any order, on any
//     number of goroutines, and the next version of a corpus can be made
//     without holding the first.
//   - Realistic where the normalizer looks: a log-normal size distribution
//     (DefaultMeanBytes, clamped to [mean/4, 5×mean]), a headline, an
//     optional standfirst and byline, 3–40 paragraphs separated by blank
//     lines, sometimes <br>-style consecutive lines, typographic
//     punctuation (curly quotes, dashes, ellipses, NBSP), sometimes zero
//     width spaces, CRLF line ends or a BOM, datelines with an outlet,
//     crawler "date YYYY-MM-DD" prefixes, and every boilerplate Family at
//     the rate Family.Rate documents. Prose is built from a small grammar
//     with news-like stop-word density, not lorem ipsum.
//   - Output is valid UTF-8 without NULs, named by the seeds convention
//     NNNNNNN_<first 16 hex digits of the sha256 of the bytes>.txt.
//   - No package-level mutable state; a *Generator is immutable and safe
//     for concurrent use.
//
// gen imports dataset/record (for the record mode) and nothing else of
// quire; nothing in quire's release path imports gen.
package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// DefaultMeanBytes is the mean document size when Options.MeanBytes is 0,
// close to the mean of real scraped news pages.
const DefaultMeanBytes = 4096

// Limits on Options.MeanBytes. The largest document is 5×MaxMeanBytes
// plus boilerplate, below normalize.MaxDocumentBytes (8 MiB).
const (
	MinMeanBytes = 512
	MaxMeanBytes = 1 << 20
)

// SeqDigits is the zero-padded width of sequence numbers in names, so
// that names sort in sequence order up to 10 million documents.
const SeqDigits = 7

// Options configure a Generator. The zero value is valid: seed 0,
// DefaultMeanBytes.
type Options struct {
	// Seed selects the corpus. Equal seeds give equal corpora.
	Seed uint64
	// MeanBytes is the target mean document size; 0 means
	// DefaultMeanBytes.
	MeanBytes int
	// PlainNames names documents NNNNNNN.txt instead of
	// NNNNNNN_<hash>.txt, so that an edited document keeps its name (and
	// record id) in the next version; with hash names an edit is a
	// removal plus an addition.
	PlainNames bool
}

// Generator makes the documents of one corpus.
type Generator struct {
	opts     Options
	mu       float64 // log-normal location of the target size
	min, max int     // clamp of the target size
}

// sigma is the log-normal shape of the size distribution: with it about
// 90 % of documents fall between 0.4× and 2.4× the mean.
const sigma = 0.55

// New returns a generator for opts.
func New(opts Options) (*Generator, error) {
	if opts.MeanBytes == 0 {
		opts.MeanBytes = DefaultMeanBytes
	}
	if opts.MeanBytes < MinMeanBytes || opts.MeanBytes > MaxMeanBytes {
		return nil, fmt.Errorf("mean document size %d bytes out of range [%d, %d]", opts.MeanBytes, MinMeanBytes, MaxMeanBytes)
	}
	return &Generator{
		opts: opts,
		// E[exp(N(mu, sigma²))] = exp(mu + sigma²/2).
		mu:  math.Log(float64(opts.MeanBytes)) - sigma*sigma/2,
		min: opts.MeanBytes / 4,
		max: opts.MeanBytes * 5,
	}, nil
}

// Options returns the options g was made with, defaults filled in.
func (g *Generator) Options() Options { return g.opts }

// Doc returns the file name and bytes of document i (i ≥ 0).
func (g *Generator) Doc(i int) (name string, data []byte) {
	d := g.build(i)
	data = d.render(nil)
	return g.name(i, data), data
}

// Info describes document i: what Doc(i) contains, for tests and for
// benchmarks that need ground truth.
func (g *Generator) Info(i int) Info {
	d := g.build(i)
	data := d.render(nil)
	return d.info(g.name(i, data), len(data))
}

// Name returns the seeds-convention file name of document seq with the
// given bytes.
func Name(seq int, data []byte) string {
	sum := sha256.Sum256(data)
	return fmt.Sprintf("%0*d_%s.txt", SeqDigits, seq, hex.EncodeToString(sum[:8]))
}

// PlainName returns the file name of document seq under
// Options.PlainNames.
func PlainName(seq int) string {
	return fmt.Sprintf("%0*d.txt", SeqDigits, seq)
}

func (g *Generator) name(i int, data []byte) string {
	if g.opts.PlainNames {
		return PlainName(i)
	}
	return Name(i, data)
}

// Stream purposes: each (seed, i, purpose) has its own random stream, so
// deciding a document's fate in the next version does not shift the
// draws that make the document.
const (
	streamDoc = iota
	streamFate
	streamEdit
	numStreams
)

func (g *Generator) rng(i int, purpose uint64) *rand.Rand {
	key := uint64(i)*numStreams + purpose
	return rand.New(rand.NewPCG(splitmix(g.opts.Seed^splitmix(key)), splitmix(key+0x9e3779b97f4a7c15)))
}

// splitmix is SplitMix64's finalizer: it spreads nearby keys (i, i+1)
// over unrelated PCG states.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// targetSize draws a document's target size.
func (g *Generator) targetSize(r *rand.Rand) int {
	n := int(math.Exp(g.mu + sigma*r.NormFloat64()))
	return min(max(n, g.min), g.max)
}

// Info is the ground truth of one document.
type Info struct {
	Name  string
	Bytes int
	// Families lists the boilerplate families present, in Families()
	// order.
	Families []Family
	// Paragraphs counts body paragraphs (not headline, standfirst,
	// byline, captions or boilerplate).
	Paragraphs int
	Features   Features
}

// Features are the document-level traits other than boilerplate.
type Features struct {
	Headline    bool // a headline line (else the record's title is null)
	Standfirst  bool // a one-sentence summary under the headline
	Byline      bool // "By NAME" line
	Dateline    bool // "WASHINGTON (Reuters) - " style outlet signal
	CrawlerDate bool // "date YYYY-MM-DD " prefix of the first line
	BRLines     bool // a paragraph of consecutive lines
	CurlyQuotes bool // typographic quotes and apostrophes
	NBSP        bool // no-break spaces after honorifics and in figures
	ZWSP        bool // zero width spaces inside the body
	CRLF        bool // CRLF line ends
	BOM         bool // a UTF-8 byte order mark
}

// Feature rates: the probability that a document has the feature.
const (
	RateHeadline    = 0.95
	RateStandfirst  = 0.40
	RateByline      = 0.30
	RateDateline    = 0.25
	RateCrawlerDate = 0.20
	RateBRLines     = 0.15
	RateCurlyQuotes = 0.75
	RateNBSP        = 0.15
	RateZWSP        = 0.02
	RateCRLF        = 0.03
	RateBOM         = 0.01
)

func itoa(i int) string { return strconv.Itoa(i) }

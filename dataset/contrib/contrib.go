package contrib

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/dedup"
	"github.com/quire-archive/quire/schema"
)

// Defaults of Options.
const (
	// DefaultNearThreshold is the estimated Jaccard similarity of 5-word
	// shingle sets from which a text is a near-duplicate. On the dev set
	// (153 pages, normalized) the most similar pair of different
	// articles scores well below it; see docs/CONTRIBUTING.md.
	DefaultNearThreshold = 0.5
	// DefaultMinWords is the fewest words of an article's text.
	DefaultMinWords = 50
	// maxPerKind caps the problems of one kind reported per document
	// (invalid bytes, HTML lines, …); the rest are counted in one more.
	maxPerKind = 10
)

// Options configures a Checker.
type Options struct {
	Normalizer *normalize.Normalizer // required
	Schema     *schema.Schema        // required: the record schema
	// Dataset holds the existing records; nil checks the contribution
	// on its own.
	Dataset *dedup.Index
	// SeedNames requires raw documents to be named NNN_<16 hex>.txt, the
	// convention of a maintained seeds directory.
	SeedNames bool
	// NearThreshold is the similarity from which a text is a
	// near-duplicate (0: DefaultNearThreshold; above 1: never).
	NearThreshold float64
	// MinWords is the fewest words of an article (0: DefaultMinWords).
	MinWords int
	// MaxLineBytes bounds a JSON Lines line (0: record.MaxLineBytes).
	MaxLineBytes int
	// Languages are the languages the dataset takes, for the language
	// check (Q607); empty, only a text of no detected language is
	// reported.
	Languages Languages
}

// Checker checks contributions. It remembers what it has checked, so a
// contribution's files are also checked against each other. It is not
// safe for concurrent use.
type Checker struct {
	opts  Options
	batch *dedup.Index
	// seqs maps the sequence numbers of seeds-convention ids to an id,
	// for the dataset and the documents checked so far.
	seqs map[int]string
	// seqIDs maps a sequence number that several ids of the dataset
	// share to all of them, in order.
	seqIDs map[int][]string
	next   int // next free sequence number
}

// New returns a Checker.
func New(opts Options) (*Checker, error) {
	if opts.Normalizer == nil || opts.Schema == nil {
		return nil, errors.New("contrib: Options need a Normalizer and a Schema")
	}
	if opts.NearThreshold == 0 {
		opts.NearThreshold = DefaultNearThreshold
	}
	if opts.NearThreshold < 0 {
		return nil, fmt.Errorf("contrib: near-duplicate threshold %v is negative", opts.NearThreshold)
	}
	if opts.MinWords == 0 {
		opts.MinWords = DefaultMinWords
	}
	if opts.MaxLineBytes <= 0 || opts.MaxLineBytes > record.MaxLineBytes {
		opts.MaxLineBytes = record.MaxLineBytes
	}
	// Sorted copies, for messages that do not depend on the caller's
	// order (or change when the caller's slices do).
	opts.Languages.Declared = slices.Compact(slices.Sorted(slices.Values(opts.Languages.Declared)))
	opts.Languages.Records = slices.Compact(slices.Sorted(slices.Values(opts.Languages.Records)))
	c := &Checker{opts: opts, batch: dedup.NewIndex(), seqs: map[int]string{}, seqIDs: map[int][]string{}}
	if opts.Dataset != nil {
		for _, id := range opts.Dataset.IDs() {
			c.noteSeq(id)
			if seq, _, ok := corpus.SeedName(id); ok {
				n, _ := strconv.Atoi(seq)
				if first := c.seqs[n]; first != id {
					if len(c.seqIDs[n]) == 0 {
						c.seqIDs[n] = []string{first}
					}
					c.seqIDs[n] = append(c.seqIDs[n], id)
				}
			}
		}
	}
	return c, nil
}

// noteSeq records the sequence number of a seeds-convention id.
func (c *Checker) noteSeq(id string) {
	seq, _, ok := corpus.SeedName(id)
	if !ok {
		return
	}
	n, err := strconv.Atoi(seq)
	if err != nil {
		return
	}
	if _, taken := c.seqs[n]; !taken {
		c.seqs[n] = id
	}
	if n >= c.next {
		c.next = n + 1
	}
}

// NextSeq returns the first sequence number after every one in ids that
// follows the seeds convention (0 if none does).
func NextSeq(ids []string) int {
	c := &Checker{seqs: map[int]string{}}
	for _, id := range ids {
		c.noteSeq(id)
	}
	return c.next
}

// SeedID is the seeds-convention id of a document: the sequence number,
// zero-padded to three digits, and the first 16 hex digits of the
// sha256 of its raw bytes.
func SeedID(seq int, sha256hex string) string {
	return fmt.Sprintf("%03d_%s", seq, sha256hex[:16])
}

// Document is a raw document that was checked, with the name it has or
// would be given in a seeds directory.
type Document struct {
	Path   string // as given, for messages
	SHA256 string // hex sha256 of the raw bytes
	Bytes  int64
	// Name is the file name the document gets in the dataset: its own,
	// or the seeds-convention name when Options.SeedNames is set.
	Name string
	// Existing is set when the document is a record of the dataset
	// already (same file name, same bytes).
	Existing bool
	// Errors is set when any error-severity problem was reported for it.
	Errors bool
}

// sortedKeys returns m's keys in order, for deterministic output.
func sortedKeys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

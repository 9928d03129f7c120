package bundle

import (
	"errors"
	"fmt"
	"io"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// Level says how much Check verifies; see the package doc.
type Level int

const (
	LevelFast Level = iota + 1
	LevelComplete
	LevelFull
)

// ParseLevel parses "fast", "complete" or "full".
func ParseLevel(s string) (Level, error) {
	switch s {
	case "fast":
		return LevelFast, nil
	case "complete":
		return LevelComplete, nil
	case "full", "":
		return LevelFull, nil
	}
	return 0, fmt.Errorf("check level %q: want fast, complete or full", s)
}

func (l Level) String() string {
	switch l {
	case LevelFast:
		return "fast"
	case LevelComplete:
		return "complete"
	}
	return "full"
}

// CheckOptions configures Check and Open.
type CheckOptions struct {
	Level Level  // 0 means LevelFull
	Path  string // names the bundle in problems
	// Schema is the record schema records are checked against until
	// the bundled schema is read (nil: the latest). Records are checked
	// against quire's copy of the schema the bundle names, with that
	// record version's codec, so old bundles stay valid.
	Schema *schema.Schema
	// MaxDecompressedBytes lowers MaxDecompressedBytes (0: the default).
	MaxDecompressedBytes int64
	// Workers is the number of goroutines Check runs record checks on
	// (0: GOMAXPROCS). The report does not depend on it.
	Workers int
	// FileSHA256, if set, is the sha256 (hex) the whole file must have,
	// as its .sha256 file records it (see ParseChecksumFile): a mismatch
	// is an error [Q312]; a match proves the compressed bytes are the
	// release's, whatever else could not (Q311). Check only.
	FileSHA256 string
}

// Check reads a whole bundle and reports every problem it finds. The
// error is only for trouble reading r; a bundle that is not valid gives
// a report with errors. The manifest is nil if it could not be read.
func Check(r io.Reader, opts CheckOptions) (*report.Report, *Manifest, error) {
	rep := &report.Report{}
	s, err := newScanner(r, opts, rep)
	if err != nil {
		return nil, nil, err
	}
	defer s.z.dec.Close()
	// Hash the tar stream and each member on goroutines of their own.
	s.tarSum, s.tr.async = newAsyncSum(), true
	if s.z.reSum != nil {
		s.z.reSum = newAsyncSumOf(s.z.reSum)
	}
	defer func() {
		closeSum(s.tarSum)
		if s.z.reSum != nil {
			closeSum(s.z.reSum)
		}
		if s.tr.sum != nil {
			closeSum(s.tr.sum)
		}
	}()
	s.pool = newCheckPool(s, opts.Workers)
	defer s.pool.close()
	for !s.done {
		if s.recs.lr != nil {
			s.readShardParallel()
			continue
		}
		s.step()
	}
	s.settle()
	s.settleFixity()
	if err := s.ioErr(); err != nil {
		return rep, s.manifest, err
	}
	rep.Sort()
	return rep, s.manifest, nil
}

// ioErr is set when reading the underlying reader failed (not the
// bundle's fault).
func (s *scanner) ioErr() error {
	var ioe *ioError
	if s.z.fr.err != nil && errors.As(s.z.fr.err, &ioe) {
		return ioe.err
	}
	return nil
}

// ReadManifest reads a bundle at LevelComplete and returns its manifest
// head. It fails if the bundle has errors that level finds.
func ReadManifest(r io.Reader) (*Manifest, error) {
	rep, m, err := Check(r, CheckOptions{Level: LevelComplete})
	if err != nil {
		return nil, err
	}
	if rep.HasErrors() {
		return nil, &InvalidError{Report: rep}
	}
	if m == nil {
		return nil, errors.New("bundle has no manifest")
	}
	return m, nil
}

// InvalidError is returned by Reader and ReadManifest for a bundle with
// problems; Report holds them.
type InvalidError struct{ Report *report.Report }

func (e *InvalidError) Error() string {
	if len(e.Report.Problems) == 0 {
		return "invalid bundle"
	}
	n, _ := e.Report.Counts()
	return fmt.Sprintf("invalid bundle: %s (%d errors)", e.Report.Problems[0], n)
}

// Reader streams a bundle's records in id order, checking everything
// LevelFull checks as it goes (the frames against the trailer's digests
// included) except FormatV1's canonical zstd encoding: a reader of
// records needs the content right, which the frame checksum, the member
// and record hashes and the tar sha256 prove, while whether an old
// release file is byte for byte what quire writes is Check's question
// (re-encoding doubles the CPU of reading). Next fails at the first
// error; warnings (Q311) do not stop it. Records are checked on all
// cores (CheckOptions.Workers), some batches of lines ahead of the one
// Next returns from; their verdicts are taken in line order, so the
// records returned do not depend on the number of workers.
type Reader struct {
	s   *scanner
	err error
	cur *lineBatch // checked lines being returned
	i   int        // next item of cur
}

// Open starts reading a bundle, up to its first record.
func Open(r io.Reader, opts CheckOptions) (*Reader, error) {
	opts.Level, opts.FileSHA256 = LevelFull, ""
	s, err := newScanner(r, opts, &report.Report{})
	if err != nil {
		return nil, err
	}
	if re, ok := s.z.reSum.(*reencoder); ok { // see the Reader doc
		re.close()
		s.z.reSum = nil
	}
	s.pool = newSpawnPool(s, opts.Workers)
	rd := &Reader{s: s}
	for !s.done && s.recs.lr == nil && !s.rep.HasErrors() && !s.bag.seen[mShard] && !s.bag.seen[mManifest] {
		s.step()
	}
	if err := rd.check(); err != nil {
		s.z.dec.Close()
		return nil, err
	}
	return rd, nil
}

func (rd *Reader) check() error {
	if rd.err == nil {
		if err := rd.s.ioErr(); err != nil {
			rd.err = err
		} else if rd.s.rep.HasErrors() {
			rd.s.rep.Sort()
			rd.err = &InvalidError{Report: rd.s.rep}
		}
	}
	return rd.err
}

// Next returns the next record and its canonical line (valid until the
// next call). After the last record it reads the rest of the bundle and
// returns io.EOF if the bundle is valid, or an *InvalidError.
func (rd *Reader) Next() (*record.Record, []byte, error) {
	s, p := rd.s, rd.s.pool
	for {
		if err := rd.check(); err != nil {
			return nil, nil, err
		}
		if b := rd.cur; b != nil && rd.i < len(b.items) {
			it := &b.items[rd.i]
			rd.i++
			if s.account(b.sh, b.member, it.lineNo, it.ordinal, it.first, it.sum, it.r, it.ps) {
				return it.r, b.line(rd.i - 1), nil
			}
			continue // check fails
		}
		if rd.cur != nil {
			p.recycle(rd.cur)
			rd.cur = nil
		}
		// Keep the workers busy before waiting for the oldest batch.
		if s.recs.lr != nil && len(p.pending) < p.max {
			s.readLines(true)
			continue
		}
		if len(p.pending) > 0 {
			rd.cur, rd.i = p.oldest(), 0
			continue
		}
		// Nothing in flight: the scanner may read other members, which
		// settles verdicts (none are left to lose).
		if s.done {
			s.z.dec.Close()
			return nil, nil, io.EOF
		}
		s.step()
	}
}

// Schema returns the bundled schema's bytes, which Open has checked are
// quire's own schema for its $id.
func (rd *Reader) Schema() []byte { return append([]byte(nil), rd.s.schema.raw...) }

// Manifest returns the manifest head once Next has returned io.EOF.
func (rd *Reader) Manifest() *Manifest {
	if !rd.s.done {
		return nil
	}
	return rd.s.manifest
}

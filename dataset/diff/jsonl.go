package diff

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/quire-archive/quire/dataset/record"
)

// JSONLSide reads records from JSON Lines, one canonical or
// non-canonical record per line, decoded strictly (record.Decode: a
// line of any record version quire knows, read as the version its fields
// need, with a fast path for canonical lines; JSON Lines name no schema,
// so a file written with schema v1 reads as it always did, its records
// without authors or language). It checks that ids strictly increase,
// since the merge depends on it, and names the offending line when they
// do not.
//
// Lines are decoded on all cores: Next reads lines ahead in batches and
// hands each batch to a goroutine of its own, then takes the records in
// line order, so what Next returns and which error comes first do not
// depend on the number of cores. Memory is bounded by the batches in
// flight (jsonlBatchesPerCPU per core, each of jsonlBatchBytes plus one
// line and its record); every goroutine ends with its batch, so a side
// that is dropped half-read leaks nothing.
//
// Info reports the records' common rules_version when all records share
// one (and the info given to NewJSONLSide has none).
type JSONLSide struct {
	lr      *record.LineReader
	info    SideInfo
	prev    string
	n       int
	rules   string
	mixed   bool
	broken  bool
	readErr error // the line reader's error, returned after the lines before it

	pending []*jsonlBatch // decoding, in line order
	cur     *jsonlBatch   // being returned by Next
	i       int           // next item of cur
	free    []*jsonlBatch
	max     int
}

const (
	// jsonlBatchBytes is the size at which a batch of lines is handed
	// to a decoding goroutine.
	jsonlBatchBytes = 256 << 10
	// jsonlBatchesPerCPU bounds the batches read ahead.
	jsonlBatchesPerCPU = 4
)

type jsonlBatch struct {
	buf   []byte
	items []jsonlItem
	done  chan struct{}
}

type jsonlItem struct {
	end    int // the line is buf[previous end:end]
	lineNo int
	r      *record.Record // set by the decoding goroutine
	err    error
}

func (b *jsonlBatch) decode() {
	start := 0
	for k := range b.items {
		it := &b.items[k]
		it.r, _, it.err = record.Decode(b.buf[start:it.end])
		start = it.end
	}
	close(b.done)
}

// NewJSONLSide returns a side reading r. info.Label names the input in
// errors.
func NewJSONLSide(r io.Reader, info SideInfo) *JSONLSide {
	return &JSONLSide{lr: record.NewLineReader(r, record.MaxLineBytes), info: info,
		max: runtime.GOMAXPROCS(0) * jsonlBatchesPerCPU}
}

// ErrUnsorted is wrapped by errors about records out of id order.
var ErrUnsorted = errors.New("records not in strictly increasing id order")

// fill reads lines into batches and starts decoding them until max
// batches are in flight or the input ends.
func (s *JSONLSide) fill() {
	for len(s.pending) < s.max && s.readErr == nil {
		var b *jsonlBatch
		if n := len(s.free); n > 0 {
			b, s.free = s.free[n-1], s.free[:n-1]
			b.buf, b.items = b.buf[:0], b.items[:0]
		} else {
			b = &jsonlBatch{buf: make([]byte, 0, jsonlBatchBytes+4096)}
		}
		for len(b.buf) < jsonlBatchBytes {
			line, err := s.lr.Next()
			if err != nil {
				s.readErr = err
				break
			}
			b.buf = append(b.buf, line...)
			b.items = append(b.items, jsonlItem{end: len(b.buf), lineNo: s.lr.Line()})
		}
		if len(b.items) == 0 {
			s.free = append(s.free, b)
			break
		}
		b.done = make(chan struct{})
		s.pending = append(s.pending, b)
		go b.decode()
	}
}

// next returns the next decoded line, or nil at the end of the lines
// read without error.
func (s *JSONLSide) next() *jsonlItem {
	for s.cur == nil || s.i >= len(s.cur.items) {
		if s.cur != nil {
			for k := range s.cur.items {
				s.cur.items[k] = jsonlItem{}
			}
			if cap(s.cur.buf) <= 2*jsonlBatchBytes {
				s.free = append(s.free, s.cur)
			}
			s.cur = nil
		}
		s.fill()
		if len(s.pending) == 0 {
			return nil
		}
		s.cur, s.pending, s.i = s.pending[0], s.pending[1:], 0
		<-s.cur.done
	}
	s.i++
	return &s.cur.items[s.i-1]
}

// Next implements Side. Errors name the label and line; after an error
// the side is done and further calls return the same kind of error.
func (s *JSONLSide) Next() (*record.Record, error) {
	if s.broken {
		return nil, fmt.Errorf("%s: read after error", s.info.Label)
	}
	it := s.next()
	if it == nil {
		if s.readErr == io.EOF {
			return nil, io.EOF
		}
		s.broken = true
		return nil, fmt.Errorf("%s: %w", s.info.Label, s.readErr)
	}
	if it.err != nil {
		s.broken = true
		return nil, fmt.Errorf("%s: line %d: %w", s.info.Label, it.lineNo, it.err)
	}
	rec := it.r
	if s.n > 0 && rec.ID <= s.prev {
		s.broken = true
		return nil, fmt.Errorf("%s: line %d: record %q after %q: %w", s.info.Label, it.lineNo, rec.ID, s.prev, ErrUnsorted)
	}
	s.n++
	s.prev = rec.ID
	switch {
	case s.n == 1:
		s.rules = rec.RulesVersion
	case rec.RulesVersion != s.rules:
		s.mixed = true
	}
	return rec, nil
}

// Info implements Side.
func (s *JSONLSide) Info() SideInfo {
	info := s.info
	if info.RulesVersion == "" && !s.mixed {
		info.RulesVersion = s.rules
	}
	return info
}

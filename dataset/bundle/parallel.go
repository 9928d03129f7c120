package bundle

import (
	"errors"
	"io"
	"runtime"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/record/linecheck"
	"github.com/quire-archive/quire/schema"
)

// Check's record checks on all cores. The scanner goroutine does what
// must be done in stream order (zstd, the tar and its hashes, splitting
// lines, counting them) and hands lines in batches to workers, which run
// checkLine and hash each line; the verdicts are then taken in line order
// by the scanner goroutine (scanner.account), which alone touches the
// scanner's state and the report. So the report is the same whatever the
// number of workers, and memory is bounded by the number of batches in
// flight.

const (
	// batchBytes is the size at which a batch of lines is handed out.
	batchBytes = 256 << 10
	// batchesPerWorker bounds the batches in flight: memory is about
	// workers × batchesPerWorker × (batchBytes + one line).
	batchesPerWorker = 4
)

// lineBatch is consecutive lines of one shard.
type lineBatch struct {
	sh     *shardStat
	member string
	buf    []byte // the lines, back to back
	items  []batchItem
	done   chan struct{}
}

type batchItem struct {
	end     int // line is buf[previous end:end]
	lineNo  int
	ordinal int64
	first   bool
	// set by the worker
	r   *record.Record
	ps  []lineProblem
	sum string
}

func (b *lineBatch) line(i int) []byte {
	start := 0
	if i > 0 {
		start = b.items[i-1].end
	}
	return b.buf[start:b.items[i].end]
}

// checkPool runs checkLine on batches of lines.
type checkPool struct {
	sch     *schema.Schema
	todo    chan *lineBatch // nil: a goroutine per batch
	pending []*lineBatch    // handed out, in order
	max     int
	free    []*lineBatch
}

// newCheckPool starts workers goroutines (0: GOMAXPROCS) that check
// batches until close. Check uses it.
func newCheckPool(s *scanner, workers int) *checkPool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &checkPool{sch: s.sch, todo: make(chan *lineBatch, workers*batchesPerWorker), max: workers * batchesPerWorker}
	for w := 0; w < workers; w++ {
		go func() {
			for b := range p.todo {
				p.check(b)
			}
		}()
	}
	return p
}

// newSpawnPool checks each batch on a goroutine of its own, at most
// workers × batchesPerWorker at a time. Reader uses it: it has no
// Close, and a goroutine that ends with its batch cannot leak when a
// Reader is dropped half-read.
func newSpawnPool(s *scanner, workers int) *checkPool {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return &checkPool{sch: s.sch, max: workers * batchesPerWorker}
}

func (p *checkPool) check(b *lineBatch) {
	for i := range b.items {
		line := b.line(i)
		it := &b.items[i]
		it.r, it.ps = checkLine(line, p.sch)
		it.sum = record.Sum(line)
	}
	close(b.done)
}

func (p *checkPool) close() {
	if p.todo != nil {
		close(p.todo)
	}
}

func (p *checkPool) batch(s *scanner) *lineBatch {
	var b *lineBatch
	if n := len(p.free); n > 0 {
		b, p.free = p.free[n-1], p.free[:n-1]
		b.buf, b.items = b.buf[:0], b.items[:0]
	} else {
		b = &lineBatch{buf: make([]byte, 0, batchBytes+4096)}
	}
	b.sh, b.member, b.done = s.recs.cur, s.recs.member, make(chan struct{})
	return b
}

// submit hands a batch to the workers, first taking verdicts if too
// many batches are in flight.
func (p *checkPool) submit(s *scanner, b *lineBatch) {
	if len(b.items) == 0 {
		p.free = append(p.free, b)
		return
	}
	for len(p.pending) >= p.max {
		p.settleOne(s)
	}
	p.pending = append(p.pending, b)
	if p.todo == nil {
		go p.check(b)
	} else {
		p.todo <- b
	}
}

// settleOne waits for the oldest batch and takes its verdicts in order.
func (p *checkPool) settleOne(s *scanner) {
	b := p.oldest()
	for i := range b.items {
		it := &b.items[i]
		s.account(b.sh, b.member, it.lineNo, it.ordinal, it.first, it.sum, it.r, it.ps)
	}
	p.recycle(b)
}

// oldest waits for the oldest batch handed out and returns it; the
// caller takes its verdicts in order and then recycles it.
func (p *checkPool) oldest() *lineBatch {
	b := p.pending[0]
	p.pending = p.pending[1:]
	<-b.done
	return b
}

func (p *checkPool) recycle(b *lineBatch) {
	for i := range b.items {
		b.items[i].r, b.items[i].ps = nil, nil
	}
	if cap(b.buf) <= 2*batchBytes {
		p.free = append(p.free, b)
	}
}

// settle takes every verdict still outstanding. The scanner calls it
// before it reads anything that depends on the shards' statistics (the
// manifest) and at the end.
func (s *scanner) settle() {
	if s.pool == nil {
		return
	}
	for len(s.pool.pending) > 0 {
		s.pool.settleOne(s)
	}
}

// readShardParallel reads the open shard to its end, checking its lines
// on the pool.
func (s *scanner) readShardParallel() { s.readLines(false) }

// readLines reads lines of the open shard into batches for the pool,
// to the shard's end, or (ahead, for Reader) until as many batches are
// in flight as the pool allows: Reader takes the verdicts itself and so
// must not let submit settle them. It says whether the shard ended.
func (s *scanner) readLines(ahead bool) bool {
	p := s.pool
	b := p.batch(s)
	for {
		line, err := s.recs.lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, record.ErrLineTooLong) {
				s.recs.lineOK = false
				s.rep.Add(linecheck.TooLong(MaxLineBytes).At(s.lineAt(s.recs.lr.Line())))
				s.recs.cur.Records++
				s.recs.count++
				continue
			}
			s.streamProblem(err)
			s.broken = s.broken || !isTarProblem(err)
			break
		}
		s.recs.consumed += int64(len(line)) + 1
		ordinal, first := s.countLine(line)
		if s.level < LevelFull {
			continue
		}
		b.buf = append(b.buf, line...)
		b.items = append(b.items, batchItem{end: len(b.buf), lineNo: s.recs.lr.Line(), ordinal: ordinal, first: first})
		if len(b.buf) >= batchBytes {
			p.submit(s, b)
			if ahead && len(p.pending) >= p.max {
				return false
			}
			b = p.batch(s)
		}
	}
	p.submit(s, b)
	s.closeShard()
	return true
}

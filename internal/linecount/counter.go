package linecount

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"

	"github.com/quire-archive/quire/dataset/normalize"
)

const (
	// DefaultRunSize is the number of line hashes a Counter buffers
	// before it sorts them and writes them as a run: 16 MiB.
	DefaultRunSize = 1 << 21
	// maxMergeWidth is the number of runs merged at once; with more,
	// runs are first merged into longer runs, so read buffers stay
	// bounded.
	maxMergeWidth = 64
	mergeBufSize  = 64 << 10
	pairBytes     = 12 // big-endian uint64 hash, uint32 count
)

// Options configures a Counter. Zero values pick defaults.
type Options struct {
	// TempDir is where runs are spilled ("" means os.TempDir).
	TempDir string
	// RunSize is the number of hashes buffered before a run is written
	// (0: DefaultRunSize).
	RunSize int
}

// Counter counts the documents of each line of a corpus, exactly, in
// bounded memory (see the package doc). It is not safe for concurrent
// use: hash documents on several cores and Add them from one goroutine.
type Counter struct {
	opts Options
	buf  []uint64
	docs int
	f    *os.File // the spill file, created with the first run
	gone bool     // f was unlinked at creation
	end  int64
	runs []run
	err  error // a failed spill: every later call returns it
}

// run is a section of the spill file: pairs sorted by hash, each hash
// once.
type run struct{ off, n int64 }

// New returns an empty Counter.
func New(opts Options) *Counter {
	if opts.RunSize <= 0 {
		opts.RunSize = DefaultRunSize
	}
	return &Counter{opts: opts}
}

// Add counts one document, given as the hashes of its lines
// (normalize.LineHashes: sorted and distinct; a hash repeated within a
// document counts once, and unsorted hashes are sorted first).
func (c *Counter) Add(hs []uint64) error {
	if c.err != nil {
		return c.err
	}
	if c.buf == nil {
		// The buffer is allocated once at its full size: growing it by
		// appends would hold the old and the new array at once.
		c.buf = make([]uint64, 0, c.opts.RunSize+len(hs))
	}
	c.docs++
	EachDistinct(hs, func(h uint64) { c.buf = append(c.buf, h) })
	if len(c.buf) >= c.opts.RunSize {
		c.err = c.spillBuffer()
	}
	return c.err
}

// Docs is the number of documents counted.
func (c *Counter) Docs() int { return c.docs }

// Spilled reports whether runs went to the temporary file.
func (c *Counter) Spilled() bool { return len(c.runs) > 0 }

// Repeated returns the statistics of the documents counted: the exact
// number of documents of every line found in at least k of them (see
// Select). The Counter can go on counting afterwards.
func (c *Counter) Repeated(k int) (*normalize.LineStats, error) {
	if c.err != nil {
		return nil, c.err
	}
	sel := NewSelect(k)
	if len(c.runs) == 0 {
		slices.Sort(c.buf)
		eachPair(c.buf, sel.Add)
		return sel.Stats(c.docs), nil
	}
	if len(c.buf) > 0 {
		if c.err = c.spillBuffer(); c.err != nil {
			return nil, c.err
		}
	}
	for len(c.runs) > maxMergeWidth {
		merged, err := c.writeRun(func(emit func(uint64, uint32)) error {
			return c.merge(c.runs[:maxMergeWidth], emit)
		})
		if err != nil {
			c.err = err
			return nil, err
		}
		c.runs = append(c.runs[maxMergeWidth:], merged)
	}
	if err := c.merge(c.runs, sel.Add); err != nil {
		c.err = err
		return nil, err
	}
	return sel.Stats(c.docs), nil
}

// Close removes the spill file.
func (c *Counter) Close() error {
	if c.f == nil {
		return nil
	}
	err := c.f.Close()
	if !c.gone {
		if rerr := os.Remove(c.f.Name()); err == nil {
			err = rerr
		}
	}
	c.f = nil
	if c.err == nil {
		c.err = errors.New("linecount: counter closed")
	}
	return err
}

// eachPair calls emit for each distinct hash of sorted hs with the
// number of times it occurs.
func eachPair(hs []uint64, emit func(uint64, uint32)) {
	for i := 0; i < len(hs); {
		j := i + 1
		for j < len(hs) && hs[j] == hs[i] {
			j++
		}
		emit(hs[i], uint32(min(j-i, math.MaxUint32)))
		i = j
	}
}

// spillBuffer sorts the buffer and writes it as a run.
func (c *Counter) spillBuffer() error {
	slices.Sort(c.buf)
	r, err := c.writeRun(func(emit func(uint64, uint32)) error {
		eachPair(c.buf, emit)
		return nil
	})
	if err != nil {
		return err
	}
	c.runs = append(c.runs, r)
	c.buf = c.buf[:0]
	return nil
}

// spillPrefix names the spill file like atomicfile's temporary files, so
// that one left by a kill between creating and unlinking it is removed
// by atomicfile.Clean in that directory.
func spillPrefix() string { return ".linecount.quire-tmp-" + strconv.Itoa(os.Getpid()) + "-" }

// writeRun appends the pairs that fill emits, in hash order, to the
// spill file as a new run.
func (c *Counter) writeRun(fill func(emit func(uint64, uint32)) error) (run, error) {
	if c.f == nil {
		f, err := os.CreateTemp(c.opts.TempDir, spillPrefix()+"*")
		if err != nil {
			return run{}, fmt.Errorf("line counts spill file: %w", err)
		}
		// Unlinked at once: the file stays usable through f, and nothing
		// is left behind if the process dies. Where an open file cannot
		// be removed, Close removes it.
		c.f, c.gone = f, os.Remove(f.Name()) == nil
	}
	r := run{off: c.end}
	w := bufio.NewWriterSize(io.NewOffsetWriter(c.f, c.end), mergeBufSize)
	var b [pairBytes]byte
	err := fill(func(h uint64, n uint32) {
		binary.BigEndian.PutUint64(b[:8], h)
		binary.BigEndian.PutUint32(b[8:], n)
		w.Write(b[:])
		r.n += pairBytes
	})
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return run{}, fmt.Errorf("write line counts spill file: %w", err)
	}
	c.end += r.n
	return r, nil
}

// merge reads runs and calls emit for each hash, in hash order, with the
// sum of its counts.
func (c *Counter) merge(runs []run, emit func(uint64, uint32)) error {
	m := make(merger, 0, len(runs))
	for _, r := range runs {
		rd := &runReader{r: bufio.NewReaderSize(io.NewSectionReader(c.f, r.off, r.n), mergeBufSize), left: r.n / pairBytes}
		ok, err := rd.next()
		if err != nil {
			return err
		}
		if ok {
			m = append(m, rd)
		}
	}
	heap.Init(&m)
	for len(m) > 0 {
		h, n := m[0].h, uint32(0)
		for len(m) > 0 && m[0].h == h {
			n = AddSat(n, m[0].n)
			ok, err := m[0].next()
			if err != nil {
				return err
			}
			if ok {
				heap.Fix(&m, 0)
			} else {
				heap.Pop(&m)
			}
		}
		emit(h, n)
	}
	return nil
}

// EachDistinct calls f once for each distinct hash of one document's
// lines hs, in increasing order: normalize.LineHashes gives them sorted
// and distinct; unsorted hashes are sorted first (into a copy), and a
// hash repeated within a document counts once.
func EachDistinct(hs []uint64, f func(uint64)) {
	if !slices.IsSorted(hs) {
		hs = slices.Sorted(slices.Values(hs))
	}
	for i, h := range hs {
		if i == 0 || hs[i-1] != h {
			f(h)
		}
	}
}

// AddSat adds counts, stopping at the largest uint32: a sum that stays
// associative whatever the order.
func AddSat(a, b uint32) uint32 {
	if a > math.MaxUint32-b {
		return math.MaxUint32
	}
	return a + b
}

type runReader struct {
	r    *bufio.Reader
	left int64
	h    uint64
	n    uint32
}

func (r *runReader) next() (bool, error) {
	if r.left == 0 {
		return false, nil
	}
	r.left--
	var b [pairBytes]byte
	if _, err := io.ReadFull(r.r, b[:]); err != nil {
		return false, fmt.Errorf("read line counts spill file: %w", err)
	}
	r.h, r.n = binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint32(b[8:])
	return true, nil
}

// merger is a min-heap of runs by their current hash.
type merger []*runReader

func (m merger) Len() int           { return len(m) }
func (m merger) Less(i, j int) bool { return m[i].h < m[j].h }
func (m merger) Swap(i, j int)      { m[i], m[j] = m[j], m[i] }
func (m *merger) Push(x any)        { *m = append(*m, x.(*runReader)) }
func (m *merger) Pop() any {
	old := *m
	r := old[len(old)-1]
	*m = old[:len(old)-1]
	return r
}

package corpus

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// entry is a listed document as the sorter keeps it; its name is the id
// plus Ext.
type entry struct {
	id   string
	size int64
}

// byID is the order of a listing: bytewise by id.
func byID(a, b entry) int { return strings.Compare(a.id, b.id) }

// byFolded orders ids case-folded first, so that ids that differ only in
// case are neighbours, then bytewise.
func byFolded(a, b entry) int {
	if c := strings.Compare(strings.ToLower(a.id), strings.ToLower(b.id)); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// stream is a pull iterator over entries in order.
type stream interface {
	next() (e entry, ok bool, err error)
}

type sliceStream struct{ s []entry }

func (s *sliceStream) next() (entry, bool, error) {
	if len(s.s) == 0 {
		return entry{}, false, nil
	}
	e := s.s[0]
	s.s = s.s[1:]
	return e, true, nil
}

// section is one sorted run in the spill file.
type section struct {
	off, n int64 // bytes
	count  int   // entries
}

// spill is the temporary file that sorted runs go to, each a section of
// it. It is created on the first run, so a listing that fits in one run
// never touches the disk.
type spill struct {
	dir  string
	f    *os.File
	end  int64
	gone bool // unlinked at creation
}

// spillPrefix names the spill file like atomicfile's temporary files, so
// that one left by a kill between creating and unlinking it is removed
// by atomicfile.Clean on the next run in that directory.
func spillPrefix() string { return ".listing.quire-tmp-" + strconv.Itoa(os.Getpid()) + "-" }

// writeRun writes the entries of src to a new section at the end of the
// file. An entry is uvarint(len(id)) id uvarint(size).
func (s *spill) writeRun(src stream) (section, error) {
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, spillPrefix()+"*")
		if err != nil {
			return section{}, fmt.Errorf("listing spill file: %w", err)
		}
		// Unlink at once: the file stays usable through f, and nothing
		// is left behind if the process dies or Close is never called.
		// Where an open file cannot be removed, close removes it.
		s.f, s.gone = f, os.Remove(f.Name()) == nil
	}
	sec := section{off: s.end}
	w := bufio.NewWriterSize(io.NewOffsetWriter(s.f, s.end), 64<<10)
	var tmp [binary.MaxVarintLen64]byte
	for {
		e, ok, err := src.next()
		if err != nil {
			return section{}, err
		}
		if !ok {
			break
		}
		n := binary.PutUvarint(tmp[:], uint64(len(e.id)))
		w.Write(tmp[:n])
		w.WriteString(e.id)
		m := binary.PutUvarint(tmp[:], uint64(e.size))
		w.Write(tmp[:m])
		sec.count++
		sec.n += int64(n + len(e.id) + m)
	}
	if err := w.Flush(); err != nil {
		return section{}, fmt.Errorf("write listing spill file: %w", err)
	}
	s.end += sec.n
	return sec, nil
}

// open reads a section back, with a buffer of bufSize bytes.
func (s *spill) open(sec section, bufSize int) stream {
	return &runReader{r: bufio.NewReaderSize(io.NewSectionReader(s.f, sec.off, sec.n), bufSize), left: sec.count}
}

func (s *spill) close() error {
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	if !s.gone {
		if rerr := os.Remove(s.f.Name()); err == nil {
			err = rerr
		}
	}
	s.f = nil
	return err
}

type runReader struct {
	r    *bufio.Reader
	left int
}

var errSpillCorrupt = errors.New("listing spill file: corrupt entry")

func (r *runReader) next() (entry, bool, error) {
	if r.left == 0 {
		return entry{}, false, nil
	}
	r.left--
	n, err := binary.ReadUvarint(r.r)
	if err != nil || n > maxIDLen {
		return entry{}, false, spillErr(err)
	}
	id := make([]byte, n)
	if _, err := io.ReadFull(r.r, id); err != nil {
		return entry{}, false, spillErr(err)
	}
	size, err := binary.ReadUvarint(r.r)
	if err != nil {
		return entry{}, false, spillErr(err)
	}
	return entry{id: string(id), size: int64(size)}, true, nil
}

func spillErr(err error) error {
	if err == nil || err == io.EOF || err == io.ErrUnexpectedEOF {
		return errSpillCorrupt
	}
	return fmt.Errorf("read listing spill file: %w", err)
}

// sorter sorts entries in runs of at most runSize in memory, spilling
// each full run, and merges the runs at the end: memory is one run plus
// the merge buffers, whatever the number of entries.
type sorter struct {
	cmp     func(a, b entry) int
	runSize int
	sp      *spill
	buf     []entry
	runs    []section
}

// add adds e, spilling the buffer first if it is full, so that runSize
// entries or fewer never touch the disk.
func (s *sorter) add(e entry) error {
	if len(s.buf) >= s.runSize {
		if err := s.flush(); err != nil {
			return err
		}
	}
	s.buf = append(s.buf, e)
	return nil
}

func (s *sorter) flush() error {
	slices.SortFunc(s.buf, s.cmp)
	sec, err := s.sp.writeRun(&sliceStream{s.buf})
	if err != nil {
		return err
	}
	s.runs = append(s.runs, sec)
	clear(s.buf) // drop the strings now, not when overwritten
	s.buf = s.buf[:0]
	return nil
}

// spilled reports whether any run went to disk.
func (s *sorter) spilled() bool { return len(s.runs) > 0 }

// sorted returns every entry added, in order. Below one run it is the
// in-memory buffer; otherwise the runs are merged maxMergeWidth at a
// time, so memory stays bounded however many runs there are.
func (s *sorter) sorted() (stream, error) {
	if !s.spilled() {
		slices.SortFunc(s.buf, s.cmp)
		return &sliceStream{s.buf}, nil
	}
	if len(s.buf) > 0 {
		if err := s.flush(); err != nil {
			return nil, err
		}
	}
	s.buf = nil
	for len(s.runs) > maxMergeWidth {
		sec, err := s.sp.writeRun(s.merge(s.runs[:maxMergeWidth]))
		if err != nil {
			return nil, err
		}
		s.runs = append(s.runs[maxMergeWidth:], sec)
	}
	return s.merge(s.runs), nil
}

func (s *sorter) merge(runs []section) stream {
	m := &merger{cmp: s.cmp}
	for _, sec := range runs {
		m.srcs = append(m.srcs, s.sp.open(sec, mergeBufSize))
	}
	return m
}

// merger is a k-way merge of sorted streams on a binary min-heap of
// their heads.
type merger struct {
	cmp     func(a, b entry) int
	srcs    []stream
	heap    []head
	started bool
}

type head struct {
	e   entry
	src int
}

func (m *merger) next() (entry, bool, error) {
	if !m.started {
		m.started = true
		for i, s := range m.srcs {
			e, ok, err := s.next()
			if err != nil {
				return entry{}, false, err
			}
			if ok {
				m.heap = append(m.heap, head{e, i})
				m.up(len(m.heap) - 1)
			}
		}
	}
	if len(m.heap) == 0 {
		return entry{}, false, nil
	}
	top := m.heap[0]
	e, ok, err := m.srcs[top.src].next()
	if err != nil {
		return entry{}, false, err
	}
	if ok {
		m.heap[0].e = e
	} else {
		last := len(m.heap) - 1
		m.heap[0] = m.heap[last]
		m.heap = m.heap[:last]
	}
	m.down(0)
	return top.e, true, nil
}

// less breaks ties by source, so equal entries come out in a fixed order.
func (m *merger) less(i, j int) bool {
	if c := m.cmp(m.heap[i].e, m.heap[j].e); c != 0 {
		return c < 0
	}
	return m.heap[i].src < m.heap[j].src
}

func (m *merger) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !m.less(i, p) {
			return
		}
		m.heap[i], m.heap[p] = m.heap[p], m.heap[i]
		i = p
	}
}

func (m *merger) down(i int) {
	for {
		c := 2*i + 1
		if c >= len(m.heap) {
			return
		}
		if c+1 < len(m.heap) && m.less(c+1, c) {
			c++
		}
		if !m.less(c, i) {
			return
		}
		m.heap[i], m.heap[c] = m.heap[c], m.heap[i]
		i = c
	}
}

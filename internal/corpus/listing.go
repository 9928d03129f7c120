package corpus

import (
	"container/heap"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"sort"
	"strings"
)

const (
	// DefaultRunSize is the number of entries a listing sorts in memory
	// before it spills them to disk as a sorted run: about 4 MiB of ids.
	DefaultRunSize = 1 << 16
	// MaxListProblems caps the problems a ListError keeps (the first in
	// sorted order); the rest are counted in Dropped.
	MaxListProblems = 1000
	// maxMergeWidth is the number of runs merged at once; with more, runs
	// are first merged into longer runs, so merge buffers stay bounded.
	maxMergeWidth = 64
	mergeBufSize  = 32 << 10
	// readDirBatch is the number of directory entries read at a time.
	readDirBatch = 4096
	maxIDLen     = 128
)

// ListOptions configures Open. Zero values pick defaults.
type ListOptions struct {
	// TempDir is where sorted runs are spilled ("" means os.TempDir).
	TempDir string
	// RunSize is the number of entries sorted in memory at a time
	// (0: DefaultRunSize). Fewer entries than this never touch the disk.
	RunSize int

	// checkHook, if set, is called for each entry of the merged listing
	// as Open checks it: tests measure the heap there, mid-merge.
	checkHook func()
}

// Listing is the checked, sorted listing of a directory of documents,
// read with All as often as needed. Its memory is bounded by the run
// size, not by the number of documents: past one run it lives in a
// temporary file, removed by Close.
type Listing struct {
	n       int
	bytes   int64
	mem     []entry // the listing, if nothing was spilled
	sp      *spill
	spilled bool
	final   section // the listing, if spilled
	done    bool
}

// Len returns the number of documents.
func (l *Listing) Len() int { return l.n }

// Bytes returns the total size of the documents when they were listed.
func (l *Listing) Bytes() int64 { return l.bytes }

var errClosed = errors.New("listing already closed")

// All yields the documents in id order. Each call reads the listing
// anew, from memory or from the temporary file; an error reading it is
// yielded last.
func (l *Listing) All() iter.Seq2[Doc, error] {
	return func(yield func(Doc, error) bool) {
		if l.done {
			yield(Doc{}, errClosed)
			return
		}
		var s stream = &sliceStream{l.mem}
		if l.spilled {
			s = l.sp.open(l.final, 64<<10)
		}
		for {
			e, ok, err := s.next()
			if err != nil {
				yield(Doc{}, err)
				return
			}
			if !ok || !yield(Doc{Name: e.id + Ext, ID: e.id, Size: e.size}, nil) {
				return
			}
		}
	}
}

// Close removes the temporary file, if any. The listing cannot be read
// after Close.
func (l *Listing) Close() error {
	if l.done {
		return nil
	}
	l.done, l.mem = true, nil
	return l.sp.close()
}

// Open lists the documents of dir in fsys and checks them. It returns a
// *ListError naming every offending entry (up to MaxListProblems) if any
// entry is not a valid document.
//
// The directory is read in batches where fsys allows (fs.ReadDirFile),
// so a flat directory of millions of files is never held whole; entries
// are sorted in runs of opts.RunSize, spilled to a temporary file in
// opts.TempDir and merged. The merged listing is checked for ids listed
// twice as it is written out; ids that differ only in case are found by
// a second sort, by case-folded id, of the ids that have an upper-case
// letter (ids are ASCII, so two ids can only differ in case if one has
// one), merged with the lower-case ids as they pass, which are already
// in case-folded order. The temporary file is removed if Open fails.
func Open(fsys fs.FS, dir string, opts ListOptions) (_ *Listing, err error) {
	runSize := opts.RunSize
	if runSize <= 0 {
		runSize = DefaultRunSize
	}
	sp := &spill{dir: opts.TempDir}
	defer func() {
		if err != nil {
			sp.close()
		}
	}()
	ids := &sorter{cmp: byID, runSize: runSize, sp: sp}
	upper := &sorter{cmp: byFolded, runSize: runSize, sp: sp}
	var probs problems
	err = readDir(fsys, dir, func(e fs.DirEntry) error {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			return nil
		}
		if !e.Type().IsRegular() {
			probs.addf("%s: not a regular file (%s); a seeds directory holds only %s documents", name, typeName(e.Type()), Ext)
			return nil
		}
		if !strings.HasSuffix(name, Ext) {
			probs.addf("%s: not a raw document: names end in %q", name, Ext)
			return nil
		}
		id := strings.TrimSuffix(name, Ext)
		if !ValidID(id) {
			probs.addf("%s: %q is not a valid record id (want %s)", name, id, idPattern)
			return nil
		}
		info, err := e.Info()
		if err != nil {
			probs.addf("%s: %v", name, err)
			return nil
		}
		d := entry{id: id, size: info.Size()}
		if hasUpper(id) {
			if err := upper.add(d); err != nil {
				return err
			}
		}
		return ids.add(d)
	})
	if err != nil {
		return nil, err
	}
	all, err := ids.sorted()
	if err != nil {
		return nil, err
	}
	l := &Listing{sp: sp}
	// Check the merged listing as it passes, and write it out as one run
	// that All reads sequentially.
	check := &listCheck{hook: opts.checkHook, l: l, probs: &probs}
	if len(upper.buf) > 0 || upper.spilled() {
		if check.upper, err = upper.sorted(); err != nil {
			return nil, err
		}
	}
	if l.spilled = ids.spilled(); l.spilled {
		l.final, err = sp.writeRun(check.pass(all))
	} else {
		l.mem = ids.buf
		_, err = drain(check.pass(all))
	}
	if err == nil {
		err = check.finish()
	}
	if err != nil {
		return nil, err
	}
	if e := probs.err(); e != nil {
		return nil, e
	}
	return l, nil
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// listCheck checks the sorted listing as it streams past: ids listed
// twice, and ids that differ only in case.
type listCheck struct {
	hook  func()
	l     *Listing
	probs *problems
	src   stream
	prev  string
	any   bool

	// The case check walks the ids in case-folded order: upper yields
	// the ids with an upper-case letter in that order, and is merged
	// with the other ids, whose folded form is themselves.
	upper      stream
	uhead      entry
	uok        bool
	group      string // folded id of the current group
	first, gid string // first and latest id of that group
	inGroup    bool
}

// pass returns src with duplicates left out and every id checked.
func (c *listCheck) pass(src stream) stream { c.src = src; return c }

func (c *listCheck) next() (entry, bool, error) {
	for {
		e, ok, err := c.src.next()
		if err != nil || !ok {
			return e, ok, err
		}
		if c.any && e.id == c.prev {
			c.probs.addf("%s: listed more than once by the file system", e.id+Ext)
			continue
		}
		c.any, c.prev = true, e.id
		c.l.n++
		if c.hook != nil {
			c.hook()
		}
		c.l.bytes += e.size
		if c.upper != nil && !hasUpper(e.id) {
			if err := c.folded(e.id); err != nil {
				return entry{}, false, err
			}
		}
		return e, true, nil
	}
}

// folded takes the upper-case ids that fold to id or sort before it,
// then id itself (which sorts last among the ids that fold to it, as
// lower-case letters sort after upper-case ones).
func (c *listCheck) folded(id string) error {
	for {
		if err := c.pull(); err != nil {
			return err
		}
		if !c.uok || strings.ToLower(c.uhead.id) > id {
			break
		}
		c.visit(c.uhead.id)
		c.uok = false
	}
	c.visit(id)
	return nil
}

func (c *listCheck) pull() error {
	if c.uok || c.upper == nil {
		return nil
	}
	e, ok, err := c.upper.next()
	if err != nil {
		return err
	}
	c.uhead, c.uok = e, ok
	if !ok {
		c.upper = nil
	}
	return nil
}

// visit sees ids in case-folded order. Within a group of ids that fold
// alike, the ids have one length, so id order is name order, and every
// id after the first is reported against it, as before the listing
// streamed.
func (c *listCheck) visit(id string) {
	key := strings.ToLower(id)
	if c.inGroup && key == c.group {
		if id != c.gid { // a duplicate is reported once, above
			c.probs.addf("%s: id %q differs from %q only in case; they would collide on case-insensitive file systems", id+Ext, id, c.first)
		}
		c.gid = id
		return
	}
	c.inGroup, c.group, c.first, c.gid = true, key, id, id
}

// finish takes the upper-case ids that sort after every lower-case one.
func (c *listCheck) finish() error {
	for c.upper != nil {
		if err := c.pull(); err != nil {
			return err
		}
		if !c.uok {
			break
		}
		c.visit(c.uhead.id)
		c.uok = false
	}
	return nil
}

func drain(s stream) (int, error) {
	n := 0
	for {
		_, ok, err := s.next()
		if err != nil || !ok {
			return n, err
		}
		n++
	}
}

// problems keeps the MaxListProblems smallest problems (a max-heap) and
// counts the rest, so that a directory of a million bad names costs no
// more memory than a good one.
type problems struct {
	h       maxHeap
	dropped int
}

func (p *problems) addf(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	if len(p.h) < MaxListProblems {
		heap.Push(&p.h, s)
		return
	}
	p.dropped++
	if s < p.h[0] {
		p.h[0] = s
		heap.Fix(&p.h, 0)
	}
}

func (p *problems) err() error {
	if len(p.h) == 0 {
		return nil
	}
	probs := []string(p.h)
	sort.Strings(probs)
	return &ListError{Problems: probs, Dropped: p.dropped}
}

type maxHeap []string

func (h maxHeap) Len() int           { return len(h) }
func (h maxHeap) Less(i, j int) bool { return h[i] > h[j] }
func (h maxHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *maxHeap) Push(x any)        { *h = append(*h, x.(string)) }
func (h *maxHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// readDir calls visit for each entry of dir, reading it in batches when
// fsys allows (otherwise fs.ReadDir holds the whole directory). It stops
// at the first error visit returns.
func readDir(fsys fs.FS, dir string, visit func(fs.DirEntry) error) error {
	f, err := fsys.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, ok := f.(fs.ReadDirFile)
	if !ok {
		entries, err := fs.ReadDir(fsys, dir)
		for _, e := range entries {
			if verr := visit(e); verr != nil {
				return verr
			}
		}
		return err
	}
	for {
		entries, err := rd.ReadDir(readDirBatch)
		for _, e := range entries {
			if verr := visit(e); verr != nil {
				return verr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &fs.PathError{Op: "readdir", Path: dir, Err: err}
		}
		if len(entries) == 0 {
			return nil
		}
	}
}

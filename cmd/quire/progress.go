package main

import (
	"fmt"
	"io"
	"io/fs"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// progressInterval is the least time between two redraws of a progress
// line, and the time a command runs before the first one: a command that
// is done within it prints no progress at all.
const progressInterval = 100 * time.Millisecond

// progressETAAfter is how long a line runs before it shows a time left:
// the first moments (pipelines filling, caches cold) predict nothing.
const progressETAAfter = time.Second

// progressLabelMax is the most runes of a label (a command and a path)
// shown, so that the line fits a terminal row and \r can redraw it.
const progressLabelMax = 40

// shortLabel cuts a label to progressLabelMax runes. A label is a verb
// and maybe a path ("validate dist/x.tar.zst"): the verb is kept, since
// it says which of several lines this is, and the path loses its start,
// since its end names the file.
func shortLabel(label string) string {
	if utf8.RuneCountInString(label) <= progressLabelMax {
		return label
	}
	verb, path, ok := strings.Cut(label, " ")
	if !ok || utf8.RuneCountInString(verb)+2 >= progressLabelMax/2 {
		verb, path = "", label
	} else {
		verb += " "
	}
	r := []rune(path)
	return verb + "…" + string(r[len(r)-(progressLabelMax-utf8.RuneCountInString(verb)-1):])
}

// progress prints a one-line report with rate and ETA to a terminal,
// redrawn in place with \r at most every progressInterval, and cleared by
// finish before the command prints its result.
//
// It is only created for a terminal, without -quiet and without machine
// output; otherwise callers get nil, whose methods do nothing and whose
// reader and writer are the ones given. It counts either bytes (done and
// total in bytes) or items (build's documents), with the bytes read for
// the rate.
//
// The counters are atomic and may be added to from several goroutines
// (readers of both sides of a diff, the bundle checker's scanner): a
// Read costs an atomic add and a clock read, and only the goroutine that
// claims a due redraw takes the lock that orders the redraw with finish
// and with writes to stdout.
type progress struct {
	w     io.Writer
	label string
	items string // noun counted ("documents"), or "" when counting bytes
	now   func() time.Time
	start time.Time

	done, total, bytes atomic.Int64
	next               atomic.Int64 // UnixNano before which no redraw

	mu       sync.Mutex // held while writing to w, or to stdout through writer
	drawn    bool       // a line is on the screen
	finished bool
}

// newProgress returns a progress line for a command's input, or nil when
// there must be none: stderr is not a terminal, or off is set (-quiet,
// machine-readable output). items is the plural noun counted, or "" to
// count bytes; total may grow later (see grow).
func (e *env) newProgress(off bool, label, items string, total int64) *progress {
	if off || !e.stderrIsTerminal {
		return nil
	}
	now := e.now
	if now == nil {
		now = time.Now
	}
	label = shortLabel(label)
	p := &progress{w: e.stderr, label: label, items: items, now: now, start: now()}
	p.total.Store(total)
	p.next.Store(p.start.Add(progressInterval).UnixNano())
	return p
}

// grow adds n to the total, for inputs opened after the line was made.
func (p *progress) grow(n int64) {
	if p != nil {
		p.total.Add(n)
	}
}

// add counts n more bytes done (a byte-counting line).
func (p *progress) add(n int64) {
	if p == nil {
		return
	}
	p.done.Add(n)
	p.bytes.Add(n)
	p.tick()
}

// update sets the items done and the bytes read so far; its signature is
// build.Options.Progress.
func (p *progress) update(done int, bytes int64) {
	if p == nil {
		return
	}
	p.done.Store(int64(done))
	p.bytes.Store(bytes)
	p.tick()
}

// tick redraws the line if a redraw is due and no other goroutine has
// claimed it.
func (p *progress) tick() {
	t := p.now()
	next := p.next.Load()
	if t.UnixNano() < next || !p.next.CompareAndSwap(next, t.Add(progressInterval).UnixNano()) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	line := renderProgress(p.label, p.items, p.done.Load(), p.total.Load(), p.bytes.Load(), t.Sub(p.start))
	fmt.Fprintf(p.w, "\r%s\x1b[K", line)
	p.drawn = true
}

// finish clears the line, if one was drawn, and stops any further
// redraw. Call it before printing the command's result or errors.
func (p *progress) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	p.finished = true
}

// clear erases the line; p.mu is held.
func (p *progress) clear() {
	if p.drawn {
		io.WriteString(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// renderProgress is the text of a progress line: what has been done of
// the total, the rate in bytes per second and the time left at that rate
// (from progressETAAfter on). An unknown total (0) gives no percentage
// and no ETA.
func renderProgress(label, items string, done, total, bytes int64, elapsed time.Duration) string {
	s := label + ": "
	if items == "" {
		s += formatBytes(done)
		if total > 0 {
			s += " of " + formatBytes(total)
		}
	} else {
		s += fmt.Sprint(done)
		if total > 0 {
			s += fmt.Sprintf(" of %d", total)
		}
		s += " " + items
	}
	if total > 0 {
		s += fmt.Sprintf(" (%d%%)", min(100, done*100/total))
	}
	sec := elapsed.Seconds()
	if sec > 0 {
		s += ", " + formatBytes(int64(float64(bytes)/sec)) + "/s"
	}
	// The time left is shown once it means something: after
	// progressETAAfter, with something done. Before, no guess at all
	// (not "ETA ?", which a fast command could show at 75%).
	if total > 0 && done > 0 && done < total && elapsed >= progressETAAfter {
		s += ", ETA " + formatETA(float64(total-done)*sec/float64(done))
	}
	return s
}

// formatBytes writes n in SI units with one decimal: 999 B, 1.5 kB, 12.3 MB.
func formatBytes(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	f := float64(n)
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		f /= 1000
		if f < 999.95 || u == "TB" {
			return fmt.Sprintf("%.1f %s", f, u)
		}
	}
	panic("unreachable")
}

// formatETA writes a time left in seconds, rounded up, as 42s, 3m07s or
// 2h05m; it is never shown as 0s, and one past 99 hours as >99h.
func formatETA(secs float64) string {
	if !(secs <= 99*3600) { // also NaN
		return ">99h"
	}
	s := int64(math.Ceil(secs))
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", max(s, 1))
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	m := (s + 59) / 60
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}

// reader counts what is read from r into p's bytes done.
func (p *progress) reader(r io.Reader) io.Reader {
	if p == nil {
		return r
	}
	return &progressReader{r, p}
}

type progressReader struct {
	r io.Reader
	p *progress
}

func (r *progressReader) Read(b []byte) (int, error) {
	n, err := r.r.Read(b)
	if n > 0 {
		r.p.add(int64(n))
	}
	return n, err
}

// writer returns w, for stdout, such that each write first clears the
// progress line, so that output written while the line is shown (a diff
// streams its report) never lands after it on a shared terminal. The
// next redraw puts the line back below the output.
func (p *progress) writer(w io.Writer) io.Writer {
	if p == nil {
		return w
	}
	return progressWriter{w, p}
}

type progressWriter struct {
	w io.Writer
	p *progress
}

func (w progressWriter) Write(b []byte) (int, error) {
	w.p.mu.Lock()
	defer w.p.mu.Unlock()
	w.p.clear()
	return w.w.Write(b)
}

// fs returns fsys with the bytes read from its files counted in p.
func (p *progress) fs(fsys fs.FS) fs.FS {
	if p == nil {
		return fsys
	}
	return progressFS{fsys, p}
}

// progressFS is an fs.FS whose files count what is read from them. It
// keeps ReadDir and Stat of the file system it wraps, which fs.WalkDir
// and corpus listing use.
type progressFS struct {
	fsys fs.FS
	p    *progress
}

func (f progressFS) Open(name string) (fs.File, error) {
	file, err := f.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	return &progressFile{file, f.p}, nil
}

func (f progressFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.fsys, name) }
func (f progressFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(f.fsys, name) }

type progressFile struct {
	fs.File
	p *progress
}

func (f *progressFile) Read(b []byte) (int, error) {
	n, err := f.File.Read(b)
	if n > 0 {
		f.p.add(int64(n))
	}
	return n, err
}

// ReadDir keeps a directory opened through progressFS readable as one.
func (f *progressFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d, ok := f.File.(fs.ReadDirFile); ok {
		return d.ReadDir(n)
	}
	return nil, &fs.PathError{Op: "readdir", Err: fs.ErrInvalid}
}

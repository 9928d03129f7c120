package main

import (
	"bytes"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// fakeClock is a clock for progress lines that moves only when told to,
// or by step at every reading; it may be read from several goroutines.
type fakeClock struct {
	mu   sync.Mutex
	t    time.Time
	step time.Duration
}

func newFakeClock(step time.Duration) *fakeClock {
	return &fakeClock{t: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), step: step}
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.t
	c.t = c.t.Add(c.step)
	return t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestRenderProgress(t *testing.T) {
	for _, tc := range []struct {
		label, items       string
		done, total, bytes int64
		elapsed            time.Duration
		want               string
	}{
		{"validate x.tar.zst", "", 25_000_000, 100_000_000, 25_000_000, 5 * time.Second,
			"validate x.tar.zst: 25.0 MB of 100.0 MB (25%), 5.0 MB/s, ETA 15s"},
		{"diff", "", 1_500, 2_000_000_000, 1_500, 3 * time.Second,
			"diff: 1.5 kB of 2.0 GB (0%), 500 B/s, ETA >99h"},
		{"diff", "", 1_000_000_000, 2_000_000_000, 1_000_000_000, 100 * time.Second,
			"diff: 1.0 GB of 2.0 GB (50%), 10.0 MB/s, ETA 1m40s"},
		{"diff", "", 1_000_000, 74_000_000, 1_000_000, time.Second, // 73 times as long again
			"diff: 1.0 MB of 74.0 MB (1%), 1.0 MB/s, ETA 1m13s"},
		// Too early for a time left: none, not "ETA ?", even at 75%.
		{"validate x", "", 750, 1000, 750, time.Second / 2,
			"validate x: 750 B of 1.0 kB (75%), 1.5 kB/s"},
		{"diff", "", 1_000_000, 74_000_000, 1_000_000, time.Second / 2,
			"diff: 1.0 MB of 74.0 MB (1%), 2.0 MB/s"},
		{"diff", "", 1, 3601, 1, time.Second,
			"diff: 1 B of 3.6 kB (0%), 1 B/s, ETA 1h00m"},
		{"diff", "", 1, 3662, 1, time.Second,
			"diff: 1 B of 3.7 kB (0%), 1 B/s, ETA 1h02m"},
		{"build", "documents", 120, 1000, 3_400_000, time.Second,
			"build: 120 of 1000 documents (12%), 3.4 MB/s, ETA 8s"},
		{"validate a.jsonl", "", 0, 500, 0, time.Second,
			"validate a.jsonl: 0 B of 500 B (0%), 0 B/s"},
		{"validate a.jsonl", "", 500, 500, 500, time.Second,
			"validate a.jsonl: 500 B of 500 B (100%), 500 B/s"},
		// A file that grew while read: no more than 100%, no ETA.
		{"validate a.jsonl", "", 600, 500, 600, time.Second,
			"validate a.jsonl: 600 B of 500 B (100%), 600 B/s"},
		// Unknown total: no percentage, no ETA.
		{"index seeds", "", 12_345_678, 0, 12_345_678, 2 * time.Second,
			"index seeds: 12.3 MB, 6.2 MB/s"},
		{"diff", "", 1, 1000, 1, 0, "diff: 1 B of 1.0 kB (0%)"},
		// Nearly done: the time left rounds up, never to 0s.
		{"diff", "", 999_999, 1_000_000, 999_999, time.Second,
			"diff: 1.0 MB of 1.0 MB (99%), 1.0 MB/s, ETA 1s"},
	} {
		got := renderProgress(tc.label, tc.items, tc.done, tc.total, tc.bytes, tc.elapsed)
		if got != tc.want {
			t.Errorf("renderProgress(%q, %q, %d, %d, %d, %v)\ngot  %q\nwant %q",
				tc.label, tc.items, tc.done, tc.total, tc.bytes, tc.elapsed, got, tc.want)
		}
	}
}

func TestFormatBytesAndETA(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 999: "999 B", 1000: "1.0 kB", 999_949: "999.9 kB", 999_950: "1.0 MB",
		12_345_678_901: "12.3 GB", 5_000_000_000_000_000: "5000.0 TB",
	} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
	for s, want := range map[float64]string{
		0: "1s", 0.2: "1s", 1: "1s", 59: "59s", 59.1: "1m00s", 60: "1m00s", 187: "3m07s",
		3599: "59m59s", 3600: "1h00m", 3601: "1h01m", 99 * 3600: "99h00m", 99*3600 + 1: ">99h",
	} {
		if got := formatETA(s); got != want {
			t.Errorf("formatETA(%v) = %q, want %q", s, got, want)
		}
	}
}

// lines splits what a progress line wrote into its redraws.
func redraws(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\r") {
		if l != "" && l != "\x1b[K" {
			out = append(out, strings.TrimSuffix(l, "\x1b[K"))
		}
	}
	return out
}

func TestProgressThrottle(t *testing.T) {
	var buf bytes.Buffer
	clk := newFakeClock(0)
	e := &env{stderr: &buf, stderrIsTerminal: true, now: clk.now}
	p := e.newProgress(false, "diff", "", 1000)
	// Within the first interval nothing is drawn: a quick command
	// prints no progress at all.
	for i := 0; i < 10; i++ {
		clk.advance(progressInterval / 20)
		p.add(1)
	}
	if buf.Len() != 0 {
		t.Fatalf("drew %q before the first interval", buf.String())
	}
	clk.advance(progressInterval)
	p.add(10)
	if got := redraws(buf.String()); len(got) != 1 || !strings.HasPrefix(got[0], "diff: 20 B of 1.0 kB (2%)") {
		t.Fatalf("after the first interval: %q", buf.String())
	}
	// 1000 reads in one second of clock time: at most ten redraws.
	buf.Reset()
	for i := 0; i < 1000; i++ {
		clk.advance(time.Millisecond)
		p.add(0)
	}
	if n := len(redraws(buf.String())); n < 9 || n > 10 {
		t.Errorf("%d redraws in 1 s, want 9 or 10 (one per %v): %q", n, progressInterval, buf.String())
	}
	if !strings.HasPrefix(buf.String(), "\r") || strings.Contains(buf.String(), "\n") {
		t.Errorf("redraws do not overwrite in place: %q", buf.String())
	}
	// finish clears the line and nothing is drawn after it.
	buf.Reset()
	p.finish()
	if buf.String() != "\r\x1b[K" {
		t.Errorf("finish wrote %q, want a line clear", buf.String())
	}
	buf.Reset()
	clk.advance(time.Second)
	p.add(1)
	p.finish()
	if buf.Len() != 0 {
		t.Errorf("wrote %q after finish", buf.String())
	}
}

func TestProgressFinishUndrawn(t *testing.T) {
	var buf bytes.Buffer
	clk := newFakeClock(0)
	e := &env{stderr: &buf, stderrIsTerminal: true, now: clk.now}
	p := e.newProgress(false, "validate x", "", 10)
	p.add(10)
	p.finish()
	if buf.Len() != 0 {
		t.Errorf("a line never drawn was cleared: %q", buf.String())
	}
}

func TestProgressDisabled(t *testing.T) {
	var buf bytes.Buffer
	clk := newFakeClock(time.Second)
	for _, tc := range []struct {
		name string
		term bool
		off  bool
	}{{"not a terminal", false, false}, {"off", true, true}, {"both", false, true}} {
		e := &env{stderr: &buf, stderrIsTerminal: tc.term, now: clk.now}
		p := e.newProgress(tc.off, "diff", "", 100)
		if p != nil {
			t.Errorf("%s: got a progress line", tc.name)
		}
		// The nil line's methods do nothing, and its reader, writer and
		// file system are the ones given.
		p.grow(10)
		p.add(10)
		p.update(1, 10)
		var out bytes.Buffer
		if w := p.writer(&out); w != io.Writer(&out) {
			t.Errorf("%s: writer wraps stdout", tc.name)
		}
		r := strings.NewReader("abc")
		if got := p.reader(r); got != io.Reader(r) {
			t.Errorf("%s: reader wraps its input", tc.name)
		}
		fsys := fstest.MapFS{}
		if _, ok := p.fs(fsys).(fstest.MapFS); !ok {
			t.Errorf("%s: fs wraps its input", tc.name)
		}
		p.finish()
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %q", tc.name, buf.String())
		}
	}
}

func TestProgressCounts(t *testing.T) {
	var buf bytes.Buffer
	clk := newFakeClock(time.Second)
	e := &env{stderr: &buf, stderrIsTerminal: true, now: clk.now}
	p := e.newProgress(false, "validate", "", 0)
	data := strings.Repeat("x", 5000)
	if b, err := io.ReadAll(p.reader(strings.NewReader(data))); err != nil || len(b) != len(data) {
		t.Fatalf("reader: %d bytes, %v", len(b), err)
	}
	fsys := fstest.MapFS{"a.txt": {Data: []byte("hello")}, "sub/b.txt": {Data: []byte("world!")}}
	cfs := p.fs(fsys)
	var walked []string
	err := walkRead(cfs, &walked)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(walked, " "), "a.txt sub/b.txt"; got != want {
		t.Errorf("walked %q, want %q", got, want)
	}
	if got, want := p.done.Load(), int64(5000+5+6); got != want {
		t.Errorf("counted %d bytes, want %d", got, want)
	}
	if got := treeSize(fstest.MapFS{"a.txt": {Data: []byte("hello")}, ".git/x": {Data: []byte("hidden")}, "sub/b": {Data: []byte("12")}}); got != 7 {
		t.Errorf("treeSize = %d, want 7 (dot entries skipped)", got)
	}
	p.finish()
}

// TestProgressConcurrent adds from several goroutines, as the readers of
// a diff's two sides do; run with -race it checks the locking.
func TestProgressConcurrent(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	clk := newFakeClock(time.Millisecond)
	e := &env{stderr: lockedWriter{&buf, &mu}, stderrIsTerminal: true, now: clk.now}
	p := e.newProgress(false, "diff", "", 8*1000)
	out := p.writer(io.Discard)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				p.add(1)
				if i%100 == 0 {
					out.Write([]byte("x"))
				}
			}
		}()
	}
	wg.Wait()
	p.finish()
	if got := p.done.Load(); got != 8000 {
		t.Errorf("counted %d, want 8000", got)
	}
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Errorf("line not cleared at the end: ...%q", buf.String()[max(0, buf.Len()-80):])
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (w lockedWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(b)
}

// TestProgressWriter checks that output written while the line is shown
// first clears it, so that a shared terminal never shows output glued
// to a progress line.
func TestProgressWriter(t *testing.T) {
	var term bytes.Buffer // stdout and stderr on one terminal
	clk := newFakeClock(time.Second)
	e := &env{stderr: &term, stderrIsTerminal: true, now: clk.now}
	p := e.newProgress(false, "diff", "", 100)
	w := p.writer(&term)
	p.add(10)
	io.WriteString(w, "line 1\n")
	p.add(10)
	p.finish()
	io.WriteString(w, "line 2\n")
	got := term.String()
	want := "\rdiff: 10 B of 100 B (10%), 10 B/s, ETA 9s\x1b[K\r\x1b[Kline 1\n" +
		"\rdiff: 20 B of 100 B (20%), 10 B/s, ETA 8s\x1b[K\r\x1b[Kline 2\n"
	if got != want {
		t.Errorf("terminal shows\n%q\nwant\n%q", got, want)
	}
}

// TestLabelTruncated keeps long paths from wrapping the line.
func TestLabelTruncated(t *testing.T) {
	e := &env{stderr: io.Discard, stderrIsTerminal: true}
	p := e.newProgress(false, "validate "+filepath.Join(strings.Repeat("very-long-directory/", 5), "x.tar.zst"), "", 0)
	if n := len([]rune(p.label)); n != progressLabelMax || !strings.HasPrefix(p.label, "validate …") || !strings.HasSuffix(p.label, "x.tar.zst") {
		t.Errorf("label %q (%d runes)", p.label, n)
	}
	for _, l := range []string{"diff", "build", strings.Repeat("x", 60), strings.Repeat("averyveryverylongverb", 2) + " path"} {
		if got := shortLabel(l); len([]rune(got)) > progressLabelMax || len(l) <= progressLabelMax && got != l {
			t.Errorf("shortLabel(%q) = %q", l, got)
		}
	}
	if e.now != nil || p.now == nil {
		t.Error("a nil env clock is not time.Now")
	}
}

// walkRead reads every file of fsys, as contrib.Checker.CheckFS does,
// and lists them.
func walkRead(fsys fs.FS, names *[]string) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		*names = append(*names, name)
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(io.Discard, f)
		return err
	})
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/atomicfile"
	"github.com/quire-archive/quire/internal/gen"
	"github.com/quire-archive/quire/internal/pipeline"
)

var errEnough = errors.New("size reached")

type doc struct {
	name string
	data []byte
	ok   bool
}

// writeDocs generates documents on c.workers goroutines and hands them,
// in sequence order, to as many writers. The order matters only for
// -size, which stops at the first document that reaches the total; the
// writers never see a document past it.
func writeDocs(e *env, c *config) error {
	if err := prepareDir(c.out, c.force); err != nil {
		return err
	}
	var (
		n       = c.n
		produce func(i int) (doc, error)
	)
	if c.next {
		v, err := gen.Next(c.options(), c.n, c.change)
		if err != nil {
			return err
		}
		n = v.Len()
		produce = func(i int) (doc, error) {
			name, data, ok := v.Doc(i)
			return doc{name, data, ok}, nil
		}
	} else {
		g, err := gen.New(c.options())
		if err != nil {
			return err
		}
		produce = func(i int) (doc, error) {
			name, data := g.Doc(i)
			return doc{name, data, true}, nil
		}
	}
	if c.size > 0 || n < 0 {
		n = math.MaxInt
		if c.size == 0 {
			n = 0
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := newProgress(e)
	defer p.stop()

	jobs := make(chan doc, 4*c.workers)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		writeErr error
		failed   atomic.Bool
	)
	for w := 0; w < c.workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range jobs {
				if failed.Load() {
					continue
				}
				if err := writeFile(c.out, d.name, d.data); err != nil {
					errOnce.Do(func() { writeErr = err })
					failed.Store(true)
					cancel()
				}
			}
		}()
	}
	var docs, total int64
	err := pipeline.Ordered(ctx, n, pipeline.Options{Workers: c.workers}, produce,
		func(i int, d doc, err error) error {
			if err != nil {
				return err
			}
			if c.size > 0 && total >= c.size {
				return errEnough
			}
			if !d.ok {
				return nil
			}
			if failed.Load() {
				return errors.New("write failed")
			}
			jobs <- d
			docs++
			total += int64(len(d.data))
			p.set(docs, total)
			return nil
		})
	close(jobs)
	wg.Wait()
	p.stop()
	if writeErr != nil {
		return writeErr
	}
	if err != nil && !errors.Is(err, errEnough) {
		return err
	}
	what := "documents"
	if c.next {
		what = "documents of version 2"
	}
	fmt.Fprintf(e.stdout, "quire-gen: wrote %d %s, %d bytes, to %s\n", docs, what, total, c.out)
	return nil
}

// prepareDir creates dir, or checks that it is an empty directory unless
// force.
func prepareDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return err
	case len(entries) > 0 && !force:
		return fmt.Errorf("%s is not empty (%d entries); use -force to write into it anyway", dir, len(entries))
	}
	return nil
}

// writeFile writes name in dir through a hidden temporary file, so a
// killed run leaves no partial document under a document's name (corpus
// listings skip hidden files). It does not fsync: a benchmark corpus is
// regenerated, not recovered.
func writeFile(dir, name string, data []byte) error {
	tmp := filepath.Join(dir, "."+name+".quire-gen-tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, name))
}

// writeRecords writes the record file atomically.
func writeRecords(e *env, c *config) error {
	n := c.n
	var rec func(int) (*record.Record, bool)
	if c.next {
		v, err := gen.Next(c.options(), c.n, c.change)
		if err != nil {
			return err
		}
		n, rec = v.Len(), v.Record
	} else {
		g, err := gen.New(c.options())
		if err != nil {
			return err
		}
		rec = func(i int) (*record.Record, bool) { return g.Record(i), true }
	}
	f, err := atomicfile.Create(c.records, 0o644)
	if err != nil {
		return err
	}
	defer f.Abort()
	p := newProgress(e)
	defer p.stop()
	var count, total atomic.Int64
	counted := func(i int) (*record.Record, bool) {
		r, ok := rec(i)
		if ok {
			p.set(count.Add(1), total.Add(r.Source.Bytes))
		}
		return r, ok
	}
	cw := &countWriter{w: f}
	if err := gen.WriteRecords(context.Background(), cw, n, counted); err != nil {
		return fmt.Errorf("%s: %w", c.records, err)
	}
	if err := f.Commit(); err != nil {
		return err
	}
	p.stop()
	fmt.Fprintf(e.stdout, "quire-gen: wrote %d records, %d bytes, to %s\n", count.Load(), cw.n, c.records)
	return nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// progress prints a status line to a terminal twice a second.
type progress struct {
	docs, bytes atomic.Int64
	done        chan struct{}
	once        sync.Once
	wg          sync.WaitGroup
}

func newProgress(e *env) *progress {
	p := &progress{done: make(chan struct{})}
	if !e.stderrIsTerminal {
		close(p.done)
		return p
	}
	start := time.Now()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		show := func() {
			s := time.Since(start).Seconds()
			fmt.Fprintf(e.stderr, "\rquire-gen: %d documents, %.1f MB, %.1f MB/s ", p.docs.Load(), float64(p.bytes.Load())/1e6, float64(p.bytes.Load())/1e6/max(s, 1e-9))
		}
		for {
			select {
			case <-t.C:
				show()
			case <-p.done:
				show()
				fmt.Fprintln(e.stderr)
				return
			}
		}
	}()
	return p
}

func (p *progress) set(docs, bytes int64) {
	p.docs.Store(docs)
	p.bytes.Store(bytes)
}

func (p *progress) stop() {
	p.once.Do(func() {
		select {
		case <-p.done:
		default:
			close(p.done)
		}
	})
	p.wg.Wait()
}

// parseSize parses a byte count with an optional unit: B, KB, MB, GB, TB
// (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024).
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := len(t)
	for i > 0 && (t[i-1] < '0' || t[i-1] > '9') {
		i--
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	mult := map[string]float64{
		"": 1, "b": 1,
		"k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
	}[unit]
	v, err := strconv.ParseFloat(num, 64)
	if mult == 0 || err != nil || v < 0 || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a size (want e.g. 4096, 50MB, 1GiB)", s)
	}
	b := v * mult
	if b >= math.MaxInt64 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return int64(b), nil
}

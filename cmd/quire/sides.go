package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/build"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/schema"
)

// inputKind is what a path on the command line holds, decided from its
// content rather than its name.
type inputKind int

const (
	kindSeeds  inputKind = iota // a directory of raw documents
	kindBundle                  // a zstd stream (a .tar.zst bundle)
	kindJSONL                   // JSON Lines of records
	kindRaw                     // a raw text document
)

var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// sniff decides what path holds: a directory, or what classify says.
func sniff(path string) (inputKind, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if fi.IsDir() {
		return kindSeeds, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, err
	}
	return classify(path, head[:n]), nil
}

// side is a diff.Side with resources to release.
type side interface {
	diff.Side
	Close() error
}

// openSide opens OLD or NEW of quire diff, adding its size to prog's
// total and counting in prog the bytes read from it; a seeds directory
// is listed with lo.
func openSide(ctx context.Context, path string, lo corpus.ListOptions, prog *progress) (side, error) {
	kind, err := sniff(path)
	if err != nil {
		return nil, err
	}
	switch kind {
	case kindSeeds:
		return newSeedsSide(ctx, path, lo, prog)
	case kindJSONL:
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		growByFile(prog, f)
		s := diff.NewJSONLSide(bufio.NewReaderSize(prog.reader(f), 1<<20), diff.SideInfo{Label: path})
		return closerSide{s, f}, nil
	case kindBundle:
		return openBundleSide(path, prog)
	}
	return nil, fmt.Errorf("%s: not a bundle, a seeds directory or a JSON Lines file of records", path)
}

type closerSide struct {
	diff.Side
	c io.Closer
}

func (s closerSide) Close() error { return s.c.Close() }

// seedsSide normalizes a seeds directory on the fly, in id order, on all
// cores; a goroutine pushes records into a small channel that Next pulls.
// The goroutine starts at the first Next, so that both sides of a diff
// are open, and their sizes known to the progress line, before either
// is read.
type seedsSide struct {
	info    diff.SideInfo
	dir     string
	docs    *corpus.Listing // closed by run, or by Close if run never started
	opts    build.Options
	started sync.Once
	recs    chan *record.Record
	err     error // set before recs is closed
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
}

// newSeedsSide lists dir with lo and adds the size of its documents to
// prog's total; prog counts the bytes of the documents normalized.
func newSeedsSide(ctx context.Context, dir string, lo corpus.ListOptions, prog *progress) (*seedsSide, error) {
	docs, err := corpus.Open(os.DirFS(dir), ".", lo)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		docs.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &seedsSide{
		info: diff.SideInfo{
			Label: filepath.Clean(dir), Schema: schema.RecordBytes(),
			RulesVersion: n.RulesVersion(), RulesSHA256: n.RulesSHA256(),
		},
		dir: dir, docs: docs, opts: build.Options{Normalizer: n},
		recs: make(chan *record.Record, 16), ctx: ctx, cancel: cancel, done: make(chan struct{}),
	}
	if prog != nil {
		prog.grow(docs.Bytes())
		var last int64 // bytes of the documents done so far; the sink goroutine's only
		s.opts.Progress = func(_ int, bytes int64) {
			prog.add(bytes - last)
			last = bytes
		}
	}
	return s, nil
}

func (s *seedsSide) run() {
	defer close(s.done)
	defer close(s.recs)
	defer s.docs.Close()
	s.err = build.Records(s.ctx, os.DirFS(s.dir), ".", s.docs.All(), s.opts, func(r *record.Record) error {
		select {
		case s.recs <- r:
			return nil
		case <-s.ctx.Done():
			return s.ctx.Err()
		}
	})
	if s.err != nil {
		s.err = fmt.Errorf("%s: %w", s.dir, s.err)
	}
}

func (s *seedsSide) Next() (*record.Record, error) {
	s.started.Do(func() { go s.run() })
	r, ok := <-s.recs
	if !ok {
		if s.err != nil {
			return nil, s.err
		}
		return nil, io.EOF
	}
	return r, nil
}

func (s *seedsSide) Info() diff.SideInfo { return s.info }

func (s *seedsSide) Close() error {
	s.cancel()
	neverRead := false
	s.started.Do(func() { neverRead = true })
	if neverRead {
		return s.docs.Close()
	}
	for range s.recs {
	}
	<-s.done
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/quire-archive/quire/dataset/release"
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

// side is a diff side with what must be closed after it.
type side struct {
	release.Side
	closers []io.Closer
}

func (s *side) Close() error {
	err := s.Side.Close()
	for _, c := range s.closers {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// openSide opens OLD or NEW of quire diff, or the dataset of validate
// -against: a seeds directory's records are derived with the recipe opts
// (recipe is its recipe, for a checker that must derive records the same
// way); prog, a line counting bytes, gets the size of each input and the
// bytes read from it.
func openSide(ctx context.Context, path string, opts release.Options, prog *progress) (s *side, recipe *release.Recipe, err error) {
	kind, err := sniff(path)
	if err != nil {
		return nil, nil, err
	}
	switch kind {
	case kindSeeds:
		opts.Progress = byteProgress(prog)
		r, err := release.Open(ctx, os.DirFS(path), opts)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		return &side{Side: r.Side(ctx, filepath.Clean(path)), closers: []io.Closer{r}}, r, nil
	case kindJSONL, kindBundle:
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, err
		}
		growByFile(prog, f)
		if kind == kindJSONL {
			return &side{Side: release.JSONLSide(prog.reader(f), path), closers: []io.Closer{f}}, nil, nil
		}
		s, err := release.BundleSide(prog.reader(f), path)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return &side{Side: s, closers: []io.Closer{f}}, nil, nil
	}
	return nil, nil, fmt.Errorf("%s: not a bundle, a seeds directory or a JSON Lines file of records", path)
}

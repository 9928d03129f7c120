package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/internal/safefile"
)

// input is a path named on the command line of validate or add, opened
// once: its kind is decided from the open file, which is then read, so
// nothing can be swapped in between (see openInput).
type input struct {
	path string
	kind inputKind
	f    *os.File // the open file or directory
}

func (in *input) Close() error { return in.f.Close() }

// size is the file's size for a progress line (0 if unknown).
func (in *input) size() int64 {
	if fi, err := in.f.Stat(); err == nil && fi.Mode().IsRegular() {
		return fi.Size()
	}
	return 0
}

// openInput opens path as every input of validate and add is opened,
// named on the command line or found in a directory: without following
// a symbolic link and without blocking on a FIFO, with the type taken
// from the open file (safefile). A link, FIFO, device or socket gives a
// *safefile.NotRegularError, which callers report as Q109; other errors
// are I/O trouble.
func openInput(path string) (*input, error) {
	f, err := safefile.Open(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if fi.IsDir() {
		return &input{path: path, kind: kindSeeds, f: f}, nil
	}
	// ReadAt leaves the offset at the start, for whoever reads f next.
	head := make([]byte, 512)
	n, err := f.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &input{path: path, kind: classify(path, head[:n]), f: f}, nil
}

// rewind moves a file input back to its start, after a first reading
// (a signature check) and before the next.
func (in *input) rewind() error {
	_, err := in.f.Seek(0, io.SeekStart)
	return err
}

// classify decides what a file holds from its first bytes: a zstd stream
// (a bundle), JSON Lines (contrib.IsJSONL: the first non-blank character,
// after a byte-order mark, is '{') or else a raw document. It is the one
// rule for every command, so a file is judged the same whether it is
// named or found in a directory.
func classify(path string, head []byte) inputKind {
	// A .zst name claims to be a bundle: checked as one, damage to its
	// first bytes is a problem with the bundle (exit 1), not a reason to
	// take it for something else.
	if len(head) >= 4 && string(head[:4]) == string(zstdMagic) || strings.HasSuffix(path, ".zst") {
		return kindBundle
	}
	if contrib.IsJSONL(head) {
		return kindJSONL
	}
	return kindRaw
}

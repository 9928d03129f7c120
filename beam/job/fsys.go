package job

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/corpus"
)

// Reading the seeds: a local directory is read through os.DirFS, as
// quire build reads it, so the listing and every error are the same; a
// directory in another of Beam's file systems (gs://, s3://) through
// seedsFS, an fs.FS over Beam's filesystem.Interface, so that the same
// code (package corpus) lists and reads both.

// openSeeds returns the seeds directory as an fs.FS rooted at it, and a
// function to release it.
func openSeeds(ctx context.Context, dir string) (fs.FS, func(), error) {
	if isLocal(dir) {
		return os.DirFS(dir), func() {}, nil
	}
	bfs, err := filesystem.New(ctx, dir)
	if err != nil {
		return nil, nil, err
	}
	return &seedsFS{ctx: ctx, fs: bfs, root: strings.TrimSuffix(dir, "/")}, func() { bfs.Close() }, nil
}

// readDoc reads listed document d, its listed size sizing the buffer,
// bounded by normalize.MaxDocumentBytes as quire build reads it.
func readDoc(fsys fs.FS, d doc) ([]byte, error) {
	f, err := fsys.Open(d.Name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return corpus.ReadSized(f, normalize.MaxDocumentBytes, d.Size)
}

// seedsFS is a flat directory of a Beam file system as an fs.FS: "." is
// the directory, whose entries are what List returns for root/*, and
// every other name is a file in it. Object stores have no directories
// or links, so every entry is a regular file.
type seedsFS struct {
	ctx  context.Context
	fs   filesystem.Interface
	root string
}

func (s *seedsFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) || strings.Contains(name, "/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &seedsDir{s: s}, nil
	}
	full := s.root + "/" + name
	r, err := s.fs.OpenRead(s.ctx, full)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &seedsFile{s: s, name: name, r: r}, nil
}

type seedsFile struct {
	s    *seedsFS
	name string
	r    io.ReadCloser
}

func (f *seedsFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *seedsFile) Close() error               { return f.r.Close() }
func (f *seedsFile) Stat() (fs.FileInfo, error) {
	n, err := f.s.fs.Size(f.s.ctx, f.s.root+"/"+f.name)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: f.name, Err: err}
	}
	return entry{name: f.name, size: n}, nil
}

// seedsDir is the directory "." of a seedsFS.
type seedsDir struct {
	s     *seedsFS
	names []string
	read  bool
}

func (d *seedsDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: errors.New("is a directory")}
}
func (d *seedsDir) Close() error { return nil }
func (d *seedsDir) Stat() (fs.FileInfo, error) {
	return entry{name: ".", dir: true}, nil
}

// ReadDir returns the directory's entries, n at a time (n <= 0: all).
// Their sizes are asked for when the listing needs them (Info).
func (d *seedsDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		paths, err := d.s.fs.List(d.s.ctx, d.s.root+"/*")
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", d.s.root, err)
		}
		for _, p := range paths {
			d.names = append(d.names, path.Base(p))
		}
		d.read = true
	}
	if n <= 0 {
		n = len(d.names)
	} else if len(d.names) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(d.names))
	out := make([]fs.DirEntry, n)
	for i, name := range d.names[:n] {
		out[i] = &seedsEntry{s: d.s, name: name}
	}
	d.names = d.names[n:]
	return out, nil
}

type seedsEntry struct {
	s    *seedsFS
	name string
}

func (e *seedsEntry) Name() string      { return e.name }
func (e *seedsEntry) IsDir() bool       { return false }
func (e *seedsEntry) Type() fs.FileMode { return 0 }
func (e *seedsEntry) Info() (fs.FileInfo, error) {
	n, err := e.s.fs.Size(e.s.ctx, e.s.root+"/"+e.name)
	if err != nil {
		return nil, err
	}
	return entry{name: e.name, size: n}, nil
}

// entry is the fs.FileInfo of a seedsFS name.
type entry struct {
	name string
	size int64
	dir  bool
}

func (e entry) Name() string { return e.name }
func (e entry) Size() int64  { return e.size }
func (e entry) Mode() fs.FileMode {
	if e.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (e entry) ModTime() time.Time { return time.Time{} }
func (e entry) IsDir() bool        { return e.dir }
func (e entry) Sys() any           { return nil }

// removeDir removes an empty local directory, if it is there.
func removeDir(dir string) error {
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

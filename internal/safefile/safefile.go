// Package safefile opens untrusted inputs — files a contributor or a
// pull request names, and the entries of directories they give — without
// following symbolic links and without blocking.
//
//   - Every file is opened with O_NOFOLLOW|O_NONBLOCK, and its type is
//     taken from Fstat on the open file, never from an earlier Stat or
//     directory listing, so it cannot change between the check and the
//     read. A symbolic link, named pipe, device or socket is refused
//     with a *NotRegularError: a link committed to a pull request cannot
//     make a check read a file of the CI runner, and a FIFO cannot hang
//     it.
//   - An explicit path and an entry of a directory are opened by the
//     same code: DirFS walks a tree with openat from the directory's own
//     descriptor, so no component of an entry's path is followed either.
//   - Only the last component of an explicit path is protected: the
//     directories above it are the caller's (as for any command line
//     tool, /tmp may be a link).
//
// This package knows nothing of documents or records. Unix only, as the
// rest of quire.
package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// NotRegularError is returned for a path that is not a regular file or
// a directory.
type NotRegularError struct {
	Path string
	Mode fs.FileMode // the type bits of what is there
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s: %s, not a regular file", e.Path, TypeName(e.Mode))
}

// TypeName names a file type for messages: "symbolic link", "named
// pipe (FIFO)", "device", "socket", …
func TypeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "character device"
	case m&fs.ModeDevice != 0:
		return "block device"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m.IsRegular():
		return "regular file"
	}
	return "irregular file"
}

// openFlags open a file for reading without following a symbolic link
// in the last component and without waiting for a FIFO's writer.
const openFlags = unix.O_RDONLY | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_CLOEXEC

// Open opens path for reading if it is a regular file or a directory,
// and returns a *NotRegularError for anything else, a symbolic link
// included.
func Open(path string) (*os.File, error) {
	fd, err := openat(unix.AT_FDCWD, path, openFlags)
	if err != nil {
		return nil, notRegular(path, err, func() (fs.FileInfo, error) { return os.Lstat(path) })
	}
	return check(fd, path)
}

// openat retries on EINTR, which a signal can cause on a slow device.
func openat(dirfd int, name string, flags int) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, flags, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// notRegular turns the error of an open that refused a link (ELOOP,
// EMLINK on FreeBSD, ENOTDIR where a directory was wanted) or a socket
// (ENXIO) into a *NotRegularError, using
// lstat to say what is there; any other error is returned as a
// *fs.PathError.
func notRegular(path string, err error, lstat func() (fs.FileInfo, error)) error {
	if errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EMLINK) || errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ENXIO) || errors.Is(err, unix.EOPNOTSUPP) {
		if fi, lerr := lstat(); lerr == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
			return &NotRegularError{Path: path, Mode: fi.Mode().Type()}
		}
	}
	return &fs.PathError{Op: "open", Path: path, Err: err}
}

// check keeps fd if Fstat says it is a regular file or a directory.
func check(fd int, path string) (*os.File, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "fstat", Path: path, Err: err}
	}
	if mode := modeOf(uint32(st.Mode)); mode != 0 && mode != fs.ModeDir {
		unix.Close(fd)
		return nil, &NotRegularError{Path: path, Mode: mode}
	}
	// A regular file or a directory never blocks: O_NONBLOCK has done
	// its job (it only mattered for a FIFO), and is cleared so that the
	// file behaves as any other.
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "fcntl", Path: path, Err: err}
	}
	return os.NewFile(uintptr(fd), path), nil
}

// DirFS is an fs.FS of the tree under a directory whose Open refuses
// what Open refuses, for every component of the name: each directory on
// the way is opened with openat from its parent's descriptor, with
// O_NOFOLLOW|O_DIRECTORY, so neither a link in the tree nor one swapped
// in while it is read leads outside it. Files it opens are *os.File
// (directories can be read with ReadDir).
type DirFS struct {
	dir string
}

// NewDirFS returns the DirFS of dir. dir itself is opened as Open
// would, on every Open, so it too is refused if it is a link.
func NewDirFS(dir string) DirFS { return DirFS{dir} }

// Open implements fs.FS. The error is a *NotRegularError (Path: the full
// path) for anything that is not a regular file or directory.
func (d DirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	root, err := Open(d.dir)
	if err != nil {
		return nil, err
	}
	if name == "." {
		return dirOnly(root, d.dir)
	}
	cur, full := root, d.dir
	parts := strings.Split(name, "/")
	for i, part := range parts {
		parent := int(cur.Fd())
		full = path.Join(full, part)
		flags := openFlags
		if i < len(parts)-1 {
			flags |= unix.O_DIRECTORY
		}
		fd, err := openat(parent, part, flags)
		if err != nil {
			err = notRegular(full, err, func() (fs.FileInfo, error) { return lstatAt(parent, part) })
		}
		cur.Close()
		if err != nil {
			return nil, err
		}
		if cur, err = check(fd, full); err != nil {
			return nil, err
		}
	}
	return cur, nil
}

// dirOnly returns f if it is a directory.
func dirOnly(f *os.File, p string) (fs.File, error) {
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !fi.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: p, Err: unix.ENOTDIR}
	}
	return f, nil
}

// lstatAt is lstat of name in the directory dirfd.
func lstatAt(dirfd int, name string) (fs.FileInfo, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, err
	}
	return statInfo{name, st}, nil
}

// statInfo is the little of fs.FileInfo that notRegular needs.
type statInfo struct {
	name string
	st   unix.Stat_t
}

func (s statInfo) Name() string      { return s.name }
func (s statInfo) Size() int64       { return s.st.Size }
func (s statInfo) Mode() fs.FileMode { return modeOf(uint32(s.st.Mode)) }

// modeOf gives the fs.FileMode type bits of a stat mode (0: regular).
func modeOf(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFSOCK:
		return fs.ModeSocket
	}
	return fs.ModeIrregular
}

func (s statInfo) ModTime() (t time.Time) { return }
func (s statInfo) IsDir() bool            { return s.Mode().IsDir() }
func (s statInfo) Sys() any               { return &s.st }

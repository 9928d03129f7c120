// Package atomicfile writes files so that a reader, a crash or a kill
// never sees a partial file at the final path.
//
//   - Content goes to a temporary file in the destination directory
//     (same file system, so the rename is atomic), which is fsynced,
//     renamed over the final path, and the directory fsynced.
//   - Until Commit, the final path is untouched: a failed or interrupted
//     write leaves the previous file, if any, as it was.
//   - Temporary files are named ".<final name>.quire-tmp-<pid>-<random>",
//     so they are recognizable; Clean removes those whose process is
//     gone, which is how the next run tidies up after a SIGKILL.
//
// Paths are the caller's; this package knows nothing of bundles.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

const tmpMarker = ".quire-tmp-"

// File is a pending atomic write. Write to it, then Commit or Abort.
type File struct {
	*os.File
	final string
	done  bool
}

// Create starts an atomic write of path with the given permissions.
func Create(path string, perm fs.FileMode) (*File, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tmpMarker+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return &File{File: f, final: path}, nil
}

// Commit flushes the file to stable storage and renames it into place.
func (f *File) Commit() error {
	if f.done {
		return errors.New("atomicfile: already committed or aborted")
	}
	f.done = true
	if err := f.File.Sync(); err != nil {
		f.File.Close()
		os.Remove(f.Name())
		return fmt.Errorf("sync %s: %w", f.final, err)
	}
	if err := f.File.Close(); err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("close %s: %w", f.final, err)
	}
	if err := os.Rename(f.Name(), f.final); err != nil {
		os.Remove(f.Name())
		return err
	}
	return SyncDir(filepath.Dir(f.final))
}

// CommitNew is Commit for a file that must not replace another, such as
// a secret key: the file is hard-linked into place, which is atomic and,
// unlike rename, fails if path exists; the error then satisfies
// errors.Is(err, fs.ErrExist) and the existing file is untouched.
func (f *File) CommitNew() error {
	if err := f.LinkNew(); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(f.final))
}

// LinkNew is CommitNew without the fsync of the directory, for a batch
// of files placed in one directory: the caller syncs it once, with
// SyncDir, after the last (quire add places thousands of files; one
// directory sync per file would cost a disk flush each).
func (f *File) LinkNew() error {
	if f.done {
		return errors.New("atomicfile: already committed or aborted")
	}
	f.done = true
	defer os.Remove(f.Name())
	if err := f.File.Sync(); err != nil {
		f.File.Close()
		return fmt.Errorf("sync %s: %w", f.final, err)
	}
	if err := f.File.Close(); err != nil {
		return fmt.Errorf("close %s: %w", f.final, err)
	}
	return os.Link(f.Name(), f.final)
}

// Abort discards the pending write. It is safe to call after Commit, so
// callers can defer it.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.File.Close()
	os.Remove(f.Name())
}

// WriteFile writes data to path atomically.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// SyncDir flushes a directory's entries (new names, renames, removals)
// to stable storage, where the file system supports it.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("sync directory %s: %w", dir, err)
	}
	return nil
}

// IsTemp reports whether name is one of this package's temporary files.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, tmpMarker)
}

// Clean removes temporary files in dir left by processes that no longer
// exist, and returns their names. Temporary files of live processes (a
// concurrent build) are left alone.
func Clean(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !IsTemp(name) || !e.Type().IsRegular() {
			continue
		}
		rest := name[strings.Index(name, tmpMarker)+len(tmpMarker):]
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err == nil && (pid == os.Getpid() || Alive(pid)) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, err
		}
		removed = append(removed, name)
	}
	return removed, nil
}

// Alive reports whether a process with this pid exists, which is how a
// leftover temporary file or journal tells a crashed writer from a
// running one.
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

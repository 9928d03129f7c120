package contrib

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/internal/atomicfile"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/internal/safefile"
)

// JournalName is the file in a seeds directory that lists the files an
// add is placing. It is hidden, so corpus.List skips it. While it
// exists, an add is running or was interrupted: Recover removes what it
// lists and then the journal.
const JournalName = ".quire-add.journal"

const journalHeader = "quire add journal 1"

// NewFile is a checked document to place in a seeds directory.
type NewFile struct {
	Src    string // path of the checked file
	Name   string // final name in the directory
	SHA256 string // hex sha256 the bytes had when checked
}

// Lock is a hold on a seeds directory: exclusive for an add (LockSeeds),
// shared for a reader that must not see half an add (ReadLockSeeds).
//
// An add decides names, sequence numbers and duplicates against the
// directory and then places files; both happen under one exclusive
// Lock, so a second add waits and then sees the first one's files.
// Without it, two adds started together both checked against the same
// directory and could both add one document, or give two documents one
// sequence number. The lock is flock(2) on the directory
// (atomicfile.LockDir): released by the kernel when its holder exits,
// however it exits.
type Lock struct {
	dir       string
	l         *atomicfile.DirLock
	exclusive bool
}

// LockSeeds takes the exclusive lock of a seeds directory, for an add.
// If another add (or a reader) holds it, waiting is called once (if not
// nil) and LockSeeds waits for it.
func LockSeeds(dir string, waiting func()) (*Lock, error) {
	l, err := atomicfile.LockDir(dir, true, waiting)
	if err != nil {
		return nil, err
	}
	return &Lock{dir: dir, l: l, exclusive: true}, nil
}

// ReadLockSeeds takes a shared lock of a seeds directory, for a command
// that reads it while an add could be placing files. Call Recover (or
// hold an exclusive lock and call Lock.Recover) first: a shared lock
// does not undo an interrupted add.
func ReadLockSeeds(dir string, waiting func()) (*Lock, error) {
	l, err := atomicfile.LockDir(dir, false, waiting)
	if err != nil {
		return nil, err
	}
	return &Lock{dir: dir, l: l}, nil
}

// Unlock releases the lock; safe to call more than once.
func (l *Lock) Unlock() error { return l.l.Unlock() }

var errShared = errors.New("contrib: a shared lock cannot change the seeds directory")

// Place copies files into the locked directory under their names, all
// or none:
//
//  1. the journal, listing every final name and sha256, is written
//     (fsynced, linked into place; it fails if one exists);
//  2. each file is written to a temporary file in dir, fsynced and
//     hard-linked to its final name, which never replaces a file;
//  3. the directory is fsynced once, and the journal removed.
//
// On failure the files placed so far are removed, then the journal. A
// crash leaves the journal, and Recover, run first by the next add or
// build, undoes the partial add. A source is opened as inputs are
// (safefile: no link followed, no FIFO waited for), and one whose bytes
// changed since they were checked is refused.
func (l *Lock) Place(files []NewFile) (err error) {
	if !l.exclusive {
		return errShared
	}
	dir := l.dir
	for _, f := range files {
		if strings.ContainsAny(f.Name, `/\`) || strings.HasPrefix(f.Name, ".") || !strings.HasSuffix(f.Name, corpus.Ext) {
			return fmt.Errorf("place %q: not a document name", f.Name)
		}
		if _, err := os.Lstat(filepath.Join(dir, f.Name)); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: already exists", filepath.Join(dir, f.Name))
		}
	}
	var j bytes.Buffer
	fmt.Fprintf(&j, "%s\npid %d\n", journalHeader, os.Getpid())
	for _, f := range files {
		fmt.Fprintf(&j, "%s %s\n", f.Name, f.SHA256)
	}
	jf, err := atomicfile.Create(filepath.Join(dir, JournalName), 0o644)
	if err != nil {
		return err
	}
	defer jf.Abort()
	if _, err := jf.Write(j.Bytes()); err != nil {
		return err
	}
	if err := jf.CommitNew(); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s exists: an interrupted quire add was not recovered; run quire add again to recover", filepath.Join(dir, JournalName))
		}
		return err
	}
	var placed []string
	defer func() {
		if err == nil {
			return
		}
		for _, p := range placed {
			os.Remove(p)
		}
		os.Remove(filepath.Join(dir, JournalName))
		atomicfile.SyncDir(dir)
	}()
	for _, f := range files {
		final := filepath.Join(dir, f.Name)
		if err := placeOne(final, f); err != nil {
			return err
		}
		placed = append(placed, final)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, JournalName)); err != nil {
		return err
	}
	return atomicfile.SyncDir(dir)
}

func placeOne(final string, f NewFile) error {
	src, err := safefile.Open(f.Src)
	if err != nil {
		return err
	}
	defer src.Close()
	data, err := corpus.ReadLimited(src, normalize.MaxDocumentBytes)
	if err != nil {
		return fmt.Errorf("%s: %w", f.Src, err)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != f.SHA256 {
		return fmt.Errorf("%s: changed since it was checked", f.Src)
	}
	out, err := atomicfile.Create(final, 0o644)
	if err != nil {
		return err
	}
	defer out.Abort()
	if _, err := out.Write(data); err != nil {
		return err
	}
	return out.LinkNew() // Place syncs the directory once, at the end
}

// Recover undoes an interrupted add in dir, under the exclusive lock
// (waiting for a running add to finish): see Lock.Recover.
func Recover(dir string) ([]string, error) {
	l, err := LockSeeds(dir, nil)
	if err != nil {
		return nil, err
	}
	defer l.Unlock()
	return l.Recover()
}

// Recover undoes an interrupted add in the locked directory: it removes
// each file the journal lists whose bytes are those the journal records
// (a file with other bytes was not written by the add and is left
// alone), then the journal. It returns the names removed. The exclusive
// lock proves that the add which wrote the journal is not running, so
// the journal's pid is not consulted (it could belong to another
// process by now).
func (l *Lock) Recover() ([]string, error) {
	if !l.exclusive {
		return nil, errShared
	}
	dir := l.dir
	jpath := filepath.Join(dir, JournalName)
	b, err := os.ReadFile(jpath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	if !sc.Scan() || sc.Text() != journalHeader {
		return nil, fmt.Errorf("%s: not a quire add journal; remove it by hand", jpath)
	}
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "pid ") {
		return nil, fmt.Errorf("%s: no pid line; remove it by hand", jpath)
	}
	var removed []string
	for sc.Scan() {
		name, sum, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
			return removed, fmt.Errorf("%s: bad line %q; remove it by hand", jpath, sc.Text())
		}
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return removed, err
		}
		if s := sha256.Sum256(data); hex.EncodeToString(s[:]) != sum {
			continue
		}
		if err := os.Remove(p); err != nil {
			return removed, err
		}
		removed = append(removed, name)
	}
	if err := os.Remove(jpath); err != nil {
		return removed, err
	}
	return removed, atomicfile.SyncDir(dir)
}

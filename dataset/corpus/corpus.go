// Package corpus lists and reads a directory of raw documents (a
// maintainer's seeds/).
//
//   - A document is a regular file named <id>.txt, where <id> is a valid
//     record id. Anything else in the directory (other extensions,
//     subdirectories, links, ids that collide when case is folded) is an
//     error, reported with the file name: a release must not silently
//     leave a file out.
//   - Hidden files (names starting with ".") are skipped, so editor and
//     VCS droppings do not break builds.
//   - Listing is sorted by id, so everything downstream is deterministic
//     whatever order the file system returns.
//   - Reading is bounded by normalize.MaxDocumentBytes.
//
// It works on an fs.FS, so it has no opinion on where the files live.
package corpus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// Ext is the file extension of raw documents.
const Ext = ".txt"

// idPattern is the record id pattern of schema/record.schema.json.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// seedPattern is the naming convention of a maintained seeds directory:
// a sequence number of at least three digits and 16 hex digits of the
// sha256 of the raw bytes.
var seedPattern = regexp.MustCompile(`^([0-9]{3,})_([0-9a-f]{16})$`)

// Doc is one raw document in a directory.
type Doc struct {
	Name string // file name, e.g. "000_879b37c607dd505b.txt"
	ID   string // record id: the name without Ext
	Size int64  // size when listed
}

// ValidID reports whether id is a valid record id.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// SeedName splits a seed id into its sequence number and hash prefix.
// ok is false if id does not follow the NNN_<16 hex> convention.
func SeedName(id string) (seq, hash string, ok bool) {
	m := seedPattern.FindStringSubmatch(id)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// ListError lists every problem found in a directory listing.
type ListError struct {
	Problems []string // "name: what is wrong", sorted
}

func (e *ListError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0]
	}
	return fmt.Sprintf("%d problems:\n\t%s", len(e.Problems), strings.Join(e.Problems, "\n\t"))
}

// List returns the documents of dir in fsys, sorted by id. It returns a
// *ListError naming every offending entry if any entry is not a valid
// document.
//
// Memory is the list itself (about 70 bytes a document plus the names):
// the directory is read in chunks, not as one slice of entries, and the
// case-collision check keeps only the ids that have an upper-case letter
// (ids are ASCII, so two ids can only differ in case if one has one).
func List(fsys fs.FS, dir string) ([]Doc, error) {
	var docs []Doc
	var probs []string
	err := readDir(fsys, dir, func(e fs.DirEntry) {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			return
		}
		if !e.Type().IsRegular() {
			probs = append(probs, fmt.Sprintf("%s: not a regular file (%s); a seeds directory holds only %s documents", name, typeName(e.Type()), Ext))
			return
		}
		if !strings.HasSuffix(name, Ext) {
			probs = append(probs, fmt.Sprintf("%s: not a raw document: names end in %q", name, Ext))
			return
		}
		id := strings.TrimSuffix(name, Ext)
		if !ValidID(id) {
			probs = append(probs, fmt.Sprintf("%s: %q is not a valid record id (want %s)", name, id, idPattern))
			return
		}
		info, err := e.Info()
		if err != nil {
			probs = append(probs, fmt.Sprintf("%s: %v", name, err))
			return
		}
		docs = append(docs, Doc{Name: name, ID: id, Size: info.Size()})
	})
	if err != nil {
		return nil, err
	}
	probs = append(probs, caseCollisions(docs)...)
	if len(probs) > 0 {
		sort.Strings(probs)
		return nil, &ListError{Problems: probs}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
}

// readDir calls visit for each entry of dir, reading it in chunks when
// fsys allows.
func readDir(fsys fs.FS, dir string, visit func(fs.DirEntry)) error {
	f, err := fsys.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, ok := f.(fs.ReadDirFile)
	if !ok {
		entries, err := fs.ReadDir(fsys, dir)
		for _, e := range entries {
			visit(e)
		}
		return err
	}
	for {
		entries, err := rd.ReadDir(4096)
		for _, e := range entries {
			visit(e)
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &fs.PathError{Op: "readdir", Path: dir, Err: err}
		}
		if len(entries) == 0 {
			return nil
		}
	}
}

// caseCollisions names every document whose id differs only in case
// from that of a document whose name sorts before it.
func caseCollisions(docs []Doc) []string {
	folded := map[string][]int{} // lower-case id -> docs with upper-case letters
	for i, d := range docs {
		if l := strings.ToLower(d.ID); l != d.ID {
			folded[l] = append(folded[l], i)
		}
	}
	if len(folded) == 0 {
		return nil
	}
	for i, d := range docs {
		if g, ok := folded[d.ID]; ok {
			folded[d.ID] = append(g, i)
		}
	}
	var probs []string
	for _, g := range folded {
		if len(g) < 2 {
			continue
		}
		sort.Slice(g, func(a, b int) bool { return docs[g[a]].Name < docs[g[b]].Name })
		first := docs[g[0]].ID
		for _, i := range g[1:] {
			probs = append(probs, fmt.Sprintf("%s: id %q differs from %q only in case; they would collide on case-insensitive file systems", docs[i].Name, docs[i].ID, first))
		}
	}
	return probs
}

func typeName(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "directory"
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeDevice != 0:
		return "device"
	case m&fs.ModeSocket != 0:
		return "socket"
	}
	return "irregular file"
}

// ErrTooLarge is wrapped by ReadLimited when a document exceeds its limit.
var ErrTooLarge = errors.New("file too large")

// ReadLimited reads all of r, failing with ErrTooLarge past limit bytes,
// without reading more than limit+1 bytes whatever r claims its size is.
// When r can Stat (an fs.File, an *os.File), the buffer is sized from the
// file's size at once, so a build does not grow and copy every document
// several times; the size is only a hint, and a file that changes size
// while read is still read correctly.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	size := int64(512)
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = min(fi.Size(), limit) + 1 // +1: room to see EOF
		}
	}
	b := make([]byte, 0, size)
	lr := &io.LimitedReader{R: r, N: limit + 1}
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

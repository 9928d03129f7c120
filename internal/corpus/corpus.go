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
//   - Memory does not grow with the number of documents: the directory
//     is read in batches, sorted in runs of bounded size that spill to a
//     temporary file and are merged (an external sort), and a Listing
//     is iterated, not held (Open, Listing.All). Below one run nothing
//     touches the disk. List, which returns a slice, is for small uses.
//   - The spill file is unlinked as soon as it is created (where the OS
//     allows; else Close removes it), so a listing never leaves one
//     behind, even when killed.
//   - Problems are reported all at once, sorted, up to MaxListProblems.
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
	"strings"

	"github.com/quire-archive/quire/internal/safefile"
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
	Problems []string // "name: what is wrong", sorted; at most MaxListProblems
	Dropped  int      // problems beyond MaxListProblems
}

func (e *ListError) Error() string {
	if len(e.Problems) == 1 && e.Dropped == 0 {
		return e.Problems[0]
	}
	s := fmt.Sprintf("%d problems:\n\t%s", len(e.Problems)+e.Dropped, strings.Join(e.Problems, "\n\t"))
	if e.Dropped > 0 {
		s += fmt.Sprintf("\n\t… and %d more", e.Dropped)
	}
	return s
}

// List returns the documents of dir in fsys, sorted by id, as Open
// checks them. It holds the whole listing in memory (about 70 bytes a
// document plus the names): for small directories and tests; a build
// iterates an Open listing instead.
func List(fsys fs.FS, dir string) ([]Doc, error) {
	l, err := Open(fsys, dir, ListOptions{})
	if err != nil {
		return nil, err
	}
	defer l.Close()
	docs := make([]Doc, 0, l.Len())
	for d, err := range l.All() {
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// typeName names a file type for messages, as every input check does.
func typeName(m fs.FileMode) string { return safefile.TypeName(m) }

// ErrTooLarge is wrapped by ReadLimited when a document exceeds its limit.
var ErrTooLarge = errors.New("file too large")

// ReadLimited reads all of r, failing with ErrTooLarge past limit bytes,
// without reading more than limit+1 bytes whatever r claims its size is.
// When r can Stat (an fs.File, an *os.File), the buffer is sized from the
// file's size at once, so a build does not grow and copy every document
// several times; the size is only a hint, and a file that changes size
// while read is still read correctly.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	size := int64(-1)
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			size = fi.Size()
		}
	}
	return ReadSized(r, limit, size)
}

// ReadSized is ReadLimited for a reader whose size is already known, as
// a listed document's is (Doc.Size): size sizes the buffer (negative:
// unknown) and is only a hint, as in ReadLimited, so a build does not
// Stat every document again in each pass.
func ReadSized(r io.Reader, limit, size int64) ([]byte, error) {
	if size < 0 {
		size = 511
	}
	size = min(size, limit) + 1 // +1: room to see EOF
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

package contrib

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/safefile"
)

// IsJSONL reports whether a file that starts with head holds JSON Lines
// rather than a raw document: its first non-blank byte is '{'. A news
// article does not start with a brace; a record always does.
func IsJSONL(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

// AddNotRegular reports that the input at p is not a regular file but a
// link, FIFO, device, socket (mode's type) — one message wherever the
// input was named.
func AddNotRegular(rep *report.Report, p string, mode fs.FileMode) {
	what := safefile.TypeName(mode)
	fix := "contribute the plain file itself"
	if mode&fs.ModeSymlink != 0 {
		fix = "links are never followed; contribute the file it points to, not a link"
	}
	rep.Addf(report.At(p), report.NotRegular, "a %s, not a regular file: %s", what, fix)
}

// ReportOpenError reports an error opening an input if it is a
// *safefile.NotRegularError and returns true; other errors are I/O
// trouble for the caller.
func ReportOpenError(rep *report.Report, p string, err error) bool {
	var nr *safefile.NotRegularError
	if errors.As(err, &nr) {
		AddNotRegular(rep, p, nr.Mode)
		return true
	}
	return false
}

// Result lists what CheckFS found.
type Result struct {
	Documents []*Document // raw documents, in path order
	JSONL     []string    // JSON Lines files, in path order
	Refused   []string    // entries that are not regular files (Q109), in path order
}

// Files is the number of files CheckFS looked at.
func (r *Result) Files() int { return len(r.Documents) + len(r.JSONL) + len(r.Refused) }

// CheckFS checks every file under dir in fsys, in path order, deciding
// from its content whether it is a raw document or JSON Lines. Hidden
// files and directories (".name") are skipped, as corpus.List does;
// anything that is not a regular file or directory is an error (Q109),
// whether the listing says so or fsys.Open refuses it with a
// *safefile.NotRegularError (give it a safefile.DirFS, so that an entry
// swapped for a link or a FIFO after the listing is refused too). label
// is prepended to paths in messages.
func (c *Checker) CheckFS(rep *report.Report, fsys fs.FS, dir, label string) (*Result, error) {
	res := &Result{}
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		shown := path.Join(label, strings.TrimPrefix(strings.TrimPrefix(name, dir), "/"))
		if name != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			AddNotRegular(rep, shown, d.Type())
			res.Refused = append(res.Refused, shown)
			return nil
		}
		f, err := fsys.Open(name)
		if ReportOpenError(rep, shown, err) {
			res.Refused = append(res.Refused, shown)
			return nil
		}
		if err != nil {
			return err
		}
		defer f.Close()
		br := bufio.NewReaderSize(f, 64<<10)
		head, err := br.Peek(512)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return err
		}
		if IsJSONL(head) {
			res.JSONL = append(res.JSONL, shown)
			return c.CheckRecords(rep, shown, br)
		}
		doc, err := c.CheckDocument(rep, shown, br)
		if err != nil {
			return err
		}
		res.Documents = append(res.Documents, doc)
		return nil
	})
	return res, err
}

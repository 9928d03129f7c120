package contrib

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/quire-archive/quire/dataset/report"
)

// IsJSONL reports whether a file that starts with head holds JSON Lines
// rather than a raw document: its first non-blank byte is '{'. A news
// article does not start with a brace; a record always does.
func IsJSONL(head []byte) bool {
	t := bytes.TrimLeft(head, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

// Result lists what CheckFS found.
type Result struct {
	Documents []*Document // raw documents, in path order
	JSONL     []string    // JSON Lines files, in path order
}

// CheckFS checks every file under dir in fsys, in path order, deciding
// from its content whether it is a raw document or JSON Lines. Hidden
// files and directories (".name") are skipped, as corpus.List does;
// anything that is not a regular file or directory is an error. label
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
			rep.Addf(report.At(shown), report.BadName, "not a regular file: contribute plain files, not links or devices")
			return nil
		}
		f, err := fsys.Open(name)
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

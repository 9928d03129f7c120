package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record/linecheck"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/schema"
)

const normalizeHelp = `
Normalize each raw document and print its record as one line of JSON,
exactly as it would be stored in a bundle (canonical JSON, validated
against the record schema). "-" reads standard input; its record id is
given with -id.

A file that cannot be normalized is reported on stderr with its name and
location, the other files are still printed, and the exit status is 1.
`

func runNormalize(e *env, args []string) int {
	fs := newFlags(e, "normalize", "[-id ID] FILE...", normalizeHelp)
	stdinID := fs.String("id", "stdin", "record `id` for standard input")
	files, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		return e.usageError(fs, "no FILE given")
	}
	n, err := normalize.New(normalize.Options{})
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	sch, err := schema.Record()
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	status := exitOK
	for _, f := range files {
		line, st := normalizeOne(e, n, sch, f, *stdinID)
		if st != exitOK {
			status = max(status, st)
			continue
		}
		fmt.Fprintf(e.stdout, "%s\n", line)
	}
	return status
}

// normalizeOne reads, normalizes, encodes and validates one file.
func normalizeOne(e *env, n *normalize.Normalizer, sch *schema.Schema, path, stdinID string) ([]byte, int) {
	var data []byte
	var err error
	id, name := stdinID, stdinID+corpus.Ext
	if path == "-" {
		path = "<stdin>"
		data, err = corpus.ReadLimited(e.stdin, normalize.MaxDocumentBytes)
	} else {
		name = filepath.Base(path)
		id = strings.TrimSuffix(name, filepath.Ext(name))
		var f *os.File
		if f, err = os.Open(path); err == nil {
			data, err = corpus.ReadLimited(f, normalize.MaxDocumentBytes)
			f.Close()
		}
	}
	if err != nil {
		e.errorf("%s: %v", path, err)
		if isIOError(err) {
			return nil, exitTrouble
		}
		return nil, exitInvalid
	}
	if !corpus.ValidID(id) {
		e.errorf("%s: %q is not a valid record id (letters, digits, '.', '_', '-'; at most 128)", path, id)
		return nil, exitInvalid
	}
	line, err := encodeRecord(n, sch, normalize.Input{ID: id, Name: name, Data: data})
	if err != nil {
		e.errorf("%s: %v", path, err)
		return nil, exitInvalid
	}
	return line, exitOK
}

// encodeRecord normalizes one document and returns its canonical line,
// checked as the bundle writer checks it (linecheck). Errors name the
// record and the JSON pointer or byte.
func encodeRecord(n *normalize.Normalizer, sch *schema.Schema, in normalize.Input) ([]byte, error) {
	rec, err := n.Normalize(in)
	if err != nil {
		return nil, err
	}
	line, ps := linecheck.New(sch).Record(rec)
	if len(ps) > 0 {
		msgs := make([]string, len(ps))
		for i, p := range ps {
			msgs[i] = p.String()
		}
		return nil, fmt.Errorf("record %q is not valid: %s", in.ID, strings.Join(msgs, "; "))
	}
	return line, nil
}

// isIOError tells trouble reading a file (exit 2) from a file whose
// content is bad (exit 1).
func isIOError(err error) bool {
	var pe *os.PathError
	return errors.As(err, &pe)
}

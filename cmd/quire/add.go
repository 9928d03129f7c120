package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/quire-archive/quire/dataset/contrib"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/internal/atomicfile"
	"github.com/quire-archive/quire/schema"
)

const addHelp = `
Check raw documents as 'quire validate -against SEEDS' does and, only if
no error is found, copy the new ones into the seeds directory under their
canonical names: NNN_<first 16 hex of the sha256 of the bytes>.txt, NNN
being the next free sequence number (at least three digits). A document
already in the seeds directory under its name is left as it is. Only
plain files are read: a link or a FIFO is refused, never followed.

The languages the dataset takes (warning Q607 for a document in another
one, or in none quire can tell) are those declared in -metadata FILE,
else in quire.toml beside SEEDS, the file quire build reads; without
declared languages, those of the records in SEEDS. A metadata file with
a problem stops add (exit 2) before it reads SEEDS.

Either every document is added or none is. From before it reads SEEDS
until its files are placed, add holds a lock on the directory, so a
second add waits and then sees the first one's files: no document is
added twice, no sequence number given twice. An add in progress is
listed in SEEDS/.quire-add.journal; if quire add is interrupted, the
next quire add (or build) removes what the journal lists and the
journal.

After an add, the command that builds the next release is printed:
quire build for the first, else a build of the next minor version with
-previous the latest release in dist/.

JSON Lines files of records are not accepted: records are derived data,
made from raw documents by quire build; add the raw documents instead.
`

func runAdd(e *env, args []string) int {
	fs := newFlags(e, "add", "[flags] PATH...", addHelp)
	cf := addContribFlags(fs)
	seeds := fs.String("seeds", "seeds", "the seeds `directory` to add to")
	quiet := fs.Bool("quiet", false, "no progress output")
	paths, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		return e.usageError(fs, "no PATH given: name the documents or directories to add")
	}
	if !cf.check(e) {
		return exitTrouble
	}
	if fi, err := os.Stat(*seeds); err != nil || !fi.IsDir() {
		e.errorf("-seeds %s: not a directory", *seeds)
		return exitTrouble
	}
	langs, ok := e.datasetLanguages(*cf.metadata, *seeds, "nothing added")
	if !ok {
		return exitTrouble
	}
	// Everything from here to the placing of the files happens under the
	// seeds directory's exclusive lock: names, sequence numbers and
	// duplicates are decided against what the directory holds while no
	// other add can change it.
	lock, err := contrib.LockSeeds(*seeds, func() {
		e.hintf("waiting for another quire add (or build) using %s to finish", *seeds)
	})
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer lock.Unlock()
	removed, err := lock.Recover()
	for _, n := range removed {
		e.hintf("rolled back %s, left by an interrupted quire add", filepath.Join(*seeds, n))
	}
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	if _, err := atomicfile.Clean(*seeds); err != nil {
		e.errorf("clean stale temporary files: %v", err)
		return exitTrouble
	}
	sch, err := schema.Record()
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	noProgress := *quiet || *cf.format == report.FormatJSON
	prog := e.newProgress(noProgress, "index "+*seeds, "", 0)
	checker, err := newChecker(*seeds, cf, sch, langs, prog)
	prog.finish()
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	var rep report.Report
	var docs []*contrib.Document
	trouble := false
	inputs := 0
	for _, p := range paths {
		prog := e.newProgress(noProgress, "check "+p, "", 0)
		ds, n, ok := addInput(e, checker, &rep, p, prog)
		prog.finish()
		inputs += n
		docs = append(docs, ds...)
		trouble = trouble || !ok
	}
	status := finishReport(e, &rep, cf, report.Run{Inputs: inputs}, trouble)
	if status != exitOK {
		e.errorf("nothing added to %s", *seeds)
		return status
	}
	var files []contrib.NewFile
	for _, d := range docs {
		if d.Existing {
			e.hintf("%s is already in %s", d.Path, *seeds)
			continue
		}
		files = append(files, contrib.NewFile{Src: d.Path, Name: d.Name, SHA256: d.SHA256})
	}
	if len(files) == 0 {
		fmt.Fprintf(e.stdout, "nothing to add\n")
		return exitOK
	}
	if err := lock.Place(files); err != nil {
		e.errorf("%v", err)
		e.errorf("nothing added to %s", *seeds)
		return exitTrouble
	}
	for _, f := range files {
		fmt.Fprintf(e.stdout, "added %s (from %s)\n", filepath.Join(*seeds, f.Name), f.Src)
	}
	next, caveat := nextStep(*seeds)
	fmt.Fprintf(e.stdout, "next: %s\n", next)
	if caveat != "" {
		e.hintf("%s", caveat)
	}
	return exitOK
}

// errRecords refuses JSON Lines: records are derived data.
const errRecords = "only raw documents can be added: records are derived data that quire build makes from raw documents; add those instead"

// addInput checks the input at p for quire add, opened as validate opens
// it, and returns the documents found and the number of files checked;
// ok is false if there was trouble, which it reported.
func addInput(e *env, checker *contrib.Checker, rep *report.Report, p string, prog *progress) (docs []*contrib.Document, n int, ok bool) {
	in, err := openInput(p)
	if contrib.ReportOpenError(rep, p, err) {
		return nil, 1, true
	}
	if err != nil {
		e.errorf("%v", err)
		return nil, 0, false
	}
	defer in.Close()
	if in.kind == kindBundle || in.kind == kindJSONL {
		e.errorf("%s: %s", p, errRecords)
		return nil, 0, false
	}
	res, err := checkInput(checker, rep, in, prog)
	if err != nil {
		e.errorf("%v", err)
		return nil, 0, false
	}
	for _, j := range res.JSONL {
		e.errorf("%s: %s", j, errRecords)
	}
	return res.Documents, res.Files(), len(res.JSONL) == 0
}

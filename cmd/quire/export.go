package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/export"
	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/internal/atomicfile"
)

const exportHelp = `
Write the records of a release bundle in a form other tools read:

  jsonl    JSON Lines: the records exactly as stored, one per line, in id
           order (the shards' bytes, concatenated)
  csv      RFC 4180 CSV with a header: the fields that hold one value per
           record (nested objects flattened as source.name, …); lists
           (captions, removed, authors) are left out, and an empty field
           is null
  parquet  Apache Parquet: every field typed (strings, int64, dates,
           nested lists and structs), zstd pages, rows in id order, row
           groups of at most 10,000 records or 64 MiB of records, the same
           bytes on every run. Written by quire-parquet, a command of its
           own (see below)

The bundle is verified as it is read — every checksum, record and schema
rule that 'quire validate' checks, except that its compressed bytes be
quire's own encoding — and nothing is written unless all of it is valid:
FILE is written to a temporary file and renamed into place at the end.
With -o - the records go to stdout as they are read (jsonl and csv only);
a bundle found invalid part-way then ends the output early, with exit
status 1. Memory does not grow with the number of records.

-format defaults to FILE's extension (.jsonl, .csv, .parquet).

Parquet's library brings a dozen modules and a zstd version of its own,
which the bundle writer must not share; so Parquet is written by
quire-parquet, built from the nested module parquet/ of quire's
repository (cd parquet && go install ./cmd/quire-parquet). quire export
runs it, from beside the quire executable or from PATH.
`

func runExport(e *env, args []string) int {
	fs := newFlags(e, "export", "[-format jsonl|csv|parquet] -o FILE BUNDLE", exportHelp)
	format := fs.String("format", "", "output `format`: jsonl, csv or parquet (default: from FILE's extension)")
	out := fs.String("o", "", "output `FILE` (- for stdout, jsonl and csv only)")
	quiet := fs.Bool("quiet", false, "no progress output")
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || *out == "" {
		e.errorf("export takes one bundle and -o FILE")
		e.hintf("quire export -format parquet -o records.parquet dist/dataset-0.1.0.tar.zst")
		return exitTrouble
	}
	in := pos[0]
	if *format == "" {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".jsonl":
			*format = "jsonl"
		case ".csv":
			*format = "csv"
		case ".parquet":
			*format = "parquet"
		default:
			e.errorf("-o %s: say which format with -format jsonl, csv or parquet", *out)
			return exitTrouble
		}
	}
	switch *format {
	case "parquet":
		if *out == "-" {
			e.errorf("-format parquet cannot go to stdout: give -o FILE")
			return exitTrouble
		}
		return e.runParquet(in, *out, *quiet)
	case "jsonl", "csv":
	default:
		e.errorf("-format %q: want jsonl, csv or parquet", *format)
		return exitTrouble
	}

	f, err := os.Open(in)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	prog := e.newProgress(*quiet, "export "+in, "", size)
	rd, err := bundle.Open(bufio.NewReaderSize(prog.reader(f), 1<<20), bundle.CheckOptions{Path: in})
	if err != nil {
		prog.finish()
		return e.exportError(in, err)
	}

	var w io.Writer = e.stdout
	var af *atomicfile.File
	if *out != "-" {
		if af, err = atomicfile.Create(*out, 0o644); err != nil {
			prog.finish()
			e.errorf("%v", err)
			return exitTrouble
		}
		defer af.Abort()
		w = af
	} else {
		w = prog.writer(e.stdout)
	}
	var sum export.Summary
	if *format == "jsonl" {
		sum, err = export.JSONL(w, rd)
	} else {
		var fl []fields.Field
		if fl, err = fields.FromSchema(rd.Schema()); err == nil {
			sum, err = export.CSV(w, rd, fl)
		}
	}
	prog.finish()
	if err != nil {
		return e.exportError(in, err)
	}
	if af != nil {
		if err := af.Commit(); err != nil {
			e.errorf("write %s: %v", *out, err)
			return exitTrouble
		}
		if !*quiet {
			fmt.Fprintf(e.stderr, "quire: exported %d records of %s to %s (%s)\n", sum.Records, in, *out, *format)
		}
	}
	return exitOK
}

// exportError reports an invalid bundle (exit 1) or trouble (exit 2).
func (e *env) exportError(in string, err error) int {
	var ie *bundle.InvalidError
	if errors.As(err, &ie) {
		for i, p := range ie.Report.Problems {
			if i == 10 {
				e.errorf("… and %d more problems", len(ie.Report.Problems)-i)
				break
			}
			e.errorf("%s", p)
		}
		e.errorf("nothing exported: %s is not a valid bundle", in)
		e.hintf("run 'quire validate %s' for a full report", in)
		return exitInvalid
	}
	e.errorf("%s: %v", in, err)
	e.errorf("nothing exported")
	return exitTrouble
}

// parquetCommand is the command that writes Parquet (parquet/cmd/quire-parquet).
const parquetCommand = "quire-parquet"

// findParquet looks for quire-parquet beside the running quire, then on
// PATH (QUIRE_PARQUET, if set, names it).
func (e *env) findParquet() (string, error) {
	if p := e.getenv("QUIRE_PARQUET"); p != "" {
		return p, nil
	}
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), parquetCommand)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return p, nil
		}
	}
	return exec.LookPath(parquetCommand)
}

// runParquet hands a Parquet export to quire-parquet, with quire's
// stdout and stderr, and returns its exit status (the same convention).
func (e *env) runParquet(in, out string, quiet bool) int {
	bin, err := e.findParquet()
	if err != nil {
		e.errorf("-format parquet needs the command %s, which is not installed beside quire or on PATH", parquetCommand)
		e.hintf("from a clone of quire: cd parquet && go install ./cmd/%s", parquetCommand)
		return exitTrouble
	}
	args := []string{"-o", out}
	if quiet {
		args = append(args, "-quiet")
	}
	cmd := exec.Command(bin, append(args, "--", in)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, e.stdout, e.stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() > 0 {
			return ee.ExitCode()
		}
		e.errorf("run %s: %v", bin, err)
		return exitTrouble
	}
	return exitOK
}

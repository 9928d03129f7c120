// Command quire-parquet writes a quire release bundle's records as an
// Apache Parquet file. quire export -format parquet runs it; it is a
// command of its own because Parquet's library is a module quire keeps
// out of its own (see parquet/go.mod).
//
//	quire-parquet [-quiet] -o FILE BUNDLE
//
// The bundle is verified as it is read (bundle.Reader: every checksum,
// record and schema rule) and FILE is written atomically: nothing is
// left at FILE unless every record was valid and written. Exit status:
// 0 written, 1 invalid bundle, 2 usage or I/O trouble.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/fields"
	"github.com/quire-archive/quire/internal/atomicfile"
	"github.com/quire-archive/quire/parquet"
)

// version is recorded as the Parquet file's created_by: quire's version,
// which cmd/quire also records in its bundles.
const version = "0.1.0"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quire-parquet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output `FILE`")
	quiet := fs.Bool("quiet", false, "no summary line")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "USAGE\n  quire-parquet [-quiet] -o FILE BUNDLE\n\nWrite a quire bundle's records as Parquet (what 'quire export -format parquet' runs).\n\nFLAGS\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	errorf := func(format string, args ...any) { fmt.Fprintf(stderr, "quire: error: "+format+"\n", args...) }
	if fs.NArg() != 1 || *out == "" {
		errorf("quire-parquet takes one bundle and -o FILE")
		return 2
	}
	in := fs.Arg(0)
	f, err := os.Open(in)
	if err != nil {
		errorf("%v", err)
		return 2
	}
	defer f.Close()
	invalid := func(err error) int {
		var ie *bundle.InvalidError
		if errors.As(err, &ie) {
			for i, p := range ie.Report.Problems {
				if i == 10 {
					errorf("… and %d more problems", len(ie.Report.Problems)-i)
					break
				}
				errorf("%s", p)
			}
			errorf("nothing exported: %s is not a valid bundle", in)
			fmt.Fprintf(stderr, "quire: hint: run 'quire validate %s' for a full report\n", in)
			return 1
		}
		errorf("%s: %v", in, err)
		errorf("nothing exported")
		return 2
	}
	rd, err := bundle.Open(bufio.NewReaderSize(f, 1<<20), bundle.CheckOptions{Path: in})
	if err != nil {
		return invalid(err)
	}
	fl, err := fields.FromSchema(rd.Schema())
	if err != nil {
		return invalid(err)
	}
	af, err := atomicfile.Create(*out, 0o644)
	if err != nil {
		errorf("%v", err)
		return 2
	}
	defer af.Abort()
	bw := bufio.NewWriterSize(af, 1<<20)
	sum, err := parquet.Write(bw, fl, rd, parquet.Options{
		CreatedBy: "quire version " + version,
		Metadata: func() map[string]string {
			m := rd.Manifest()
			if m == nil {
				return nil
			}
			return map[string]string{
				"quire.dataset":       m.Name,
				"quire.version":       m.Version,
				"quire.schema":        m.Schema.ID,
				"quire.record_count":  strconv.FormatInt(m.RecordCount, 10),
				"quire.rules_version": m.Rules.Version,
			}
		},
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return invalid(err)
	}
	if err := af.Commit(); err != nil {
		errorf("write %s: %v", *out, err)
		return 2
	}
	if !*quiet {
		fmt.Fprintf(stderr, "quire: exported %d records of %s to %s (parquet)\n", sum.Records, in, *out)
	}
	return 0
}

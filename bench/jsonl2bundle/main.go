// Command jsonl2bundle writes a bundle from a JSON Lines file of records
// sorted by id (e.g. quire-gen -records), for benchmarks of quire diff
// and quire validate on bundles without normalizing raw documents
// first. Every record goes through bundle.Prepare, so the bundle is one
// quire validate accepts.
//
// usage: jsonl2bundle -name NAME -version V IN.jsonl OUT.tar.zst
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/schema"
)

func main() {
	name := flag.String("name", "bench", "dataset name")
	version := flag.String("version", "1.0.0", "dataset version")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: jsonl2bundle [-name NAME] [-version V] IN.jsonl OUT.tar.zst")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *name, *version); err != nil {
		fmt.Fprintf(os.Stderr, "jsonl2bundle: %v\n", err)
		os.Exit(1)
	}
}

func run(in, out, name, version string) error {
	sch, err := schema.Record()
	if err != nil {
		return err
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	side := diff.NewJSONLSide(bufio.NewReaderSize(f, 1<<20), diff.SideInfo{Label: in})
	tmp := out + ".tmp"
	o, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	bw := bufio.NewWriterSize(o, 1<<20)
	var w *bundle.Writer
	n := 0
	for {
		r, err := side.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if w == nil {
			w, err = bundle.NewWriter(bw, bundle.WriterOptions{Name: name, Version: version, QuireVersion: "bench",
				Schema: sch, Rules: bundle.Rules{Version: r.RulesVersion, SHA256: fmt.Sprintf("%064d", 0)}})
			if err != nil {
				return err
			}
			defer w.Abort() // after Close, does nothing
		}
		c, err := bundle.Prepare(sch, r)
		if err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		if err := w.AddChecked(c); err != nil {
			return err
		}
		n++
	}
	if w == nil {
		return fmt.Errorf("%s: no records", in)
	}
	s, err := w.Close()
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "jsonl2bundle: %d records, %d shards, %d bytes of tar, %d compressed\n", n, s.Shards, s.TarBytes, s.CompressedBytes)
	return os.Rename(tmp, out)
}

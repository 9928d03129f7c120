package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

const validateHelp = `
Check release bundles and report every problem found, each with a stable
code (e.g. Q402 checksum), a location (member, line, record id, JSON
pointer) and what to do. validate never changes its inputs.

A bundle is checked at one of three levels:
  fast      the zstd stream and trailer, the tar structure, every size limit
            and the tar sha256
  complete  fast + the member set and order, path rules, BagIt tag files and
            the manifest's syntax and format version
  full      complete + every checksum, Payload-Oxum and every record against
            the schema, ids unique and sorted (the default)

Output formats: text (grouped per input, summary line last), json (one
object per problem per line) and github (GitHub Actions annotations).
`

func runValidate(e *env, args []string) int {
	fs := newFlags(e, "validate", "[flags] PATH...", validateHelp)
	format := fs.String("format", report.FormatText, "output `format`: text, json or github")
	level := fs.String("level", "full", "bundle check `level`: fast, complete or full")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	paths, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(paths) == 0 {
		fs.Usage()
		return exitTrouble
	}
	switch *format {
	case report.FormatText, report.FormatJSON, report.FormatGitHub:
	default:
		e.errorf("unknown -format %q (want text, json or github)", *format)
		return exitTrouble
	}
	lvl, err := bundle.ParseLevel(*level)
	if err != nil {
		e.errorf("-level: %v", err)
		return exitTrouble
	}
	sch, err := schema.Record()
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	var all report.Report
	trouble := false
	for _, p := range paths {
		kind, err := sniff(p)
		if err != nil {
			e.errorf("%v", err)
			trouble = true
			continue
		}
		switch kind {
		case kindBundle:
			r, err := checkBundleFile(p, bundle.CheckOptions{Level: lvl, Path: p, Schema: sch})
			if err != nil {
				e.errorf("%s: %v", p, err)
				trouble = true
				continue
			}
			all.Merge(r)
		default:
			e.errorf("%s: not a bundle (.tar.zst)", p)
			trouble = true
		}
	}
	if *strict {
		all.Strict()
	}
	all.Sort()
	w := bufio.NewWriter(e.stdout)
	if err := report.Write(w, *format, &all, len(paths)); err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	if err := w.Flush(); err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	switch {
	case trouble:
		return exitTrouble
	case all.HasErrors():
		return exitInvalid
	}
	return exitOK
}

// checkBundleFile runs the bundle checker on one file.
func checkBundleFile(path string, opts bundle.CheckOptions) (*report.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, _, err := bundle.Check(bufio.NewReaderSize(f, 1<<20), opts)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return r, nil
}

package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/quire-archive/quire/dataset/bundle"
)

const inspectHelp = `
Print a bundle's dataset manifest: name, version, format, record count,
schema, rules, compression settings and shards. -format json prints it
as JSON for machines (-json is the same). The bundle is read in full, since the manifest is stored
after the records; use 'quire validate' to check it.
`

func runInspect(e *env, args []string) int {
	fs := newFlags(e, "inspect", "[-format text|json] BUNDLE", inspectHelp)
	format := fs.String("format", "text", "output `format`: text or json")
	asJSON := fs.Bool("json", false, "the same as -format json")
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	switch *format {
	case "text", "json":
	default:
		return e.usageError(fs, "unknown -format %q (want text or json)", *format)
	}
	if *asJSON {
		*format = "json"
	}
	if len(pos) != 1 {
		return e.usageError(fs, "want one BUNDLE, got %d arguments", len(pos))
	}
	f, err := os.Open(pos[0])
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer f.Close()
	m, err := bundle.ReadManifest(bufio.NewReaderSize(f, 1<<20))
	if err != nil {
		var ie *bundle.InvalidError
		if errors.As(err, &ie) {
			for _, p := range ie.Report.Problems {
				p.Path = pos[0] // ReadManifest does not know the file's name
				e.errorf("%s", p)
			}
			e.hintf("run 'quire validate %s' for a full report", pos[0])
			return exitInvalid
		}
		e.errorf("%s: %v", pos[0], err)
		return exitTrouble
	}
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m); err != nil {
			e.errorf("%v", err)
			return exitTrouble
		}
		return exitOK
	}
	var b strings.Builder
	fmt.Fprintf(&b, "name:          %s\n", m.Name)
	fmt.Fprintf(&b, "version:       %s\n", m.Version)
	fmt.Fprintf(&b, "format:        %s\n", m.Format)
	fmt.Fprintf(&b, "quire version: %s\n", m.QuireVersion)
	if m.Created != "" {
		fmt.Fprintf(&b, "created:       %s\n", m.Created)
	}
	fmt.Fprintf(&b, "records:       %d\n", m.RecordCount)
	fmt.Fprintf(&b, "schema:        %s\n               sha256 %s\n", m.Schema.ID, m.Schema.SHA256)
	fmt.Fprintf(&b, "rules:         version %s\n               sha256 %s\n", m.Rules.Version, m.Rules.SHA256)
	if m.Metadata != nil {
		fmt.Fprintf(&b, "metadata:      %s\n               sha256 %s\n", m.Metadata.Path, m.Metadata.SHA256)
	}
	c, _ := json.Marshal(m.Compression)
	fmt.Fprintf(&b, "compression:   %s\n", c)
	fmt.Fprintf(&b, "shards:        %d\n", len(m.Shards))
	for _, s := range m.Shards {
		fmt.Fprintf(&b, "  %s  %d records, %d bytes, %s … %s\n               sha256 %s\n", s.Path, s.Records, s.Bytes, s.FirstID, s.LastID, s.SHA256)
	}
	fmt.Fprint(e.stdout, b.String())
	return exitOK
}

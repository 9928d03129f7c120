package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/record"
)

// bundleSide streams a bundle's records for quire diff. The bundle is
// checked as it is read (bundle.Reader fails at the first problem), and
// its manifest, which follows the records, fills Info at the end.
type bundleSide struct {
	path string
	f    *os.File
	rd   *bundle.Reader
}

// openBundleSide opens a bundle, counting the bytes read in prog.
func openBundleSide(path string, prog *progress) (side, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	growByFile(prog, f)
	rd, err := bundle.Open(bufio.NewReaderSize(prog.reader(f), 1<<20), bundle.CheckOptions{Path: path})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &bundleSide{path: path, f: f, rd: rd}, nil
}

func (s *bundleSide) Next() (*record.Record, error) {
	r, _, err := s.rd.Next()
	return r, err
}

func (s *bundleSide) Info() diff.SideInfo {
	info := diff.SideInfo{Label: s.path, Schema: s.rd.Schema()}
	if m := s.rd.Manifest(); m != nil {
		info.Name, info.Version = m.Name, m.Version
		info.RulesVersion, info.RulesSHA256 = m.Rules.Version, m.Rules.SHA256
		info.Fields = map[string]string{
			"format":        m.Format,
			"quire_version": m.QuireVersion,
			"created":       m.Created,
			"rules.repeats": repeatsField(m.Rules.Repeats),
		}
	}
	return info
}

func (s *bundleSide) Close() error { return s.f.Close() }

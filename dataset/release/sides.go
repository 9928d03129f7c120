package release

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// Side is one version of a dataset as diff.Run reads it, with resources
// to release. Close does not close the reader a side was opened on.
type Side interface {
	diff.Side
	Close() error
}

// bundleSide streams a bundle's records, checked as they are read
// (bundle.Reader fails at the first problem); its manifest, which
// follows the records, fills Info at the end.
type bundleSide struct {
	label string
	rd    *bundle.Reader
}

// BundleSide reads the bundle r, named label in messages.
func BundleSide(r io.Reader, label string) (Side, error) {
	rd, err := bundle.Open(bufio.NewReaderSize(r, 1<<20), bundle.CheckOptions{Path: label})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	return &bundleSide{label: label, rd: rd}, nil
}

func (s *bundleSide) Next() (*record.Record, error) {
	r, _, err := s.rd.Next()
	return r, err
}

func (s *bundleSide) Info() diff.SideInfo {
	info := diff.SideInfo{Label: s.label, Schema: s.rd.Schema()}
	if m := s.rd.Manifest(); m != nil {
		info.Name, info.Version = m.Name, m.Version
		info.RulesVersion, info.RulesSHA256 = m.Rules.Version, m.Rules.SHA256
		info.Fields = manifestFields(m.Format, m.QuireVersion, m.Created, m.Rules)
	}
	return info
}

func (s *bundleSide) Close() error { return nil }

// JSONLSide reads JSON Lines of records sorted by id, named label in
// messages.
func JSONLSide(r io.Reader, label string) Side {
	return nopCloser{diff.NewJSONLSide(bufio.NewReaderSize(r, 1<<20), diff.SideInfo{Label: label})}
}

type nopCloser struct{ diff.Side }

func (nopCloser) Close() error { return nil }

// Side returns the records of the corpus as a side, derived exactly as
// Build derives them (so a diff of a release with the seeds it was
// built from finds nothing), normalized on all cores as they are read.
// A goroutine starts at the first Next, so that both sides of a diff can
// be opened before either is read. Closing the side does not close the
// recipe.
func (r *Recipe) Side(ctx context.Context, label string) Side {
	ctx, cancel := context.WithCancel(ctx)
	return &seedsSide{
		r: r, ctx: ctx, cancel: cancel,
		info: diff.SideInfo{
			Label: label, Schema: schema.RecordBytes(),
			RulesVersion: r.rules.Version, RulesSHA256: r.rules.SHA256,
		},
		recs: make(chan *record.Record, 16), done: make(chan struct{}),
	}
}

type seedsSide struct {
	r       *Recipe
	info    diff.SideInfo
	started sync.Once
	recs    chan *record.Record
	err     error // set before recs is closed
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
}

func (s *seedsSide) run() {
	defer close(s.done)
	defer close(s.recs)
	s.err = s.r.Records(s.ctx, func(rec *record.Record) error {
		select {
		case s.recs <- rec:
			return nil
		case <-s.ctx.Done():
			return s.ctx.Err()
		}
	})
	if s.err != nil {
		s.err = fmt.Errorf("%s: %w", s.info.Label, s.err)
	}
}

func (s *seedsSide) Next() (*record.Record, error) {
	s.started.Do(func() { go s.run() })
	rec, ok := <-s.recs
	if !ok {
		if s.err != nil {
			return nil, s.err
		}
		return nil, io.EOF
	}
	return rec, nil
}

func (s *seedsSide) Info() diff.SideInfo { return s.info }

func (s *seedsSide) Close() error {
	s.cancel()
	neverRead := false
	s.started.Do(func() { neverRead = true })
	if !neverRead {
		for range s.recs {
		}
		<-s.done
	}
	return nil
}

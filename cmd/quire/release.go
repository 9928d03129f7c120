package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/record"
)

// releaseDiff compares the records of a build, as they are made, with the
// previous release, so quire build -previous needs one pass over the
// documents: the build's sink hands each record to Send, a goroutine
// runs diff.Run against the previous bundle, and Finish returns the
// result and the release notes (Markdown) once the build is done.
type releaseDiff struct {
	prev  side
	next  *chanSide
	notes bytes.Buffer
	done  chan struct{}
	res   *diff.Result
	err   error
}

// chanSide is the side of the records being built.
type chanSide struct {
	info diff.SideInfo
	recs chan *record.Record
	quit chan struct{} // closed when the diff stops reading
}

func (s *chanSide) Next() (*record.Record, error) {
	r, ok := <-s.recs
	if !ok {
		return nil, io.EOF
	}
	return r, nil
}

func (s *chanSide) Info() diff.SideInfo { return s.info }

func startReleaseDiff(prevPath string, next diff.SideInfo) (*releaseDiff, error) {
	prev, err := openBundleSide(prevPath, nil)
	if err != nil {
		return nil, err
	}
	rd := &releaseDiff{
		prev: prev,
		next: &chanSide{info: next, recs: make(chan *record.Record, 64), quit: make(chan struct{})},
		done: make(chan struct{}),
	}
	go func() {
		defer close(rd.done)
		defer close(rd.next.quit)
		rd.res, rd.err = diff.Run(prev, rd.next, diff.Options{}, diff.NewMarkdown(&rd.notes, diff.MarkdownOptions{}))
	}()
	return rd, nil
}

// Send hands a built record to the diff. The record is only read.
func (rd *releaseDiff) Send(r *record.Record) error {
	select {
	case rd.next.recs <- r:
		return nil
	case <-rd.next.quit:
		<-rd.done
		if rd.err == nil {
			rd.err = errors.New("diff stopped early")
		}
		return fmt.Errorf("compare with the previous release: %w", rd.err)
	}
}

// Finish ends the stream of new records and waits for the diff.
func (rd *releaseDiff) Finish() (*diff.Result, []byte, error) {
	close(rd.next.recs)
	<-rd.done
	rd.prev.Close()
	if rd.err != nil {
		return nil, nil, fmt.Errorf("compare with the previous release: %w", rd.err)
	}
	return rd.res, rd.notes.Bytes(), nil
}

// Abort stops the diff without waiting for the rest of the build.
func (rd *releaseDiff) Abort() {
	select {
	case <-rd.done:
	default:
		close(rd.next.recs)
		<-rd.done
	}
	rd.prev.Close()
}

// PreviousVersion is the previous release's version, known after Finish.
func (rd *releaseDiff) PreviousVersion() string { return rd.prev.Info().Version }

// nextSideInfo describes the bundle being built, for the diff.
func nextSideInfo(label, name, version, created string, schemaBytes []byte, rules bundle.Rules) diff.SideInfo {
	return diff.SideInfo{
		Label: label, Name: name, Version: version, Schema: schemaBytes,
		RulesVersion: rules.Version, RulesSHA256: rules.SHA256,
		Fields: map[string]string{"format": bundle.Format, "quire_version": quireVersion, "created": created,
			"rules.repeats": repeatsField(rules.Repeats)},
	}
}

// repeatsField renders the repeated-line pass's parameters for the diff's
// manifest comparison.
func repeatsField(r *bundle.Repeats) string {
	if r == nil {
		return "off"
	}
	return fmt.Sprintf("k=%d min_docs=%d docs=%d full=%t digest=%s", r.K, r.MinDocs, r.Docs, r.Full, r.Digest)
}

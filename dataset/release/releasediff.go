package release

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/record"
)

// releaseDiff compares the records of a build, as they are made, with
// the previous release, so a build with a previous release reads the
// documents once: the build hands each record to Send, a goroutine runs
// diff.Run against the previous bundle, and Finish returns the result
// and the release notes (Markdown) once the build is done.
type releaseDiff struct {
	prev  Side
	rc    io.Closer
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

func startReleaseDiff(p *Previous, next diff.SideInfo) (*releaseDiff, error) {
	rc, err := p.Open()
	if err != nil {
		return nil, fmt.Errorf("previous release %s: %w", p.Label, err)
	}
	prev, err := BundleSide(rc, p.Label)
	if err != nil {
		rc.Close()
		return nil, fmt.Errorf("previous release %w", err)
	}
	rd := &releaseDiff{
		prev: prev, rc: rc,
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
	rd.close()
	if rd.err != nil {
		return nil, nil, fmt.Errorf("compare with the previous release: %w", rd.err)
	}
	return rd.res, rd.notes.Bytes(), nil
}

// Abort stops the diff without waiting for the rest of the build.
// After Finish it does nothing.
func (rd *releaseDiff) Abort() {
	select {
	case <-rd.done:
	default:
		close(rd.next.recs)
		<-rd.done
	}
	rd.close()
}

func (rd *releaseDiff) close() {
	if rd.rc != nil {
		rd.prev.Close()
		rd.rc.Close()
		rd.rc = nil
	}
}

// PreviousVersion is the previous release's version, known after Finish.
func (rd *releaseDiff) PreviousVersion() string { return rd.prev.Info().Version }

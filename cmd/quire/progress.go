package main

import (
	"fmt"
	"io"
	"time"
)

// progress prints a one-line progress report with rate and ETA, redrawn
// in place, at most every 200 ms. It is only created for a terminal;
// otherwise callers get nil, whose methods do nothing.
type progress struct {
	w     io.Writer
	what  string
	total int
	start time.Time
	last  time.Time
	now   func() time.Time
}

func newProgress(e *env, quiet bool, what string, total int) *progress {
	if quiet || !e.stderrIsTerminal {
		return nil
	}
	return &progress{w: e.stderr, what: what, total: total, start: time.Now(), now: time.Now}
}

func (p *progress) update(done int, bytes int64) {
	if p == nil {
		return
	}
	t := p.now()
	if t.Sub(p.last) < 200*time.Millisecond && done != p.total {
		return
	}
	p.last = t
	el := t.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(bytes) / el / 1e6
	}
	eta := "?"
	if done > 0 && p.total > done {
		eta = (time.Duration(el/float64(done)*float64(p.total-done)) * time.Second).Round(time.Second).String()
	}
	pct := 100.0
	if p.total > 0 {
		pct = 100 * float64(done) / float64(p.total)
	}
	fmt.Fprintf(p.w, "\r%s: %d/%d (%.0f%%) %.1f MB/s ETA %s   ", p.what, done, p.total, pct, rate, eta)
}

func (p *progress) finish() {
	if p == nil {
		return
	}
	fmt.Fprintf(p.w, "\r\033[K")
}

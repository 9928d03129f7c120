package bundle

import (
	"crypto/sha256"
)

// summer is the part of hash.Hash the scanner uses: Write, then Sum
// once.
type summer interface {
	Write(p []byte) (int, error)
	Sum(b []byte) []byte
}

// asyncSum computes a sha256 on a goroutine of its own, so that Check's
// reading goroutine (zstd, tar, lines) does not also pay for the tar
// stream's and each member's hash: on two cores the three overlap.
// Write copies into buffers of asyncSumBytes that the goroutine hashes
// in order; at most asyncSumBufs are in flight, so memory is bounded
// and a slow hasher slows the reader instead of piling up buffers.
// Sum (or close) ends the goroutine; the scanner closes every asyncSum
// it started, so none is left running.
type asyncSum struct {
	buf    []byte
	full   chan []byte
	free   chan []byte
	result chan []byte
	sum    []byte
	closed bool
}

const (
	asyncSumBytes = 256 << 10
	asyncSumBufs  = 4
)

func newAsyncSum() *asyncSum { return newAsyncSumOf(sha256.New()) }

// newAsyncSumOf runs h on a goroutine of its own in the same way; Check
// uses it for FormatV1's canonical-encoding check's re-encoder too.
func newAsyncSumOf(h summer) *asyncSum {
	a := &asyncSum{full: make(chan []byte, asyncSumBufs), free: make(chan []byte, asyncSumBufs), result: make(chan []byte, 1)}
	for range asyncSumBufs {
		a.free <- nil // allocated on first use, so small members cost little
	}
	go func(h summer) {
		for b := range a.full {
			h.Write(b)
			a.free <- b[:0]
		}
		a.result <- h.Sum(nil)
	}(h)
	return a
}

func (a *asyncSum) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if a.buf == nil {
			if a.buf = <-a.free; a.buf == nil {
				a.buf = make([]byte, 0, asyncSumBytes)
			}
		}
		k := copy(a.buf[len(a.buf):cap(a.buf)], p)
		a.buf, p = a.buf[:len(a.buf)+k], p[k:]
		if len(a.buf) == cap(a.buf) {
			a.full <- a.buf
			a.buf = nil
		}
	}
	return n, nil
}

// close waits for the hash of everything written and ends the
// goroutine. Further Writes are not allowed.
func (a *asyncSum) close() {
	if a.closed {
		return
	}
	a.closed = true
	if len(a.buf) > 0 {
		a.full <- a.buf
	}
	a.buf = nil
	close(a.full)
	a.sum = <-a.result
}

// Sum appends the hash to b; it closes a.
func (a *asyncSum) Sum(b []byte) []byte {
	a.close()
	return append(b, a.sum...)
}

// closeSum ends s's goroutine if it has one.
func closeSum(s summer) {
	if a, ok := s.(*asyncSum); ok {
		a.close()
	}
}

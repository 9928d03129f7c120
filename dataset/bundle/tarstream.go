package bundle

import (
	"crypto/sha256"
	"errors"
	"hash"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
)

// tarStream is a Writer's tar stream: it hashes and compresses on a
// goroutine of its own.
//
// A build hands records to the Writer from one goroutine, in id order
// (the pipeline's sink). When that goroutine also compressed, every full
// shard stopped it for as long as zstd takes over 32 MiB (about 0.3 s on
// one core) while the normalizing workers, their window full, waited for
// it: at 1 GiB a fifth of the build's wall time went that way
// (docs/BENCHMARKS.md). With the stream on its own goroutine the sink
// hands over a full shard and goes on filling the next.
//
//   - Bytes go out in the order they were written, through the one
//     pinned encoder: the bundle is the same bytes as with a synchronous
//     stream (the golden and determinism tests hold it).
//   - Memory is bounded by a pool of at most maxChunks chunks of
//     chunkBytes: shards are filled in pooled chunks, and small writes
//     are gathered into one; a chunk goes back to the pool as soon as it
//     is compressed. A writer that runs ahead of the compressor waits for
//     a free chunk; it never holds more than a shard and one chunk
//     itself, so the compressor always has chunks to return.
//   - The first error of the compressor or the output is kept: later
//     writes return it, and what is still queued is dropped.
type tarStream struct {
	queue chan tarUnit
	pool  chan []byte
	done  chan struct{}
	zw    *zstd.Encoder
	sum   hash.Hash // of the whole stream; read only after close
	// The caller's goroutine only:
	open      []byte // small writes gathered, not yet queued
	allocated int
	closed    bool
	// Set by the compressing goroutine:
	failed atomic.Bool
	err    error // read after done is closed, or after failed is seen
	stop   atomic.Bool
}

const (
	chunkBytes = 1 << 20
	// maxChunks is two shards and some: the one being compressed and the
	// one being filled, plus the gathered small writes.
	maxChunks = 2*MaxShardBytes/chunkBytes + 8
)

// tarUnit is one piece of the stream, written in queue order.
type tarUnit struct {
	chunks [][]byte  // pooled: returned to the pool once written
	member hash.Hash // if set, the chunks are hashed into it too
	sync   chan struct{}
}

func newTarStream(zw *zstd.Encoder) *tarStream {
	t := &tarStream{
		queue: make(chan tarUnit, maxChunks),
		pool:  make(chan []byte, maxChunks),
		done:  make(chan struct{}),
		zw:    zw,
		sum:   sha256.New(),
	}
	go t.run()
	return t
}

// run is the compressing goroutine.
func (t *tarStream) run() {
	defer close(t.done)
	for u := range t.queue {
		for _, c := range u.chunks {
			if !t.failed.Load() && !t.stop.Load() {
				t.sum.Write(c)
				if u.member != nil {
					u.member.Write(c)
				}
				if _, err := t.zw.Write(c); err != nil {
					t.err = err
					t.failed.Store(true)
				}
			}
			t.pool <- c[:0] // never blocks: at most maxChunks exist
		}
		if u.sync != nil {
			close(u.sync)
		}
	}
	if !t.failed.Load() && !t.stop.Load() {
		if err := t.zw.Close(); err != nil {
			t.err = err
			t.failed.Store(true)
		}
	}
}

// chunk returns an empty pooled chunk, waiting for one when maxChunks
// are out.
func (t *tarStream) chunk() []byte {
	select {
	case c := <-t.pool:
		return c
	default:
	}
	if t.allocated < maxChunks {
		t.allocated++
		return make([]byte, 0, chunkBytes)
	}
	return <-t.pool
}

func (t *tarStream) error() error {
	if t.failed.Load() {
		return t.err
	}
	return nil
}

// write copies p into the stream.
func (t *tarStream) write(p []byte) error {
	if err := t.error(); err != nil {
		return err
	}
	for len(p) > 0 {
		if t.open == nil {
			t.open = t.chunk()
		}
		n := copy(t.open[len(t.open):cap(t.open)], p)
		t.open, p = t.open[:len(t.open)+n], p[n:]
		if len(t.open) == cap(t.open) {
			t.flushOpen()
		}
	}
	return nil
}

func (t *tarStream) flushOpen() {
	if len(t.open) > 0 {
		t.queue <- tarUnit{chunks: [][]byte{t.open}}
		t.open = nil
	}
}

// writeChunks hands over chunks taken from chunk(), filled: they belong
// to the stream from now on. They are also hashed into member.
func (t *tarStream) writeChunks(chunks [][]byte, member hash.Hash) error {
	if err := t.error(); err != nil {
		for _, c := range chunks {
			t.pool <- c[:0]
		}
		return err
	}
	t.flushOpen()
	t.queue <- tarUnit{chunks: chunks, member: member}
	return nil
}

// wait returns once everything written so far is compressed, with the
// first error: after it, the member hashes given to writeChunks are
// complete.
func (t *tarStream) wait() error {
	t.flushOpen()
	s := make(chan struct{})
	t.queue <- tarUnit{sync: s}
	<-s
	return t.error()
}

// close writes what is left, ends the zstd frame and stops the
// goroutine.
func (t *tarStream) close() error {
	if t.closed {
		return errors.New("tar stream closed twice")
	}
	t.flushOpen()
	t.closed = true
	close(t.queue)
	<-t.done
	return t.err
}

// abort stops the goroutine without finishing the frame; what is queued
// is dropped. It may follow close.
func (t *tarStream) abort() {
	if t.closed {
		return
	}
	t.stop.Store(true)
	t.closed = true
	if t.open != nil {
		t.pool <- t.open[:0]
		t.open = nil
	}
	close(t.queue)
	<-t.done
}

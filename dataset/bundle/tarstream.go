package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
)

// tarStream is a Writer's tar stream: it cuts the stream into zstd
// frames where the Writer says (endFrame: before each shard and before
// the manifest, docs/FORMAT.md §7.2), compresses the frames on
// goroutines of their own, several at once, and writes them in order.
//
// A build hands records to the Writer from one goroutine, in id order
// (the pipeline's sink). When that goroutine also compressed, every full
// shard stopped it while the normalizing workers, their window full,
// waited; with one compressing goroutine the single zstd stream was the
// ceiling of the whole build once the normalizer got faster. Frames are
// independent, so each is compressed by one encoder of its own while the
// sink fills the next shard.
//
//   - Bytes do not depend on the number of cores: where frames are cut is
//     a rule of the content, each frame is the sequential output of one
//     encoder with the pinned settings (never concurrent blocks inside a
//     frame), and frames go out in stream order.
//   - Memory is bounded by a pool of at most maxChunks chunks of
//     chunkBytes: shards are filled in pooled chunks and small writes are
//     gathered into one; a chunk goes back to the pool once it is
//     compressed and hashed. A writer that runs ahead waits for a free
//     chunk; it never holds more than a shard and one chunk itself, so the
//     compressors always have chunks to return. Each compressed frame is
//     held until the frames before it are written.
//   - The tar stream's sha256 is taken in stream order by the goroutine
//     that writes the frames; each frame's compressed size and sha256 are
//     recorded for the trailer (frames).
//   - The first error of a compressor or of the output is kept: later
//     writes return it, and what is still queued is dropped.
type tarStream struct {
	w       io.Writer
	pool    chan []byte
	jobs    chan *frameJob // to the compressors, in stream order
	order   chan *frameJob // to the frame writer, in stream order
	done    chan struct{}  // the frame writer has finished
	workers sync.WaitGroup
	sum     hash.Hash // of the whole tar stream; read only after close
	frames  []Frame   // written so far; read only after close or wait
	// The caller's goroutine only:
	cur       *frameJob // the frame being written, nil between frames
	open      []byte    // small writes gathered, not yet queued
	allocated int
	closed    bool
	// Set by the other goroutines:
	failed atomic.Bool
	errMu  sync.Mutex
	err    error
	stop   atomic.Bool
}

const (
	chunkBytes = 1 << 20
	// maxChunks is two shards and some: the one being filled and the one
	// (or, as its chunks come back, two) being compressed, plus the
	// gathered small writes.
	maxChunks = 2*MaxShardBytes/chunkBytes + 8
	// maxCompressors bounds the frames compressed at once. The chunk
	// pool lets about two shards be compressed while a third fills, so
	// more encoders (about 20 MiB each) would only wait.
	maxCompressors = 2
)

// tarUnit is one piece of a frame, written in order.
type tarUnit struct {
	chunks [][]byte  // pooled: returned to the pool once written
	member hash.Hash // if set, the chunks are hashed into it too
}

// frameJob is one zstd frame: units come from the caller, the
// compressor encodes them and passes each chunk on to the frame writer.
type frameJob struct {
	units chan tarUnit  // closed by the caller at the frame's end
	fwd   chan []byte   // chunks compressed, in order; closed at the end
	out   bytes.Buffer  // the compressed frame, complete once fwd is closed
	sync  chan struct{} // a marker, not a frame: closed when reached
}

func newTarStream(w io.Writer) (*tarStream, error) {
	t := &tarStream{
		w:     w,
		pool:  make(chan []byte, maxChunks),
		jobs:  make(chan *frameJob, MaxMembers+4),
		order: make(chan *frameJob, MaxMembers+4),
		done:  make(chan struct{}),
		sum:   sha256.New(),
	}
	n := min(runtime.GOMAXPROCS(0), maxCompressors)
	encs := make([]*zstd.Encoder, n)
	for i := range encs {
		enc, err := newEncoder(nil)
		if err != nil {
			return nil, err
		}
		encs[i] = enc
	}
	for _, enc := range encs {
		t.workers.Add(1)
		go t.compress(enc)
	}
	go t.writeFrames()
	return t, nil
}

func (t *tarStream) fail(err error) {
	t.errMu.Lock()
	if t.err == nil {
		t.err = err
	}
	t.errMu.Unlock()
	t.failed.Store(true)
}

func (t *tarStream) error() error {
	if t.failed.Load() {
		t.errMu.Lock()
		defer t.errMu.Unlock()
		return t.err
	}
	return nil
}

// compress is a compressing goroutine: it encodes one frame at a time,
// each from a fresh encoder state.
func (t *tarStream) compress(enc *zstd.Encoder) {
	defer t.workers.Done()
	defer enc.Close()
	for j := range t.jobs {
		enc.Reset(&j.out)
		for u := range j.units {
			for _, c := range u.chunks {
				if !t.failed.Load() && !t.stop.Load() {
					if u.member != nil {
						u.member.Write(c)
					}
					if _, err := enc.Write(c); err != nil {
						t.fail(err)
					}
				}
				j.fwd <- c // never blocks: it holds maxChunks
			}
		}
		if !t.failed.Load() && !t.stop.Load() {
			if err := enc.Close(); err != nil {
				t.fail(err)
			}
		}
		close(j.fwd)
	}
}

// writeFrames is the frame writer: in stream order, it hashes each
// frame's tar bytes as they are compressed, then writes the frame.
func (t *tarStream) writeFrames() {
	defer close(t.done)
	for j := range t.order {
		if j.sync != nil {
			close(j.sync)
			continue
		}
		var tarN int64
		for c := range j.fwd {
			if !t.failed.Load() && !t.stop.Load() {
				t.sum.Write(c)
			}
			tarN += int64(len(c))
			t.pool <- c[:0] // never blocks: at most maxChunks exist
		}
		if t.failed.Load() || t.stop.Load() {
			continue
		}
		b := j.out.Bytes()
		if _, err := t.w.Write(b); err != nil {
			t.fail(err)
			continue
		}
		s := sha256.Sum256(b)
		t.frames = append(t.frames, Frame{TarBytes: tarN, Bytes: int64(len(b)), SHA256: hex.EncodeToString(s[:])})
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

// send queues a unit in the current frame, starting one if needed.
func (t *tarStream) send(u tarUnit) {
	if t.cur == nil {
		j := &frameJob{units: make(chan tarUnit, maxChunks), fwd: make(chan []byte, maxChunks)}
		t.cur = j
		t.jobs <- j
		t.order <- j
	}
	t.cur.units <- u
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
		t.send(tarUnit{chunks: [][]byte{t.open}})
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
	t.send(tarUnit{chunks: chunks, member: member})
	return nil
}

// endFrame ends the current zstd frame; the next write starts another.
// It does nothing between frames, so a frame is never empty.
func (t *tarStream) endFrame() {
	t.flushOpen()
	if t.cur != nil {
		close(t.cur.units)
		t.cur = nil
	}
}

// wait ends the current frame and returns once every frame so far is
// compressed and written, with the first error: after it, the member
// hashes given to writeChunks are complete.
func (t *tarStream) wait() error {
	t.endFrame()
	s := make(chan struct{})
	t.order <- &frameJob{sync: s}
	<-s
	return t.error()
}

// close writes what is left, ends the last frame and stops the
// goroutines. The frames written are then in t.frames.
func (t *tarStream) close() error {
	if t.closed {
		return errors.New("tar stream closed twice")
	}
	t.endFrame()
	t.closed = true
	close(t.jobs)
	close(t.order)
	<-t.done
	t.workers.Wait()
	return t.error()
}

// abort stops the goroutines without finishing the frames; what is
// queued is dropped. It may follow close.
func (t *tarStream) abort() {
	if t.closed {
		return
	}
	t.stop.Store(true)
	if t.open != nil {
		t.pool <- t.open[:0]
		t.open = nil
	}
	t.endFrame()
	t.closed = true
	close(t.jobs)
	close(t.order)
	<-t.done
	t.workers.Wait()
}

package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"
)

// TestTarStreamSameAsSynchronous: whatever mix of small writes,
// handed-over chunks and frame ends, and whatever the number of
// compressors, the stream's output is each frame compressed on its own by
// one synchronous encoder, in order; its sha256, the member hashes and
// the frame list are those of the same bytes.
func TestTarStreamSameAsSynchronous(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	pattern := make([]byte, 4*chunkBytes)
	for i := range pattern {
		pattern[i] = byte(rng.IntN(7)) // compressible, so zstd has matches to find
	}
	for round := range 8 {
		prev := runtime.GOMAXPROCS(1 + round%3)
		var got, want bytes.Buffer
		ts, err := newTarStream(&got)
		if err != nil {
			t.Fatal(err)
		}
		refSum := sha256.New()
		var frame bytes.Buffer // the reference's current frame
		var frames []Frame
		endFrame := func() {
			if frame.Len() == 0 {
				return
			}
			var c bytes.Buffer
			ref, err := newEncoder(&c)
			if err != nil {
				t.Fatal(err)
			}
			ref.Write(frame.Bytes())
			ref.Close()
			s := sha256.Sum256(c.Bytes())
			frames = append(frames, Frame{TarBytes: int64(frame.Len()), Bytes: int64(c.Len()), SHA256: hex.EncodeToString(s[:])})
			want.Write(c.Bytes())
			frame.Reset()
		}
		type member struct{ got, want [32]byte }
		var hashes []func() member
		for range 1 + rng.IntN(30) {
			if rng.IntN(4) == 0 {
				ts.endFrame()
				endFrame()
			}
			off := rng.IntN(2 * chunkBytes)
			p := pattern[off : off+rng.IntN(3*chunkBytes/2)]
			frame.Write(p)
			refSum.Write(p)
			if rng.IntN(2) == 0 {
				if err := ts.write(p); err != nil {
					t.Fatal(err)
				}
				continue
			}
			var chunks [][]byte
			for q := p; len(q) > 0; {
				c := ts.chunk()
				n := copy(c[:cap(c)], q)
				chunks, q = append(chunks, c[:n]), q[n:]
			}
			h := sha256.New()
			if err := ts.writeChunks(chunks, h); err != nil {
				t.Fatal(err)
			}
			w := sha256.Sum256(p)
			hashes = append(hashes, func() member { var m member; copy(m.got[:], h.Sum(nil)); m.want = w; return m })
		}
		if err := ts.wait(); err != nil {
			t.Fatal(err)
		}
		endFrame()
		for i, f := range hashes {
			if m := f(); m.got != m.want {
				t.Fatalf("round %d: member %d: sha256 %x, want %x", round, i, m.got, m.want)
			}
		}
		if err := ts.close(); err != nil {
			t.Fatal(err)
		}
		runtime.GOMAXPROCS(prev)
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("round %d: %d bytes of zstd, want %d (each frame as a synchronous encoder writes it)", round, got.Len(), want.Len())
		}
		if !slices.Equal(ts.frames, frames) {
			t.Fatalf("round %d: frames %+v, want %+v", round, ts.frames, frames)
		}
		if !bytes.Equal(ts.sum.Sum(nil), refSum.Sum(nil)) {
			t.Fatalf("round %d: stream sha256 differs", round)
		}
		if ts.allocated > maxChunks {
			t.Fatalf("round %d: %d chunks allocated, over %d", round, ts.allocated, maxChunks)
		}
	}
}

// failingWriter fails every write after the first limit bytes.
type failingWriter struct{ limit, n int }

var errDiskFull = errors.New("disk full")

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n+len(p) > f.limit {
		return 0, errDiskFull
	}
	f.n += len(p)
	return len(p), nil
}

// goroutinesSettle waits for the number of goroutines to come back to n.
func goroutinesSettle(t *testing.T, n int) {
	t.Helper()
	for range 100 {
		if runtime.NumGoroutine() <= n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("%d goroutines, want %d: the tar stream's goroutine leaked", runtime.NumGoroutine(), n)
}

// TestWriterOutputErrorSurfaces: an output that fails while the tar
// stream compresses on its own goroutine fails the writer (Add or
// Close) with that error, and leaves no goroutine behind.
func TestWriterOutputErrorSurfaces(t *testing.T) {
	opts := testOptions(t)
	rs := articleRecords(200, 4000)
	full := len(build(t, opts, rs))
	for _, limit := range []int{0, 100, full / 3, 2 * full / 3, full - 1} {
		before := runtime.NumGoroutine()
		w, err := NewWriter(&failingWriter{limit: limit}, opts)
		if err != nil {
			t.Fatal(err)
		}
		var failed error
		for _, r := range rs {
			if failed = w.Add(r); failed != nil {
				break
			}
		}
		if failed == nil {
			_, failed = w.Close()
		}
		w.Abort()
		if !errors.Is(failed, errDiskFull) {
			t.Errorf("limit %d: writer error %v, want %v", limit, failed, errDiskFull)
		}
		goroutinesSettle(t, before)
	}
}

// TestWriterAbortStopsStream: a writer abandoned half-way, with shards
// handed to the stream, stops its goroutine.
func TestWriterAbortStopsStream(t *testing.T) {
	before := runtime.NumGoroutine()
	w, err := NewWriter(&bytes.Buffer{}, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range articleRecords(50, 4000) {
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Abort()
	w.Abort() // twice is fine
	goroutinesSettle(t, before)
	if _, err := w.Close(); err == nil {
		t.Error("Close after Abort succeeded")
	}
}

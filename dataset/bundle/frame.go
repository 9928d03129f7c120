package bundle

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
)

// frameInfo is what a zstd frame header says (RFC 8878 section 3.1.1.1).
type frameInfo struct {
	window   int64
	checksum bool
	dictID   bool
	fcs      bool // frame content size present
	single   bool // single segment
}

// frameReader passes zstd frames through from r, one at a time: at the
// end of each it returns io.EOF, and next moves it on to the following
// frame if one starts there. It parses only the frame and block headers,
// to find where each frame ends: the decoder would otherwise read on
// into the trailer frame, and the checker must know each frame's bytes
// (format 2 records their digests in the trailer).
type frameReader struct {
	r         *bufio.Reader
	info      frameInfo
	started   bool
	left      int64 // bytes of the current unit still to pass through
	lastBlock bool
	done      bool
	err       error     // first structural error, kept for the report
	n         int64     // compressed bytes passed through, all frames
	start     int64     // n where the current frame started
	sum       hash.Hash // of the current frame's compressed bytes
	recorded  bool      // the current frame is in frames
	// frames are the frames passed through to their end.
	frames []frameStat
}

// frameStat is what the reader learns about one frame.
type frameStat struct {
	Frame
	info frameInfo
	raw  []byte // sha256 of the compressed bytes
}

func newFrameReader(r *bufio.Reader) *frameReader {
	return &frameReader{r: r, sum: sha256.New()}
}

// complete reports whether the current frame was passed through to its
// end, and records it the first time.
func (f *frameReader) complete() bool {
	if !f.started || !f.done || f.left != 0 {
		return false
	}
	if !f.recorded {
		f.recorded = true
		raw := f.sum.Sum(nil)
		f.frames = append(f.frames, frameStat{Frame: Frame{Bytes: f.n - f.start, SHA256: hex.EncodeToString(raw)}, info: f.info, raw: raw})
	}
	return true
}

// next starts the following frame if the bytes after the current one are
// a zstd frame (not the trailer, which is a skippable frame).
func (f *frameReader) next() bool {
	if !f.complete() {
		return false
	}
	b, err := f.r.Peek(4)
	if err != nil || le32(b) != zstdMagic {
		return false
	}
	f.info, f.started, f.left, f.lastBlock, f.done, f.recorded = frameInfo{}, false, 0, false, false, false
	f.start = f.n
	f.sum.Reset()
	return true
}

const zstdMagic = 0xFD2FB528

// maxBlockBytes is the largest zstd block (RFC 8878 Block_Maximum_Size).
const maxBlockBytes = 128 << 10

var errNotZstd = errors.New("not a zstd frame")

func (f *frameReader) fail(format string, args ...any) error {
	if f.err == nil {
		f.err = fmt.Errorf(format, args...)
	}
	return f.err
}

// ioError is trouble reading the underlying reader, not a bundle problem.
type ioError struct{ err error }

func (e *ioError) Error() string { return "read bundle: " + e.err.Error() }
func (e *ioError) Unwrap() error { return e.err }

func (f *frameReader) peek(n int) ([]byte, error) {
	b, err := f.r.Peek(n)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		f.err = &ioError{err}
		return nil, f.err
	}
	if len(b) < n {
		if err == io.EOF || err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, f.fail("zstd frame truncated at compressed byte %d: %w", f.n+int64(len(b)), err)
	}
	return b, nil
}

// next sets up the next unit (frame header, block, checksum).
func (f *frameReader) nextUnit() error {
	switch {
	case !f.started:
		f.started = true
		b, err := f.peek(5)
		if err != nil {
			return err
		}
		if le32(b) != zstdMagic {
			return f.fail("%w: magic %02x%02x%02x%02x", errNotZstd, b[0], b[1], b[2], b[3])
		}
		fhd := b[4]
		if fhd&0x18 != 0 {
			// Bit 4 is unused and bit 3 reserved: a set bit would change
			// the bytes without changing the content.
			return f.fail("zstd frame header: unused or reserved bit set")
		}
		f.info.single = fhd&0x20 != 0
		f.info.checksum = fhd&0x04 != 0
		dict := []int{0, 1, 2, 4}[fhd&3]
		f.info.dictID = dict > 0
		fcs := []int{0, 2, 4, 8}[fhd>>6]
		if fcs == 0 && f.info.single {
			fcs = 1
		}
		f.info.fcs = fcs > 0
		n := 5 + dict + fcs
		if !f.info.single {
			n++
			b, err = f.peek(6)
			if err != nil {
				return err
			}
			exp, mant := int64(b[5]>>3), int64(b[5]&7)
			base := int64(1) << (10 + exp)
			f.info.window = base + base/8*mant
		}
		f.left = int64(n)
	case f.lastBlock:
		if f.info.checksum {
			f.left = 4
		}
		f.done = true
	default:
		b, err := f.peek(3)
		if err != nil {
			return err
		}
		h := uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16
		f.lastBlock = h&1 != 0
		size := int64(h >> 3)
		switch (h >> 1) & 3 {
		case 1: // RLE: one byte on the wire
			if size > maxBlockBytes {
				return f.fail("zstd block at compressed byte %d: %d bytes, over %d", f.n, size, maxBlockBytes)
			}
			size = 1
		case 3:
			return f.fail("zstd block at compressed byte %d: reserved block type", f.n)
		}
		if size > maxBlockBytes {
			return f.fail("zstd block at compressed byte %d: %d bytes, over %d", f.n, size, maxBlockBytes)
		}
		f.left = 3 + size
	}
	return nil
}

func (f *frameReader) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	for f.left == 0 {
		if f.done {
			return 0, io.EOF
		}
		if err := f.nextUnit(); err != nil {
			return 0, err
		}
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.r.Read(p)
	f.left -= int64(n)
	f.n += int64(n)
	f.sum.Write(p[:n])
	if err != nil && err != io.EOF {
		f.err = &ioError{err}
		return n, f.err
	}
	if err == io.EOF {
		if f.left > 0 {
			return n, f.fail("zstd frame truncated at compressed byte %d: %w", f.n, io.ErrUnexpectedEOF)
		}
		err = nil
	}
	return n, err
}

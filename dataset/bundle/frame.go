package bundle

import (
	"bufio"
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

// frameReader passes exactly one zstd frame through from r and then
// returns io.EOF. It parses only the frame and block headers, to find
// where the frame ends: the decoder would otherwise read on into the
// trailer frame, and a bundle is exactly one data frame and one trailer.
type frameReader struct {
	r         *bufio.Reader
	info      frameInfo
	started   bool
	left      int64 // bytes of the current unit still to pass through
	lastBlock bool
	done      bool
	err       error // first structural error, kept for the report
	n         int64 // compressed bytes passed through
	// sum, if set, hashes the compressed bytes passed through, for the
	// canonical-encoding check.
	sum hash.Hash
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
func (f *frameReader) next() error {
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
		if err := f.next(); err != nil {
			return 0, err
		}
	}
	if int64(len(p)) > f.left {
		p = p[:f.left]
	}
	n, err := f.r.Read(p)
	f.left -= int64(n)
	f.n += int64(n)
	if f.sum != nil {
		f.sum.Write(p[:n])
	}
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

package record

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// ErrLineTooLong is returned by LineReader.Next for a line longer than its
// limit. The line is skipped, and the next call continues after it.
var ErrLineTooLong = errors.New("line too long")

// LineReader reads JSON Lines with a bound on line length, so a hostile or
// broken file cannot make the reader buffer an unbounded line.
type LineReader struct {
	r     *bufio.Reader
	limit int
	line  int
	buf   []byte
}

// NewLineReader returns a reader of lines of at most limit bytes
// (MaxLineBytes if limit <= 0).
func NewLineReader(r io.Reader, limit int) *LineReader {
	if limit <= 0 {
		limit = MaxLineBytes
	}
	return &LineReader{r: bufio.NewReaderSize(r, 64<<10), limit: limit}
}

// Line returns the 1-based number of the line last returned by Next.
func (lr *LineReader) Line() int { return lr.line }

// Next returns the next line without its "\n" (a final "\r" is kept: it
// is the caller's to reject). The slice is valid until the next call. At
// the end of input it returns io.EOF. A line over the limit gives
// ErrLineTooLong wrapped with its number; reading can go on.
func (lr *LineReader) Next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	tooLong := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > lr.limit+1 { // +1 for the newline
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(chunk) == 0 && len(lr.buf) == 0 && !tooLong {
			return nil, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		lr.line++
		if tooLong {
			return nil, fmt.Errorf("line %d: %w (limit %d bytes)", lr.line, ErrLineTooLong, lr.limit)
		}
		n := len(lr.buf)
		if n > 0 && lr.buf[n-1] == '\n' {
			n--
		}
		return lr.buf[:n], nil
	}
}

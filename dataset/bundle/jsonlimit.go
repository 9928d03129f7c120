package bundle

import (
	"fmt"
	"io"
)

// tokenLimit passes JSON text through and fails once one token (a
// string, a number, a literal or a run of white space) grows past
// MaxJSONTokenBytes. encoding/json's Decoder buffers a whole token and
// rescans a run of white space each time it refills its buffer, so
// without this bound a manifest of a few KB compressed could make the
// checker hold gigabytes and take quadratic time.
type tokenLimit struct {
	r     io.Reader
	run   int // bytes of the current token so far
	inStr bool
	esc   bool
	err   error
}

func (t *tokenLimit) Read(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	n, err := t.r.Read(p)
	for i, c := range p[:n] {
		switch {
		case t.inStr:
			switch {
			case t.esc:
				t.esc = false
			case c == '\\':
				t.esc = true
			case c == '"':
				t.inStr, t.run = false, 0
				continue
			}
		case c == '"':
			t.inStr, t.run = true, 0
			continue
		case c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':':
			t.run = 0
			continue
		}
		t.run++
		if t.run > MaxJSONTokenBytes {
			t.err = fmt.Errorf("a JSON string, number or run of white space longer than %d bytes", MaxJSONTokenBytes)
			return i, t.err
		}
	}
	return n, err
}

package record

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// SyntaxError is a problem with the JSON of a record line itself, as
// opposed to a record that is well-formed JSON but breaks the schema.
type SyntaxError struct {
	// Offset is the byte offset in the line where the problem was found.
	Offset int64
	// Kind is a short stable name: "invalid-utf8", "duplicate-key",
	// "too-deep", "json" or "unknown-field".
	Kind string
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("byte %d: %s", e.Offset, e.Msg)
}

// CheckJSON checks that line is a single JSON value that is valid UTF-8,
// has no lone surrogate escapes, no duplicate object keys and no nesting
// deeper than MaxDepth. It does not allocate the decoded value.
func CheckJSON(line []byte) error { return checkJSON(line, nil) }

// keyAt is a key of the top-level object and the offset where it starts.
type keyAt struct {
	key string
	off int64
}

// checkJSON is CheckJSON; if keys is not nil, it also collects the keys
// of the top-level object in order.
func checkJSON(line []byte, keys *[]keyAt) error {
	if i := invalidUTF8(line); i >= 0 {
		return &SyntaxError{Offset: int64(i), Kind: "invalid-utf8", Msg: "invalid UTF-8"}
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // next string token in an object is a key
	}
	var stack []frame
	values := 0
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			// Token reports a clean EOF even inside an unfinished
			// object or array: that is a truncated line, not a value.
			if len(stack) > 0 {
				return &SyntaxError{Offset: int64(len(line)), Kind: "json", Msg: "unexpected end of JSON input"}
			}
			if values == 0 {
				return &SyntaxError{Offset: 0, Kind: "json", Msg: "no JSON value on the line"}
			}
			break
		}
		if len(stack) == 0 {
			values++
		}
		// InputOffset before Token is the end of the previous token:
		// step over the separator and white space to where this token
		// starts, so problems point at the key or value itself.
		off = tokenStart(line, off)
		if err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return &SyntaxError{Offset: se.Offset, Kind: "json", Msg: se.Error()}
			}
			return &SyntaxError{Offset: dec.InputOffset(), Kind: "json", Msg: err.Error()}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) >= MaxDepth {
					return &SyntaxError{Offset: off, Kind: "too-deep", Msg: fmt.Sprintf("nesting deeper than %d", MaxDepth)}
				}
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].key = true
				}
				stack = append(stack, frame{object: t == '{', keys: map[string]bool{}, key: t == '{'})
			case '}', ']':
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].key = true
				}
				if len(stack) == 0 && dec.More() {
					return &SyntaxError{Offset: dec.InputOffset(), Kind: "json", Msg: "more than one JSON value on the line"}
				}
			}
			continue
		case string:
			if err := checkEscapes(line, off, dec.InputOffset()); err != nil {
				return err
			}
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].key {
				if stack[n-1].keys[t] {
					return &SyntaxError{Offset: off, Kind: "duplicate-key", Msg: fmt.Sprintf("duplicate key %q", t)}
				}
				stack[n-1].keys[t] = true
				if n == 1 && keys != nil {
					*keys = append(*keys, keyAt{t, off})
				}
				stack[n-1].key = false
				continue
			}
		}
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].key = true
		}
		if len(stack) == 0 && dec.More() {
			return &SyntaxError{Offset: dec.InputOffset(), Kind: "json", Msg: "more than one JSON value on the line"}
		}
	}
	return nil
}

// invalidUTF8 returns the offset of the first invalid UTF-8 byte, or -1.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// checkEscapes rejects \u escapes of lone surrogates in the string token
// found in line[from:to]; encoding/json would turn them into U+FFFD.
func checkEscapes(line []byte, from, to int64) error {
	if from < 0 || to > int64(len(line)) || from >= to {
		return nil
	}
	s := line[from:to]
	for i := 0; i+5 < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if s[i+1] != 'u' {
			i++ // skip the escaped character, which may be a backslash
			continue
		}
		v, err := strconv.ParseUint(string(s[i+2:i+6]), 16, 16)
		if err != nil {
			continue
		}
		r := rune(v)
		if utf16.IsSurrogate(r) {
			ok := false
			if r < 0xdc00 && i+11 < len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
				if v2, err := strconv.ParseUint(string(s[i+8:i+12]), 16, 16); err == nil {
					ok = utf16.DecodeRune(r, rune(v2)) != utf8.RuneError
				}
			}
			if !ok {
				return &SyntaxError{Offset: from + int64(i), Kind: "invalid-utf8", Msg: fmt.Sprintf("lone surrogate escape %s", s[i:i+6])}
			}
			i += 11
			continue
		}
		i += 5
	}
	return nil
}

// Unmarshal decodes one record line of version v strictly: CheckJSON,
// then decoding with unknown fields refused — the fields of later
// versions included, so a V1 line cannot carry authors. A field the line
// lacks is left empty (the schema, not the codec, requires fields). It
// does not validate against the schema.
func (v Version) Unmarshal(line []byte) (*Record, error) {
	if !v.Known() {
		return nil, v.unknown()
	}
	if len(line) > MaxLineBytes {
		return nil, &SyntaxError{Offset: MaxLineBytes, Kind: "too-long", Msg: fmt.Sprintf("record line longer than %d bytes", MaxLineBytes)}
	}
	// Only a version older than the latest has fields to refuse that
	// encoding/json would accept: the latest needs no keys.
	var keys *[]keyAt
	if v < Latest {
		keys = new([]keyAt)
	}
	if err := checkJSON(line, keys); err != nil {
		return nil, err
	}
	if keys == nil {
		return v.unmarshal(line, nil)
	}
	return v.unmarshal(line, *keys)
}

// unmarshal decodes a line that has passed checkJSON, with its top-level
// keys.
func (v Version) unmarshal(line []byte, keys []keyAt) (*Record, error) {
	for _, k := range keys {
		if fieldSince(k.key) > v {
			return nil, &SyntaxError{Offset: k.off, Kind: "unknown-field", Msg: fmt.Sprintf("json: unknown field %q (record version %s has no such field)", k.key, v)}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		kind, off := "json", dec.InputOffset()
		if bytes.Contains([]byte(err.Error()), []byte("unknown field")) {
			kind = "unknown-field"
		}
		// A value of the wrong type is reported once the whole line is
		// read; its own offset (just past the value) is where it is.
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			off = te.Offset
		}
		return nil, &SyntaxError{Offset: off, Kind: kind, Msg: err.Error()}
	}
	return &r, nil
}

// Sniff runs CheckJSON on line and returns the oldest version that has
// every top-level field the line names (V1 for a line that names none,
// or is not an object): the version a line of JSON Lines, which carry no
// schema, is read as. Unknown keys do not count; decoding refuses them.
func Sniff(line []byte) (Version, error) {
	var keys []keyAt
	if err := checkJSON(line, &keys); err != nil {
		return 0, err
	}
	return sniffKeys(keys), nil
}

func sniffKeys(keys []keyAt) Version {
	v := V1
	for _, k := range keys {
		v = max(v, fieldSince(k.key))
	}
	return v
}

// Decode decodes a line of version v as v.Unmarshal does — the same
// record for a line it accepts, the same error for one it rejects — but
// decodes lines in canonical form with the fast parser, several times
// faster. It does not check the schema.
func (v Version) Decode(line []byte) (*Record, error) {
	if r, ok := v.ParseCanonical(line); ok {
		return r, nil
	}
	return v.Unmarshal(line)
}

// Decode decodes a line of any version, as the version Sniff names, and
// returns the record and that version. It is for JSON Lines, which do
// not say which schema they were written with; a bundle names its
// schema, and its lines are read with that version's codec.
func Decode(line []byte) (*Record, Version, error) {
	for v := Latest; v >= V1; v-- {
		if r, ok := v.ParseCanonical(line); ok {
			return r, v, nil
		}
	}
	if len(line) > MaxLineBytes {
		_, err := Latest.Unmarshal(line)
		return nil, 0, err
	}
	var keys []keyAt
	if err := checkJSON(line, &keys); err != nil {
		return nil, 0, err
	}
	v := sniffKeys(keys)
	r, err := v.unmarshal(line, keys)
	if err != nil {
		return nil, 0, err
	}
	return r, v, nil
}

// tokenStart returns the offset of the first byte at or after off that is
// not JSON white space or a separator (',' or ':').
func tokenStart(line []byte, off int64) int64 {
	for off < int64(len(line)) {
		switch line[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/quire-archive/quire/dataset/report"
)

const blockSize = 512

// tarHeader is what the checker reads from a header block: only what it
// needs to find, name and size the member. Everything else is checked by
// comparing the block with ustarHeader's.
type tarHeader struct {
	name     string
	size     int64
	mtime    int64
	typeflag byte
	raw      []byte
	off      int64 // of the header block in the tar stream
}

// streamError is a problem that ends reading of the tar stream.
type streamError struct {
	code     report.Code
	msg      string
	reported bool // already in the report
}

func (e *streamError) Error() string { return e.msg }

func streamErr(c report.Code, format string, args ...any) error {
	return &streamError{code: c, msg: fmt.Sprintf(format, args...)}
}

// tarReader reads the tar subset quire writes: USTAR regular files,
// each padded to 512 bytes, then two zero blocks and nothing more. It is
// written here rather than with archive/tar because the checker must see
// the raw header bytes and the exact end of the stream.
type tarReader struct {
	r       io.Reader
	off     int64 // offset in the tar stream
	left    int64 // content bytes of the current member not yet read
	pad     int64 // padding after the current member
	sum     summer
	members int
	// async hashes members on goroutines of their own (asyncSum).
	async bool
}

// fields of a USTAR header block: name and span, for saying which one
// differs from the canonical header.
var tarFields = []struct {
	name     string
	from, to int
}{
	{"name", 0, 100}, {"mode", 100, 108}, {"uid", 108, 116}, {"gid", 116, 124},
	{"size", 124, 136}, {"mtime", 136, 148}, {"checksum", 148, 156}, {"typeflag", 156, 157},
	{"linkname", 157, 257}, {"magic", 257, 263}, {"version", 263, 265}, {"uname", 265, 297},
	{"gname", 297, 329}, {"devmajor", 329, 337}, {"devminor", 337, 345}, {"prefix", 345, 500},
	{"padding", 500, 512},
}

func (t *tarReader) readFull(b []byte) (int, error) {
	n, err := io.ReadFull(t.r, b)
	t.off += int64(n)
	return n, err
}

// skip discards the rest of the current member and its padding, hashing
// the content so the member's sum is complete.
func (t *tarReader) skip() error {
	if t.left > 0 {
		buf := make([]byte, 32<<10)
		for t.left > 0 {
			if _, err := t.Read(buf); err != nil && err != io.EOF {
				return err
			}
		}
	}
	if t.pad > 0 {
		p := make([]byte, t.pad)
		t.pad = 0
		if _, err := t.readFull(p); err != nil {
			return streamErr(report.TarCorrupt, "tar stream ends inside member padding at byte %d", t.off)
		}
		if !allZero(p) {
			return streamErr(report.TarCorrupt, "non-zero padding after member ending at byte %d", t.off-int64(len(p)))
		}
	}
	return nil
}

// Read reads content of the current member.
func (t *tarReader) Read(p []byte) (int, error) {
	if t.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > t.left {
		p = p[:t.left]
	}
	n, err := t.r.Read(p)
	t.off += int64(n)
	t.left -= int64(n)
	t.sum.Write(p[:n])
	if err == io.EOF && t.left > 0 {
		return n, streamErr(report.TarCorrupt, "tar stream ends inside a member: %d declared bytes missing", t.left)
	}
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// memberSum returns the hex sha256 of the current member's content.
func (t *tarReader) memberSum() string { return hex.EncodeToString(t.sum.Sum(nil)) }

// next moves to the next member. It returns io.EOF after the two zero
// blocks that end the archive, if nothing follows them.
func (t *tarReader) next() (*tarHeader, error) {
	if err := t.skip(); err != nil {
		return nil, err
	}
	block := make([]byte, blockSize)
	at := t.off
	n, err := t.readFull(block)
	if err != nil {
		if n == 0 && err == io.EOF {
			return nil, streamErr(report.TarCorrupt, "tar stream ends at byte %d without the end-of-archive blocks", at)
		}
		return nil, wrapRead(err, "tar stream ends inside a header at byte %d", at)
	}
	if allZero(block) {
		if _, err := t.readFull(block); err != nil || !allZero(block) {
			return nil, streamErr(report.TarCorrupt, "tar end-of-archive at byte %d is not two zero blocks", at)
		}
		var one [1]byte
		n, err := t.readFull(one[:])
		if se, ok := err.(*streamError); ok {
			return nil, se
		}
		if n > 0 {
			return nil, streamErr(report.TrailingData, "data after the tar end-of-archive blocks at byte %d", t.off-1)
		}
		return nil, io.EOF
	}
	h, err := parseHeader(block)
	if err != nil {
		return nil, streamErr(report.TarCorrupt, "tar header at byte %d: %v", at, err)
	}
	h.off = at
	t.members++
	if t.members > MaxMembers {
		return nil, streamErr(report.TooBig, "more than %d members", MaxMembers)
	}
	if t.sum != nil {
		closeSum(t.sum)
	}
	if t.async {
		t.sum = newAsyncSum()
	} else {
		t.sum = sha256.New()
	}
	t.left = h.size
	if h.typeflag != '0' {
		// Links, directories, devices, FIFOs have no content in quire's
		// eyes; extended headers do, and it is skipped.
		switch h.typeflag {
		case 'x', 'g', 'L', 'K', '7', '\x00':
		default:
			t.left = 0
		}
	}
	t.pad = (blockSize - t.left%blockSize) % blockSize
	return h, nil
}

// wrapRead keeps stream errors from the layers below (zstd, limits) and
// reports anything else as tar corruption.
func wrapRead(err error, format string, args ...any) error {
	if se, ok := err.(*streamError); ok {
		return se
	}
	return streamErr(report.TarCorrupt, format, args...)
}

func parseHeader(b []byte) (*tarHeader, error) {
	want, err := strconv.ParseUint(string(bytes.Trim(b[148:156], " \x00")), 8, 32)
	if err != nil {
		return nil, fmt.Errorf("checksum field %q is not octal", b[148:156])
	}
	var got uint64
	for i, c := range b {
		if i >= 148 && i < 156 {
			c = ' '
		}
		got += uint64(c)
	}
	if got != want {
		return nil, fmt.Errorf("header checksum %d, want %d", want, got)
	}
	size, err := parseOctal(b[124:136])
	if err != nil {
		return nil, fmt.Errorf("size: %v", err)
	}
	mtime, err := parseOctal(b[136:148])
	if err != nil {
		return nil, fmt.Errorf("mtime: %v", err)
	}
	name := cstr(b[0:100])
	if p := cstr(b[345:500]); p != "" && string(b[257:263]) == "ustar\x00" {
		name = p + "/" + name
	}
	return &tarHeader{name: name, size: size, mtime: mtime, typeflag: b[156], raw: b}, nil
}

func parseOctal(f []byte) (int64, error) {
	if len(f) > 0 && f[0]&0x80 != 0 {
		return 0, fmt.Errorf("base-256 numbers are not used by quire")
	}
	s := string(bytes.Trim(f, " \x00"))
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 8, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not an octal number", s)
	}
	return v, nil
}

func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// typeName names a tar type flag for messages.
func typeName(c byte) string {
	switch c {
	case '0', '\x00':
		return "regular file"
	case '1':
		return "hard link"
	case '2':
		return "symbolic link"
	case '3':
		return "character device"
	case '4':
		return "block device"
	case '5':
		return "directory"
	case '6':
		return "FIFO"
	case 'x', 'g':
		return "PAX extended header"
	case 'L', 'K':
		return "GNU long name header"
	}
	return fmt.Sprintf("type %q", c)
}

// headerDiff compares a header with the canonical one for its name, size
// and mtime, and names the first field that differs, or "".
func headerDiff(h *tarHeader) string {
	want, err := ustarHeader(h.name, h.size, time.Unix(h.mtime, 0))
	if err != nil {
		return err.Error()
	}
	for _, f := range tarFields {
		if !bytes.Equal(h.raw[f.from:f.to], want[f.from:f.to]) {
			return fmt.Sprintf("header field %s is %q, want %q", f.name, bytes.TrimRight(h.raw[f.from:f.to], "\x00"), bytes.TrimRight(want[f.from:f.to], "\x00"))
		}
	}
	return ""
}

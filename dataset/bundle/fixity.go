package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/quire-archive/quire/dataset/report"
)

// Fixity of the compressed bytes (docs/FORMAT.md §7.2, §7.3). Content
// is verified by the tar sha256, the BagIt manifests and the dataset
// manifest, whatever compressed it; what this file checks is whether the
// compressed bytes are the release's.
//
//   - Format 2 records the size and sha256 of every zstd frame in the
//     trailer, so a changed byte is found by hashing, never by running an
//     encoder: any zstd library may write a bundle. A copy without the
//     trailer (recompressed by `zstd`, which drops skippable frames) has
//     its content verified and gets a warning (Q311); a trailer that is
//     there must match to the byte (an error otherwise: a byte the decoder
//     ignores is still a changed byte, and decoders disagree on some).
//   - FormatV1 recorded nothing about its one frame: it is checked by
//     re-encoding, which only means something with the zstd library that
//     wrote it. With another, Q311 says the bytes were not checked.
//   - A .sha256 file (CheckOptions.FileSHA256) decides byte identity of
//     the whole file: a mismatch is an error (Q312), a match settles Q311.

// maxTrailerBytesV1 bounds a FormatV1 trailer, which has no frame list.
const maxTrailerBytesV1 = 4096

// maxFrames bounds the zstd frames of a bundle: format 2 has one before
// the shards, one per shard and one from the manifest on.
const maxFrames = MaxMembers + 2

// maxFrameProblems bounds the frame mismatches reported one by one.
const maxFrameProblems = 10

// fixityV1 checks a FormatV1 bundle's one frame and its trailer.
func (s *scanner) fixityV1() {
	frames := s.z.fr.frames
	if len(frames) != 1 {
		s.addf("", report.Compression, "%s is one zstd frame; this bundle has %d", FormatV1, len(frames))
	} else if fi := frames[0].info; !fi.checksum || fi.dictID {
		s.addf("", report.Compression, "zstd frame has checksum %t and dictionary %t; quire writes a checksum and no dictionary", fi.checksum, fi.dictID)
	} else if s.z.reSum != nil && !s.broken {
		re := s.z.reSum.Sum(nil)
		c := Compression{}
		if s.manifest != nil {
			c = s.manifest.Compression
		}
		if c.Library == zstdLibrary && c.LibraryVersion == zstdLibraryVersion && c.Level == zstdLevel {
			if !bytes.Equal(re, sizedSum(frames[0].raw, frames[0].Bytes)) {
				s.addf("", report.Compression, "the zstd frame (%d bytes) is not quire's encoding of its content: a byte was changed without changing what it decodes to, or another encoder wrote it", frames[0].Bytes)
			}
		} else {
			s.z.unverified = fmt.Sprintf("%s records no digest of its compressed bytes, and they can only be checked by re-encoding with the zstd library that wrote them (%s %s); this quire has %s", FormatV1, c.Library, c.LibraryVersion, zstdLibraryVersion)
		}
	}
	t, absent := s.readTrailer(maxTrailerBytesV1)
	if absent {
		s.addf("", report.Trailer, "no trailer frame after the zstd frame")
	}
	if t == nil {
		return
	}
	if t.Format != FormatV1 {
		s.addf("", report.FormatVersion, "trailer format %q, want %q as in the manifest", t.Format, FormatV1)
	}
	if t.Frames != nil {
		s.addf("", report.Trailer, "a %s trailer lists no frames", FormatV1)
	}
	s.trailerTar(t)
}

// fixityV2 checks a format 2 bundle's frames against its trailer.
func (s *scanner) fixityV2() {
	frames := s.z.fr.frames
	t, absent := s.readTrailer(MaxTrailerBytes)
	if absent {
		s.z.unverified = fmt.Sprintf("no trailer after the %d zstd frame(s): nothing records the compressed bytes of the release (a copy recompressed by another tool?)", len(frames))
		return
	}
	if t == nil {
		return
	}
	if t.Format != Format {
		s.addf("", report.FormatVersion, "trailer format %q, want %q", t.Format, Format)
	}
	s.trailerTar(t)
	if len(t.Frames) != len(frames) {
		s.addf("", report.Compression, "the trailer lists %d zstd frames; the bundle has %d", len(t.Frames), len(frames))
	}
	var off, tarOff int64
	bad := 0
	for i := 0; i < len(frames) && i < len(t.Frames); i++ {
		got, want := frames[i].Frame, t.Frames[i]
		if got != want && bad < maxFrameProblems {
			bad++
			s.addf("", report.Compression, "zstd frame %d (compressed bytes %d to %d): %d bytes with sha256 %s decoding to %d tar bytes, but the trailer records %d bytes with sha256 %s decoding to %d: the compressed bytes were changed",
				i+1, off, off+got.Bytes, got.Bytes, got.SHA256, got.TarBytes, want.Bytes, want.SHA256, want.TarBytes)
		}
		off += got.Bytes
		tarOff += got.TarBytes
	}
	s.frameLayout()
	for i, f := range frames {
		if fi := f.info; !fi.checksum || fi.dictID {
			s.addf("", report.Compression, "zstd frame %d has checksum %t and dictionary %t; quire writes a checksum and no dictionary", i+1, fi.checksum, fi.dictID)
			break
		}
	}
}

// frameLayout checks that frames are cut where format 2 cuts them:
// before each shard's header and before the manifest's.
func (s *scanner) frameLayout() {
	want := append([]int64{}, s.bag.cuts...)
	want = append(want, s.tarN)
	var end int64
	for i, f := range s.z.fr.frames {
		end += f.TarBytes
		if i >= len(want) || end != want[i] {
			w := "the end of the tar stream"
			if i < len(want)-1 {
				w = fmt.Sprintf("tar byte %d", want[i])
			}
			s.addf("", report.Compression, "zstd frame %d ends at tar byte %d, but %s cuts it at %s (before each shard and before the manifest)", i+1, end, Format, w)
			return
		}
	}
	if len(s.z.fr.frames) < len(want) {
		s.addf("", report.Compression, "%d zstd frames, but %s cuts this tar stream into %d (before each shard and before the manifest)", len(s.z.fr.frames), Format, len(want))
	}
}

// trailerTar checks the trailer's record of the tar stream.
func (s *scanner) trailerTar(t *Trailer) {
	if sum := hex.EncodeToString(s.tarSum.Sum(nil)); t.TarBytes != s.tarN || t.TarSHA256 != sum {
		s.addf("", report.Trailer, "trailer says the tar stream is %d bytes with sha256 %s; it is %d bytes with sha256 %s", t.TarBytes, t.TarSHA256, s.tarN, sum)
	}
}

// readTrailer reads the skippable frame after the zstd frames, and
// checks that nothing follows it. It returns nil if there is none that
// can be read (absent: nothing at all follows the frames).
func (s *scanner) readTrailer(limit int64) (t *Trailer, absent bool) {
	head, err := s.z.in.Peek(8)
	if len(head) == 0 && err == io.EOF {
		return nil, true
	}
	if len(head) < 8 || le32(head) != skippableMagic {
		s.addf("", report.Trailer, "after the zstd frames: %d bytes that are not a quire trailer frame", len(head))
		return nil, false
	}
	size := int64(le32(head[4:]))
	if size > limit {
		s.addf("", report.Trailer, "trailer frame of %d bytes exceeds the limit of %d", size, limit)
		return nil, false
	}
	frame := make([]byte, 8+size)
	if _, err := io.ReadFull(s.z.in, frame); err != nil {
		s.addf("", report.Trailer, "trailer frame truncated")
		return nil, false
	}
	defer s.afterTrailer()
	var x Trailer
	if err := strictUnmarshal(frame[8:], &x); err != nil {
		s.addf("", report.Trailer, "trailer: %v", err)
		return nil, false
	}
	if !bytes.Equal(frame, trailerFrame(x)) {
		s.addf("", report.Trailer, "trailer is not in canonical form")
	}
	return &x, false
}

func (s *scanner) afterTrailer() {
	if n, _ := io.Copy(io.Discard, io.LimitReader(s.z.in, 1<<20)); n > 0 {
		s.addf("", report.TrailingData, "%d or more bytes after the trailer frame", n)
	}
}

// settleFixity ends a check: it compares the whole file with its
// expected sha256, if one was given, and reports what could not be
// verified about the compressed bytes.
func (s *scanner) settleFixity() {
	if s.z.fileWant != "" {
		io.Copy(io.Discard, s.z.in) // the rest, so the sum covers the file
		if got := hex.EncodeToString(s.z.file.Sum(nil)); got != strings.ToLower(s.z.fileWant) {
			s.addf("", report.FileChecksum, "the file's sha256 is %s; its checksum file says %s", got, s.z.fileWant)
		} else {
			s.z.unverified = "" // the file is byte for byte the one the checksum names
		}
	}
	if s.z.unverified != "" && !s.broken {
		s.addf("", report.BytesUnverified, "content verified, but %s", s.z.unverified)
	}
}

// reencoder is a summer whose Sum is the sha256 and length of quire's
// zstd encoding of what was written (see newEncoder).
type reencoder struct {
	enc    *zstd.Encoder
	out    *countingHash
	closed bool
}

func newReencoder() (*reencoder, error) {
	out := &countingHash{h: sha256.New()}
	enc, err := newEncoder(out)
	if err != nil {
		return nil, fmt.Errorf("zstd encoder: %w", err)
	}
	return &reencoder{enc: enc, out: out}, nil
}

// Write feeds the encoder, which writes to a hash and cannot fail.
func (r *reencoder) Write(p []byte) (int, error) { return r.enc.Write(p) }

// Sum ends the encoding and appends its sizedSum to b.
func (r *reencoder) Sum(b []byte) []byte {
	r.close()
	return append(b, sizedSum(r.out.h.Sum(nil), r.out.n)...)
}

// close releases the encoder; it may be called more than once.
func (r *reencoder) close() {
	if !r.closed {
		r.closed = true
		r.enc.Close()
	}
}

// sizedSum is a hash followed by the length of what was hashed.
func sizedSum(sum []byte, n int64) []byte {
	return binary.BigEndian.AppendUint64(sum, uint64(n))
}

// countingHash is a hash that also counts what was written to it.
type countingHash struct {
	h hash.Hash
	n int64
}

func (c *countingHash) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.h.Write(p)
}

// MaxChecksumFileBytes bounds a .sha256 file: one line.
const MaxChecksumFileBytes = 4096

// ChecksumLine is the one line of a bundle's .sha256 file, as
// ParseChecksumFile reads it back and `sha256sum -c` checks it: the hex
// digest, two spaces (text mode) and the bundle's file name.
func ChecksumLine(sha256Hex, name string) string {
	return sha256Hex + "  " + name + "\n"
}

// ParseChecksumFile reads a bundle's .sha256 file as quire build writes
// it and `sha256sum -c` reads it: one line "<64 hex>  <name>" (or
// "<64 hex> *<name>"), where name is the bundle's file name. It returns
// the digest, for CheckOptions.FileSHA256.
func ParseChecksumFile(b []byte, name string) (string, error) {
	if len(b) > MaxChecksumFileBytes {
		return "", fmt.Errorf("checksum file of %d bytes, more than one line", len(b))
	}
	line, rest, _ := strings.Cut(string(b), "\n")
	sum, file, ok := strings.Cut(line, " ")
	if !ok || strings.TrimSpace(rest) != "" || !hexRE.MatchString(strings.ToLower(sum)) || (!strings.HasPrefix(file, " ") && !strings.HasPrefix(file, "*")) {
		return "", fmt.Errorf("checksum file: want one line %q", "<sha256>  "+name)
	}
	if file = file[1:]; file != name {
		return "", fmt.Errorf("checksum file names %q, not %q", file, name)
	}
	return strings.ToLower(sum), nil
}

package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// Helpers of the fault-injection suite (faults_test.go): they take a
// valid bundle apart at each layer (zstd frame, tar stream, members) and
// put it back together with every checksum above the damage recomputed,
// so that each fault must be caught by the check of its own layer.

// zstdLayout locates the regions of a bundle's compressed bytes.
type zstdLayout struct {
	header   int // end of the frame header (start of the first block)
	checksum int // start of the frame's 4-byte content checksum
	trailer  int // start of the trailer frame
}

func layoutOf(t testing.TB, b []byte) zstdLayout {
	t.Helper()
	var l zstdLayout
	for p := len(b) - 8; p >= 0; p-- {
		if le32(b[p:]) == skippableMagic && p+8+int(le32(b[p+4:])) == len(b) {
			l.trailer = p
			break
		}
	}
	if l.trailer == 0 {
		t.Fatal("no trailer frame")
	}
	fhd := b[4]
	n := 5 + []int{0, 1, 2, 4}[fhd&3]
	fcs := []int{0, 2, 4, 8}[fhd>>6]
	if fhd&0x20 != 0 {
		if fcs == 0 {
			fcs = 1
		}
	} else {
		n++ // window descriptor
	}
	l.header = n + fcs
	l.checksum = l.trailer - 4
	return l
}

// tarSpan locates one member in a tar stream.
type tarSpan struct {
	name string
	hdr  int // offset of the header block
	data int // offset of the content
	size int
	end  int // offset after the padding
}

// tarSpans walks an uncompressed tar stream quire wrote.
func tarSpans(t testing.TB, tb []byte) (spans []tarSpan, endBlocks int) {
	t.Helper()
	for off := 0; off+blockSize <= len(tb); {
		blk := tb[off : off+blockSize]
		if allZero(blk) {
			return spans, off
		}
		h, err := parseHeader(blk)
		if err != nil {
			t.Fatal(err)
		}
		size := int(h.size)
		end := off + blockSize + (size+blockSize-1)/blockSize*blockSize
		spans = append(spans, tarSpan{name: h.name, hdr: off, data: off + blockSize, size: size, end: end})
		off = end
	}
	t.Fatal("tar stream without end-of-archive blocks")
	return nil, 0
}

// fixHeaderSum recomputes a header block's checksum the way archive/tar
// writes it (six octal digits, NUL, space).
func fixHeaderSum(blk []byte) {
	copy(blk[148:156], "        ")
	s := 0
	for _, c := range blk[:blockSize] {
		s += int(c)
	}
	copy(blk[148:156], fmt.Sprintf("%06o\x00 ", s))
}

// setField overwrites a header field with s, NUL-padded, and fixes the
// header checksum.
func setField(blk []byte, from, to int, s string) {
	f := blk[from:to]
	clear(f)
	copy(f, s)
	fixHeaderSum(blk)
}

// withTar decodes b, lets edit change the tar stream, and re-encodes it
// with a new, matching trailer.
func withTar(t testing.TB, b []byte, edit func(tb []byte) []byte) []byte {
	t.Helper()
	tb, err := decodeAll(b)
	if err != nil {
		t.Fatal(err)
	}
	return compress(t, edit(tb))
}

// withTrailer replaces the trailer frame of b.
func withTrailer(t testing.TB, b []byte, tr func(*Trailer)) []byte {
	t.Helper()
	l := layoutOf(t, b)
	var x Trailer
	if err := json.Unmarshal(b[l.trailer+8:], &x); err != nil {
		t.Fatal(err)
	}
	tr(&x)
	return append(bytes.Clone(b[:l.trailer]), trailerFrame(x)...)
}

// isShard reports whether a member path is a shard.
func isShard(rel string) bool { return shardRE.MatchString(rel) }

// reseal recomputes everything a forger without the signing key can:
// the dataset manifest's records list, record count and shard entries
// from the shards as they now are (ids as the checker reads them), then
// the BagIt manifests and Payload-Oxum, the tar stream and the trailer.
// What is left to find is only what no checksum can hide.
func reseal(t testing.TB, top string, ms []tmember) []byte {
	t.Helper()
	ms = cloneMembers(ms)
	mi := find(ms, pathManifest)
	var m Manifest
	if err := json.Unmarshal(ms[mi].body, &m); err != nil {
		t.Fatal(err)
	}
	m.Shards = nil
	var entries bytes.Buffer
	var n int64
	for _, x := range ms {
		if !isShard(x.name) {
			continue
		}
		sh := Shard{Path: strings.TrimPrefix(x.name, "data/"), Bytes: int64(len(x.body)), SHA256: sum(x.body)}
		lines := bytes.Split(x.body, []byte("\n"))
		if len(lines[len(lines)-1]) == 0 {
			lines = lines[:len(lines)-1]
		}
		for _, line := range lines {
			id := ""
			if r, err := record.Unmarshal(line); err == nil {
				id = r.ID
			}
			entries.Write(recordEntry(n, id, record.Sum(line)))
			n++
			sh.Records++
			if sh.Records == 1 {
				sh.FirstID = id
			}
			sh.LastID = id
		}
		m.Shards = append(m.Shards, sh)
	}
	m.RecordCount = n
	prefix, err := manifestPrefix(&m)
	if err != nil {
		t.Fatal(err)
	}
	ms[mi].body = append(append(prefix, entries.Bytes()...), manifestSuffix(n)...)
	return pack(t, top, ms, true)
}

func cloneMembers(ms []tmember) []tmember {
	c := make([]tmember, len(ms))
	for i, m := range ms {
		c[i] = tmember{name: m.name, typeflag: m.typeflag, body: bytes.Clone(m.body)}
	}
	return c
}

// shardLines returns the lines of the first shard, without newlines.
func shardLines(ms []tmember) (int, [][]byte) {
	i := find(ms, shardPath(0))
	lines := bytes.Split(bytes.TrimSuffix(ms[i].body, []byte("\n")), []byte("\n"))
	return i, lines
}

// withLine returns a copy of ms with line n of the first shard replaced.
func withLine(ms []tmember, n int, line []byte) []tmember {
	ms = cloneMembers(ms)
	i, lines := shardLines(ms)
	lines[n] = line
	ms[i].body = append(bytes.Join(lines, []byte("\n")), '\n')
	return ms
}

// spread returns about n offsets spread evenly over [from, to).
func spread(from, to, n int) []int {
	if to <= from {
		return nil
	}
	step := (to - from + n - 1) / n
	if step < 1 {
		step = 1
	}
	var offs []int
	for o := from; o < to; o += step {
		offs = append(offs, o)
	}
	return offs
}

package bundle

import (
	"archive/tar"
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

// faultCase is one damaged bundle of the fault-injection suite.
type faultCase struct {
	class string
	name  string
	b     []byte
	// max lowers MaxDecompressedBytes for this case (0: the default), so
	// that a decompression bomb is cut off in milliseconds.
	max int64
	// want: one of these codes must be reported (nil: any error).
	want []report.Code
	// only: every code reported must be in want, which shows the damage
	// was found by the check meant for it and everything else was sealed.
	only bool
}

// bombLimit is the MaxDecompressedBytes override of the bomb cases.
const bombLimit = 8 << 20

// faultGen derives damaged bundles from one valid bundle.
type faultGen struct {
	t     testing.TB
	good  []byte
	top   string
	ms    []tmember
	tar   []byte
	cases []faultCase
}

func (g *faultGen) add(class, name string, b []byte, want ...report.Code) *faultCase {
	g.cases = append(g.cases, faultCase{class: class, name: name, b: b, want: want})
	return &g.cases[len(g.cases)-1]
}

// genFaults returns the damaged bundles, in class order. good must hold
// release notes and at least 8 records in one shard.
func genFaults(t testing.TB, good []byte) []faultCase {
	g := &faultGen{t: t, good: good}
	g.top, g.ms = unpack(t, good)
	var err error
	if g.tar, err = decodeAll(good); err != nil {
		t.Fatal(err)
	}
	g.zstd()
	g.truncation()
	g.trailing()
	g.tarHeaders()
	g.tarPadding()
	g.members()
	g.paths()
	g.types()
	g.sizeLies()
	g.bombs()
	g.contentFlips()
	g.records()
	g.manifestLies()
	g.formatVersions()
	return g.cases
}

func flip(b []byte, off int, mask byte) []byte {
	c := bytes.Clone(b)
	c[off] ^= mask
	return c
}

// zstd: single-byte flips in the frame header, the blocks, the frame
// checksum and the trailer frame.
func (g *faultGen) zstd() {
	l := layoutOf(g.t, g.good)
	for off := 0; off < l.header; off++ {
		for _, mask := range []byte{0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80} {
			g.add("zstd-header-flip", fmt.Sprintf("byte %d ^ %#02x", off, mask), flip(g.good, off, mask))
		}
	}
	for i, off := range spread(l.header, l.checksum, 150) {
		mask := []byte{0x01, 0x80, 0xff}[i%3]
		g.add("zstd-block-flip", fmt.Sprintf("byte %d ^ %#02x", off, mask), flip(g.good, off, mask))
	}
	for off := l.checksum; off < l.trailer; off++ {
		for _, mask := range []byte{0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80} {
			g.add("zstd-checksum-flip", fmt.Sprintf("byte %d ^ %#02x", off, mask), flip(g.good, off, mask))
		}
	}
	for off := l.trailer; off < len(g.good); off++ {
		g.add("trailer-flip", fmt.Sprintf("byte %d ^ 0x01", off), flip(g.good, off, 0x01))
	}
}

// truncation at offsets spread over the file and at each of its last
// bytes.
func (g *faultGen) truncation() {
	offs := spread(0, len(g.good), 100)
	for n := len(g.good) - 24; n < len(g.good); n++ {
		offs = append(offs, n)
	}
	for _, n := range offs {
		g.add("truncation", fmt.Sprintf("first %d of %d bytes", n, len(g.good)), bytes.Clone(g.good[:n]))
	}
}

func (g *faultGen) trailing() {
	skippable := []byte{0x50, 0x2a, 0x4d, 0x18, 0, 0, 0, 0}
	for _, x := range []struct {
		name string
		b    []byte
	}{
		{"a zero byte", []byte{0}},
		{"a newline", []byte("\n")},
		{"text", []byte("garbage")},
		{"a zstd frame and trailer", compress(g.t, []byte("x"))},
		{"an empty skippable frame", skippable},
		{"a second trailer", g.good[layoutOf(g.t, g.good).trailer:]},
		{"the whole bundle again", g.good},
		{"2 MiB of zeros", make([]byte, 2<<20)},
	} {
		g.add("trailing-garbage", x.name, append(bytes.Clone(g.good), x.b...), report.TrailingData, report.Trailer, report.ZstdCorrupt)
	}
	// Inside the tar stream: data after the end-of-archive blocks.
	for _, x := range []string{"\x00", "x", strings.Repeat("\x00", 512), "more"} {
		g.add("trailing-garbage", fmt.Sprintf("%q after the tar end blocks", x[:1]),
			withTar(g.t, g.good, func(tb []byte) []byte { return append(tb, x...) }), report.TrailingData)
	}
}

// tarHeaders: a flipped bit in every field of every header (checksum not
// fixed), canonical-looking edits with the checksum fixed, and damage to
// the end-of-archive blocks.
func (g *faultGen) tarHeaders() {
	spans, end := tarSpans(g.t, g.tar)
	for _, sp := range spans {
		for _, f := range tarFields {
			off := sp.hdr + f.from
			g.add("tar-header-flip", fmt.Sprintf("%s: field %s", sp.name, f.name),
				withTar(g.t, g.good, func(tb []byte) []byte { tb[off] ^= 0x01; return tb }))
		}
		edits := []struct {
			name     string
			from, to int
			val      string
		}{
			{"mode 0755", 100, 108, "0000755"},
			{"uid 1000", 108, 116, "0001750"},
			{"uname root", 265, 297, "root"},
			{"gname root", 297, 329, "root"},
			{"GNU magic", 257, 265, "ustar  \x00"},
			{"mtime + 1", 136, 148, ""},
			{"linkname", 157, 257, "x"},
			{"devmajor", 329, 337, "0000001"},
			{"prefix", 345, 500, "a"},
		}
		for _, e := range edits {
			g.add("tar-header-edit", fmt.Sprintf("%s: %s, checksum fixed", sp.name, e.name),
				withTar(g.t, g.good, func(tb []byte) []byte {
					blk := tb[sp.hdr : sp.hdr+blockSize]
					val := e.val
					if e.name == "mtime + 1" {
						h, _ := parseHeader(blk)
						val = fmt.Sprintf("%011o", h.mtime+1)
					}
					setField(blk, e.from, e.to, val)
					return tb
				}))
		}
	}
	for _, off := range []int{0, 1, 100, 156, 257, 511, 512, 700, 1023} {
		g.add("tar-end-blocks", fmt.Sprintf("byte %d of the end blocks ^ 0x01", off),
			withTar(g.t, g.good, func(tb []byte) []byte { tb[end+off] ^= 1; return tb }))
	}
	g.add("tar-end-blocks", "one end block", withTar(g.t, g.good, func(tb []byte) []byte { return tb[:end+blockSize] }), report.TarCorrupt)
	g.add("tar-end-blocks", "no end blocks", withTar(g.t, g.good, func(tb []byte) []byte { return tb[:end] }), report.TarCorrupt)
	g.add("tar-end-blocks", "half an end block", withTar(g.t, g.good, func(tb []byte) []byte { return tb[:end+blockSize+256] }), report.TarCorrupt)
}

// tarPadding: a non-zero byte in the padding after each member.
func (g *faultGen) tarPadding() {
	spans, _ := tarSpans(g.t, g.tar)
	for _, sp := range spans {
		padFrom := sp.data + sp.size
		if padFrom == sp.end {
			continue
		}
		for _, off := range []int{padFrom, sp.end - 1} {
			g.add("tar-padding", fmt.Sprintf("%s: padding byte %d", sp.name, off-padFrom),
				withTar(g.t, g.good, func(tb []byte) []byte { tb[off] = 'x'; return tb }), report.TarCorrupt)
		}
	}
}

// members: added, removed, renamed, reordered, duplicated and case-fold
// twins, with the BagIt manifests and Oxum recomputed.
func (g *faultGen) members() {
	ms := g.ms
	insert := func(at int, m tmember) []tmember {
		c := cloneMembers(ms)
		return append(c[:at:at], append([]tmember{m}, c[at:]...)...)
	}
	reg := func(name string) tmember { return tmember{name: name, typeflag: tar.TypeReg, body: []byte("x\n")} }
	for _, name := range []string{"data/extra.txt", "extra.txt", "data/records/x.jsonl", "data/records/000000.jsonl.gz",
		"data/manifest.json.bak", "data/records/000001.jsonl", "data/schema/other.json", ".hidden"} {
		for _, at := range []int{0, 2, len(ms)} {
			g.add("member-added", fmt.Sprintf("%s at %d", name, at), pack(g.t, g.top, insert(at, reg(name)), true))
		}
	}
	for i, m := range ms {
		c := cloneMembers(ms)
		c = append(c[:i], c[i+1:]...)
		g.add("member-removed", m.name+", bag not fixed", pack(g.t, g.top, c, false))
		if m.name != pathNotes { // release notes are optional
			g.add("member-removed", m.name+", bag fixed", pack(g.t, g.top, cloneMembers(c), true))
		}
	}
	for i, m := range ms {
		for _, to := range []string{strings.ToUpper(m.name[:1]) + m.name[1:], m.name + "~", "data/x/" + m.name[strings.LastIndex(m.name, "/")+1:]} {
			c := cloneMembers(ms)
			c[i].name = to
			g.add("member-renamed", m.name+" to "+to, pack(g.t, g.top, c, true))
		}
	}
	for i := 0; i+1 < len(ms); i++ {
		c := cloneMembers(ms)
		c[i], c[i+1] = c[i+1], c[i]
		g.add("member-reordered", fmt.Sprintf("swap %s and %s", ms[i].name, ms[i+1].name), pack(g.t, g.top, c, true), report.MemberOrder)
	}
	rev := cloneMembers(ms)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	g.add("member-reordered", "all reversed", pack(g.t, g.top, rev, true), report.MemberOrder)
	for i, m := range ms {
		g.add("member-duplicated", m.name, pack(g.t, g.top, insert(i+1, m), true), report.ExtraMember)
	}
	for i, m := range ms {
		twin := tmember{name: strings.ToUpper(m.name), typeflag: tar.TypeReg, body: m.body}
		g.add("case-fold-twin", twin.name+" after "+m.name, pack(g.t, g.top, insert(i+1, twin), true), report.BadMember)
	}
}

// paths: absolute, "..", "." and other unsafe member paths.
func (g *faultGen) paths() {
	top := g.top
	for _, name := range []string{"/etc/passwd", "/" + top + "/data/x", "../x", top + "/../x", top + "/data/../../x",
		top + "/./bagit.txt", top + "//x", top + "/data\\x", top + "/C:x", top + "/a\x01b", top + "/\xff.txt",
		"other/bagit.txt", top + "/data/", top + "/.."} {
		c := cloneMembers(g.ms)
		c = append(c[:1:1], append([]tmember{{name: "x", typeflag: tar.TypeReg, body: []byte("x")}}, c[1:]...)...)
		// The name is set in the raw header: archive/tar refuses to
		// write some of these.
		g.add("unsafe-path", fmt.Sprintf("%q", name), withTar(g.t, pack(g.t, top, c, true), func(tb []byte) []byte {
			spans, _ := tarSpans(g.t, tb)
			setField(tb[spans[1].hdr:], 0, 100, name)
			return tb
		}), report.BadMember)
	}
}

// types: links, devices, FIFOs, directories and extended headers, as new
// members and in place of a required one.
func (g *faultGen) types() {
	top := g.top
	kinds := []struct {
		name string
		set  func(h *tar.Header)
	}{
		{"symlink to /etc/passwd", func(h *tar.Header) { h.Typeflag, h.Linkname = tar.TypeSymlink, "/etc/passwd" }},
		{"symlink to ../../x", func(h *tar.Header) { h.Typeflag, h.Linkname = tar.TypeSymlink, "../../x" }},
		{"hard link to bagit.txt", func(h *tar.Header) { h.Typeflag, h.Linkname = tar.TypeLink, top+"/bagit.txt" }},
		{"hard link to /etc/shadow", func(h *tar.Header) { h.Typeflag, h.Linkname = tar.TypeLink, "/etc/shadow" }},
		{"character device", func(h *tar.Header) { h.Typeflag, h.Devmajor, h.Devminor = tar.TypeChar, 1, 3 }},
		{"block device", func(h *tar.Header) { h.Typeflag, h.Devmajor, h.Devminor = tar.TypeBlock, 8, 0 }},
		{"FIFO", func(h *tar.Header) { h.Typeflag = tar.TypeFifo }},
		{"directory", func(h *tar.Header) { h.Typeflag, h.Name = tar.TypeDir, h.Name+"/" }},
		{"PAX header", func(h *tar.Header) { h.Format, h.PAXRecords = tar.FormatPAX, map[string]string{"comment": "evil"} }},
		{"GNU long name", func(h *tar.Header) { h.Format, h.Name = tar.FormatGNU, top+"/data/"+strings.Repeat("n", 120) }},
	}
	for _, k := range kinds {
		c := cloneMembers(g.ms)
		c = append(c[:1:1], append([]tmember{{name: "data/special", typeflag: tar.TypeReg, body: []byte("x")}}, c[1:]...)...)
		g.add("link-device-fifo", k.name+", added", packWith(g.t, top, c, true, func(i int, h *tar.Header) {
			if i == 1 {
				k.set(h)
				if h.Typeflag != tar.TypeReg {
					h.Size = 0
				}
			}
		}))
		for _, replaced := range []string{pathBagInfo, shardPath(0)} {
			ri := find(g.ms, replaced)
			g.add("link-device-fifo", k.name+" as "+replaced, packWith(g.t, top, cloneMembers(g.ms), true, func(i int, h *tar.Header) {
				if i == ri {
					k.set(h)
					if h.Typeflag != tar.TypeReg {
						h.Size = 0
					}
				}
			}))
		}
	}
}

// sizeLies: a header whose size field lies, checksum fixed.
func (g *faultGen) sizeLies() {
	spans, _ := tarSpans(g.t, g.tar)
	for _, sp := range spans {
		for _, lie := range []struct {
			name string
			val  string
		}{
			{"+1", fmt.Sprintf("%011o", sp.size+1)},
			{"-1", fmt.Sprintf("%011o", max(sp.size-1, 0))},
			{"+512", fmt.Sprintf("%011o", sp.size+512)},
			{"0", fmt.Sprintf("%011o", 0)},
			{"8 GiB", "77777777777"},
			{"not octal", "0000000009x"},
		} {
			if lie.val == fmt.Sprintf("%011o", sp.size) {
				continue
			}
			g.add("size-lie", fmt.Sprintf("%s: size %s", sp.name, lie.name), withTar(g.t, g.good, func(tb []byte) []byte {
				setField(tb[sp.hdr:sp.hdr+blockSize], 124, 136, lie.val)
				return tb
			}))
		}
	}
}

// bombs: a few KB that expand past the limit (lowered to bombLimit so
// the test is fast), a manifest head past MaxManifestHeadBytes and more
// than MaxMembers members, at the default limits.
func (g *faultGen) bombs() {
	set := func(name string, body []byte) []byte {
		c := cloneMembers(g.ms)
		c[find(c, name)].body = body
		return pack(g.t, g.top, c, true)
	}
	for _, x := range []struct {
		name string
		b    []byte
	}{
		{"shard of 24 MiB of zeros", set(shardPath(0), make([]byte, 24<<20))},
		{"release notes of 12 MiB", set(pathNotes, bytes.Repeat([]byte("a"), 12<<20))},
		{"manifest padded with 12 MiB of spaces", set(pathManifest, append(bytes.Repeat([]byte(" "), 12<<20), g.ms[find(g.ms, pathManifest)].body...))},
		{"12 MiB of zeros after the tar", withTar(g.t, g.good, func(tb []byte) []byte { return append(tb, make([]byte, 12<<20)...) })},
	} {
		c := g.add("decompression-bomb", x.name, x.b, report.TooBig)
		c.max = bombLimit
	}
	manifest := string(g.ms[find(g.ms, pathManifest)].body)
	g.add("decompression-bomb", "manifest head over MaxManifestHeadBytes",
		set(pathManifest, []byte(strings.Replace(manifest, `"shards": [`, `"shards": [`+strings.Repeat("{},", MaxManifestHeadBytes/3+1), 1))), report.ManifestInvalid)
	for _, x := range []struct{ name, from, to string }{
		{"16 MiB of spaces in the records list", "\"records\": [\n", "\"records\": [\n" + strings.Repeat(" ", 16<<20)},
		{"16 MiB of spaces in the manifest head", "{\n", "{\n" + strings.Repeat(" ", 16<<20)},
		{"a record id of 16 MiB in the records list", `{"id": "doc-000000"`, `{"id": "doc-000000` + strings.Repeat("a", 16<<20) + `"`},
		{"a number of 16 MiB digits", `"record_count": `, `"record_count": ` + strings.Repeat("1", 16<<20)},
	} {
		g.add("decompression-bomb", x.name, set(pathManifest, []byte(strings.Replace(manifest, x.from, x.to, 1))), report.ManifestInvalid).only = true
	}
	g.add("decompression-bomb", "shard over MaxShardBytes", set(shardPath(0), make([]byte, MaxShardBytes+1)), report.TooBig)
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	for i := 0; i <= MaxMembers; i++ {
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: g.top + "/bagit.txt", Mode: 0o644, Format: tar.FormatUSTAR})
	}
	tw.Close()
	// Each member is also a duplicate, so the report fills up
	// (report.DefaultLimit) before the member limit is reached; the
	// report still keeps the first problem of every code past its limit,
	// so the cause (Q303, too many members) must be there.
	g.add("decompression-bomb", fmt.Sprintf("%d members", MaxMembers+1), compress(g.t, tb.Bytes()), report.TooBig)
}

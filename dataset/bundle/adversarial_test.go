package bundle

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
)

// tmember is a tar member of a test bundle, path relative to the top.
type tmember struct {
	name     string
	typeflag byte
	body     []byte
}

// unpack decompresses a bundle and splits its tar into members.
func unpack(t testing.TB, b []byte) (top string, ms []tmember) {
	t.Helper()
	dec, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer dec.Close()
	raw, err := dec.DecodeAll(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(bytes.NewReader(raw))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return top, ms
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(tr)
		tp, rel, _ := strings.Cut(h.Name, "/")
		top = tp
		ms = append(ms, tmember{name: rel, typeflag: h.Typeflag, body: body})
	}
}

var (
	oxumRE    = regexp.MustCompile(`Payload-Oxum: [0-9.]+\n`)
	bagSizeRE = regexp.MustCompile(`Bag-Size: [0-9.]+ [KMGT]?B\n`)
)

// pack writes members as a bundle with quire's tar and zstd settings. If
// fix is set, the BagIt manifests and Payload-Oxum are recomputed, so
// the only problems are the ones a test put in.
func pack(t testing.TB, top string, ms []tmember, fix bool) []byte {
	t.Helper()
	return packWith(t, top, ms, fix, nil)
}

// packWith is pack with a hook that may change member i's header (type,
// full name, link name, device numbers, format) before it is written.
func packWith(t testing.TB, top string, ms []tmember, fix bool, tweak func(i int, h *tar.Header)) []byte {
	t.Helper()
	if fix {
		var payload []fileSum
		var size int64
		for _, m := range ms {
			if strings.HasPrefix(m.name, "data/") && m.typeflag == tar.TypeReg {
				payload = append(payload, fileSum{path: m.name, sum: sum(m.body), size: int64(len(m.body))})
				size += int64(len(m.body))
			}
		}
		tags := map[string]string{}
		for i := range ms {
			switch ms[i].name {
			case pathBagInfo:
				ms[i].body = oxumRE.ReplaceAll(ms[i].body, fmt.Appendf(nil, "Payload-Oxum: %d.%d\n", size, len(payload)))
				ms[i].body = bagSizeRE.ReplaceAll(ms[i].body, fmt.Appendf(nil, "Bag-Size: %s\n", bagSize(size)))
			case pathManifestSHA:
				ms[i].body = bagManifest(payload)
			case pathTagManifest:
				list := []fileSum{{path: pathBagIt, sum: tags[pathBagIt]}, {path: pathBagInfo, sum: tags[pathBagInfo]}, {path: pathManifestSHA, sum: tags[pathManifestSHA]}}
				if s, ok := tags[pathCard]; ok {
					list = append(list, fileSum{path: pathCard, sum: s})
				}
				ms[i].body = bagManifest(list)
			}
			tags[ms[i].name] = sum(ms[i].body)
		}
	}
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	for i, m := range ms {
		h := &tar.Header{Typeflag: m.typeflag, Name: top + "/" + m.name, Size: int64(len(m.body)), Mode: 0o644, ModTime: time.Unix(1700000000, 0), Format: tar.FormatUSTAR}
		if m.typeflag == tar.TypeSymlink {
			h.Size, h.Linkname = 0, "/etc/passwd"
		}
		if tweak != nil {
			tweak(i, h)
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Size > 0 {
			tw.Write(m.body)
		}
	}
	tw.Close()
	return compress(t, tb.Bytes())
}

func compress(t testing.TB, tarBytes []byte) []byte {
	t.Helper()
	// Cut where format 2 cuts: before each shard's and the manifest's
	// header (the tar is walked as tarSpans does, but leniently: a test
	// may hand over a damaged stream).
	var cuts []int
	for off := 0; off+blockSize <= len(tarBytes); {
		blk := tarBytes[off : off+blockSize]
		h, err := parseHeader(blk)
		if err != nil || allZero(blk) {
			break
		}
		if _, rel, ok := strings.Cut(h.name, "/"); ok {
			if k, _ := lookupMember(rel); (k == mShard || k == mManifest) && off > 0 {
				cuts = append(cuts, off)
			}
		}
		off += blockSize + int(h.size+blockSize-1)/blockSize*blockSize
	}
	cuts = append(cuts, len(tarBytes))
	var out bytes.Buffer
	var frames []Frame
	from := 0
	for _, to := range cuts {
		if to <= from {
			continue
		}
		var f bytes.Buffer
		zw, err := newEncoder(&f)
		if err != nil {
			t.Fatal(err)
		}
		zw.Write(tarBytes[from:to])
		zw.Close()
		frames = append(frames, Frame{TarBytes: int64(to - from), Bytes: int64(f.Len()), SHA256: sum(f.Bytes())})
		out.Write(f.Bytes())
		from = to
	}
	out.Write(trailerFrame(Trailer{Format: Format, TarBytes: int64(len(tarBytes)), TarSHA256: sum(tarBytes), Frames: frames}))
	return out.Bytes()
}

func find(ms []tmember, name string) int {
	for i, m := range ms {
		if m.name == name {
			return i
		}
	}
	panic("no member " + name)
}

func hasCode(rep *report.Report, c report.Code) bool {
	for _, p := range rep.Problems {
		if p.Code == c {
			return true
		}
	}
	return false
}

func TestPackReproduces(t *testing.T) {
	b := build(t, testOptions(t), testRecords(5))
	top, ms := unpack(t, b)
	if got := pack(t, top, ms, true); !bytes.Equal(got, b) {
		t.Fatalf("pack(unpack(b)) differs from b: the test harness is not faithful")
	}
}

func TestAdversarial(t *testing.T) {
	good := build(t, testOptions(t), testRecords(5))
	shard := "data/records/000000.jsonl"
	line := func(mod func(*record.Record)) []byte {
		r := testRecords(1)[0]
		mod(r)
		b, err := record.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	lines := func(ms []tmember) [][]byte {
		return bytes.SplitAfter(ms[find(ms, shard)].body, []byte("\n"))[:5]
	}
	tests := []struct {
		name string
		want report.Code
		mod  func(ms []tmember) []tmember
		raw  func(b []byte) []byte // instead of mod
		opts CheckOptions
	}{
		{"schema", report.SchemaViolation, func(ms []tmember) []tmember {
			l := lines(ms)
			l[0] = append(line(func(r *record.Record) { r.Published = str("yesterday") }), '\n')
			ms[find(ms, shard)].body = bytes.Join(l, nil)
			return ms
		}, nil, CheckOptions{}},
		{"duplicate id", report.DuplicateID, func(ms []tmember) []tmember {
			l := lines(ms)
			l[1] = l[0]
			ms[find(ms, shard)].body = bytes.Join(l, nil)
			return ms
		}, nil, CheckOptions{}},
		{"unsorted", report.Unsorted, func(ms []tmember) []tmember {
			l := lines(ms)
			l[1], l[2] = l[2], l[1]
			ms[find(ms, shard)].body = bytes.Join(l, nil)
			return ms
		}, nil, CheckOptions{}},
		{"not canonical", report.NotCanonical, func(ms []tmember) []tmember {
			l := lines(ms)
			l[0] = append([]byte(" "), l[0]...)
			ms[find(ms, shard)].body = bytes.Join(l, nil)
			return ms
		}, nil, CheckOptions{}},
		{"dotdot", report.BadMember, func(ms []tmember) []tmember {
			return append(ms[:1:1], append([]tmember{{name: "../evil", typeflag: tar.TypeReg, body: []byte("x")}}, ms[1:]...)...)
		}, nil, CheckOptions{}},
		{"symlink", report.BadMember, func(ms []tmember) []tmember {
			return append(ms[:1:1], append([]tmember{{name: "data/link", typeflag: tar.TypeSymlink}}, ms[1:]...)...)
		}, nil, CheckOptions{}},
		{"case twin", report.BadMember, func(ms []tmember) []tmember {
			return append(ms[:1:1], append([]tmember{{name: "BAGIT.txt", typeflag: tar.TypeReg, body: []byte("x")}}, ms[1:]...)...)
		}, nil, CheckOptions{}},
		{"extra", report.ExtraMember, func(ms []tmember) []tmember {
			return append(ms[:2:2], append([]tmember{{name: "data/extra.txt", typeflag: tar.TypeReg, body: []byte("x")}}, ms[2:]...)...)
		}, nil, CheckOptions{}},
		{"missing", report.MissingMember, func(ms []tmember) []tmember {
			i := find(ms, pathBagInfo)
			return append(ms[:i:i], ms[i+1:]...)
		}, nil, CheckOptions{}},
		{"order", report.MemberOrder, func(ms []tmember) []tmember {
			ms[0], ms[1] = ms[1], ms[0]
			return ms
		}, nil, CheckOptions{}},
		{"count lie", report.ManifestInvalid, func(ms []tmember) []tmember {
			i := find(ms, pathManifest)
			ms[i].body = bytes.Replace(ms[i].body, []byte(`"record_count": 5`), []byte(`"record_count": 6`), 1)
			return ms
		}, nil, CheckOptions{}},
		{"format version", report.FormatVersion, func(ms []tmember) []tmember {
			i := find(ms, pathManifest)
			ms[i].body = bytes.Replace(ms[i].body, []byte(Format), []byte("quire-bundle/9"), 1)
			return ms
		}, nil, CheckOptions{}},
		{"permissive schema", report.SchemaMismatch, func(ms []tmember) []tmember {
			i := find(ms, pathSchema)
			ms[i].body = bytes.Replace(ms[i].body, []byte(`"additionalProperties": false`), []byte(`"additionalProperties": true `), 1)
			return ms
		}, nil, CheckOptions{}},
		{"line too long", report.RecordTooLong, func(ms []tmember) []tmember {
			l := lines(ms)
			l[0] = append(bytes.Repeat([]byte("x"), MaxLineBytes+1), '\n')
			ms[find(ms, shard)].body = bytes.Join(l, nil)
			return ms
		}, nil, CheckOptions{}},
		{"bomb member", report.TooBig, func(ms []tmember) []tmember {
			ms[find(ms, shard)].body = make([]byte, MaxShardBytes+1)
			return ms
		}, nil, CheckOptions{}},
		{"bomb stream", report.TooBig, func(ms []tmember) []tmember {
			ms[find(ms, shard)].body = make([]byte, 2<<20)
			return ms
		}, nil, CheckOptions{MaxDecompressedBytes: 1 << 20}},
		{"bag checksum", report.ChecksumMismatch, nil, func(b []byte) []byte {
			top, ms := unpack(t, b)
			i := find(ms, pathManifestSHA)
			ms[i].body = bytes.Replace(ms[i].body, []byte("  data/manifest.json"), []byte("  data/manifest.json"), 1)
			ms[i].body[0] ^= 1
			return pack(t, top, ms, false)
		}, CheckOptions{}},
		{"oxum", report.Oxum, nil, func(b []byte) []byte {
			top, ms := unpack(t, b)
			i := find(ms, pathBagInfo)
			ms[i].body = oxumRE.ReplaceAll(ms[i].body, []byte("Payload-Oxum: 1.1\n"))
			return pack(t, top, ms, false)
		}, CheckOptions{}},
		{"trailer", report.Trailer, nil, func(b []byte) []byte {
			return withTrailer(t, b, func(x *Trailer) { x.TarSHA256 = strings.Repeat("0", 64) })
		}, CheckOptions{}},
		{"trailing garbage", report.TrailingData, nil, func(b []byte) []byte {
			return append(append([]byte(nil), b...), "garbage"...)
		}, CheckOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b []byte
			if tt.raw != nil {
				b = tt.raw(good)
			} else {
				top, ms := unpack(t, good)
				b = pack(t, top, tt.mod(ms), true)
			}
			rep, _, err := Check(bytes.NewReader(b), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !hasCode(rep, tt.want) {
				t.Errorf("want %v, got:\n%s", tt.want, problems(rep))
			}
			if _, err := Open(bytes.NewReader(b), tt.opts); err == nil {
				rd, _ := Open(bytes.NewReader(b), tt.opts)
				for err == nil {
					_, _, err = rd.Next()
				}
				if err == io.EOF {
					t.Errorf("Reader read the bundle without an error")
				}
			}
		})
	}
}

func problems(rep *report.Report) string {
	var b strings.Builder
	for _, p := range rep.Problems {
		fmt.Fprintln(&b, p)
	}
	return b.String()
}

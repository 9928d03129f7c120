package bundle

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/quire-archive/quire/dataset/report"
)

// checkBytes runs Check on a bundle's bytes.
func checkBytes(t *testing.T, b []byte, opts CheckOptions) *report.Report {
	t.Helper()
	rep, _, err := Check(bytes.NewReader(b), opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func readFixture(t *testing.T, dir string) (b []byte, sidecar string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", dir, "dataset-0.1.0.tar.zst"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.ReadFile(filepath.Join("testdata", dir, "dataset-0.1.0.tar.zst.sha256"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := ParseChecksumFile(s, "dataset-0.1.0.tar.zst")
	if err != nil {
		t.Fatal(err)
	}
	return b, sum
}

// codes lists the codes of a report's problems.
func codes(rep *report.Report) []string {
	var c []string
	for _, p := range rep.Problems {
		c = append(c, p.Code.ID())
	}
	return c
}

// TestV1FixtureValidForever: a quire-bundle/1 bundle written by quire
// before format 2 (testdata/v1, the seeds) validates at every level, and
// its records read back, whatever zstd library this quire links: with
// the library that wrote it its frame is re-encoded and must match; with
// another, the only thing reported is the Q311 warning, which the
// bundle's .sha256 file settles.
func TestV1FixtureValidForever(t *testing.T) {
	b, sidecar := readFixture(t, "v1")
	m, err := ReadManifest(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if m.Format != FormatV1 || m.Compression.Frames != "" {
		t.Fatalf("fixture format %q frames %q, want %q and none", m.Format, m.Compression.Frames, FormatV1)
	}
	sameLibrary := m.Compression.LibraryVersion == zstdLibraryVersion
	for _, level := range []Level{LevelFast, LevelComplete, LevelFull} {
		rep := checkBytes(t, b, CheckOptions{Level: level})
		if rep.HasErrors() {
			t.Errorf("level %v: %v", level, rep.Problems)
		}
		for _, p := range rep.Problems {
			if p.Code != report.BytesUnverified || sameLibrary || level != LevelFull {
				t.Errorf("level %v: unexpected %v", level, p)
			}
		}
		if rep := checkBytes(t, b, CheckOptions{Level: level, FileSHA256: sidecar}); len(rep.Problems) > 0 {
			t.Errorf("level %v with its .sha256: %v", level, rep.Problems)
		}
	}
	rd, err := Open(bytes.NewReader(b), CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := countRecords(t, rd)
	if int64(n) != m.RecordCount || n == 0 {
		t.Errorf("read %d records, the manifest says %d", n, m.RecordCount)
	}
	// FormatV1's rule has teeth while the library is the same: a frame
	// re-encoded at another level, content unchanged, is refused.
	if sameLibrary {
		tb, err := decodeAll(b)
		if err != nil {
			t.Fatal(err)
		}
		var other bytes.Buffer
		zw, _ := zstd.NewWriter(&other, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderCRC(true), zstd.WithWindowSize(MaxWindowBytes))
		zw.Write(tb)
		zw.Close()
		other.Write(b[bytes.LastIndex(b, []byte{0x5e, 0x2a, 0x4d, 0x18}):])
		rep := checkBytes(t, other.Bytes(), CheckOptions{})
		if !hasCode(rep, report.Compression) {
			t.Errorf("re-encoded quire-bundle/1 frame: want Q310, got %v", codes(rep))
		}
	}
}

// TestOtherEncoderFixture: the seeds' bundle written by quire built
// against klauspost/compress v1.17.11 (testdata/zstd-v1.17.11, see its
// README) validates at every level with no problem at all, although its
// compressed bytes are not what this quire's encoder writes.
func TestOtherEncoderFixture(t *testing.T) {
	b, sidecar := readFixture(t, "zstd-v1.17.11")
	for _, level := range []Level{LevelFast, LevelComplete, LevelFull} {
		for _, sum := range []string{"", sidecar} {
			if rep := checkBytes(t, b, CheckOptions{Level: level, FileSHA256: sum}); len(rep.Problems) > 0 {
				t.Errorf("level %v, sidecar %t: %v", level, sum != "", rep.Problems)
			}
		}
	}
	m, err := ReadManifest(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if m.Format != Format || m.Compression.LibraryVersion != "v1.17.11" {
		t.Fatalf("fixture is %s written with %s, want %s with v1.17.11", m.Format, m.Compression.LibraryVersion, Format)
	}
	// The fixture is worth having only if this quire's encoder writes
	// some frame of it differently.
	fr := newFrameReader(bufio.NewReader(bytes.NewReader(b)))
	differs := false
	for {
		data, err := io.ReadAll(fr)
		if err != nil {
			t.Fatal(err)
		}
		tb, err := decodeAll(data)
		if err != nil {
			t.Fatal(err)
		}
		var ours bytes.Buffer
		zw, _ := newEncoder(&ours)
		zw.Write(tb)
		zw.Close()
		differs = differs || !bytes.Equal(ours.Bytes(), data)
		if !fr.next() {
			break
		}
	}
	if !differs && runtime.GOARCH == "amd64" {
		t.Error("every frame of the fixture is what this quire's encoder writes: it no longer tests another encoder")
	}
}

// recompressed decodes a bundle and compresses its tar stream again as
// one frame at another level, without a trailer, as `zstd -dc B | zstd
// -19` does.
func recompressed(t *testing.T, b []byte) []byte { return recompressedOf(t, b) }

func recompressedOf(t testing.TB, b []byte) []byte {
	t.Helper()
	tb, err := decodeAll(b)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw, err := zstd.NewWriter(&out, zstd.WithEncoderLevel(zstd.SpeedBestCompression), zstd.WithEncoderCRC(true), zstd.WithWindowSize(MaxWindowBytes))
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(tb)
	zw.Close()
	return out.Bytes()
}

// TestRecompressedCopyWarns: a content-identical copy without the
// trailer is valid content with one Q311 warning (an error with
// -strict, which report.Strict makes of it); the release's .sha256 makes
// it an error (Q312), its own .sha256 settles the warning.
func TestRecompressedCopyWarns(t *testing.T) {
	good := build(t, testOptions(t), articleRecords(300, 3000))
	c := recompressed(t, good)
	rep := checkBytes(t, c, CheckOptions{})
	if got := codes(rep); len(got) != 1 || got[0] != "Q311" || rep.HasErrors() {
		t.Fatalf("recompressed copy: %v, want one Q311 warning", rep.Problems)
	}
	rep.Strict()
	if !rep.HasErrors() {
		t.Error("-strict: the warning is not an error")
	}
	rel := sha256.Sum256(good)
	if rep := checkBytes(t, c, CheckOptions{FileSHA256: hex.EncodeToString(rel[:])}); !hasCode(rep, report.FileChecksum) {
		t.Errorf("copy checked against the release's .sha256: %v, want Q312", codes(rep))
	}
	own := sha256.Sum256(c)
	if rep := checkBytes(t, c, CheckOptions{FileSHA256: hex.EncodeToString(own[:])}); len(rep.Problems) > 0 {
		t.Errorf("copy checked against its own .sha256: %v", rep.Problems)
	}
	// The reference tool, where installed.
	if _, err := exec.LookPath("zstd"); err == nil {
		cmd := exec.Command("sh", "-c", "zstd -dc | zstd -19 -q -c")
		cmd.Stdin = bytes.NewReader(good)
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := codes(checkBytes(t, out, CheckOptions{})); len(got) != 1 || got[0] != "Q311" {
			t.Errorf("zstd -dc | zstd -19: %v, want one Q311 warning", got)
		}
	}
}

// TestStaleTrailerIsError: frames that do not match a trailer that is
// there are damage, not a copy: a frame re-encoded with the old trailer
// kept, or one decoding to the same content with a byte changed, is
// refused (Q310) — the trailer claims the release's bytes.
func TestStaleTrailerIsError(t *testing.T) {
	good := build(t, testOptions(t), articleRecords(300, 3000))
	l := layoutOf(t, good)
	c := append(recompressed(t, good), good[l.trailer:]...)
	rep := checkBytes(t, c, CheckOptions{})
	if !hasCode(rep, report.Compression) || hasCode(rep, report.BytesUnverified) {
		t.Errorf("re-encoded frames under the release's trailer: %v, want Q310 and no Q311", codes(rep))
	}
	// A trailer that lists other frames, with the content's own tar sum.
	other := withTrailer(t, good, func(x *Trailer) { x.Frames[0].SHA256 = strings.Repeat("0", 64) })
	if rep := checkBytes(t, other, CheckOptions{Level: LevelFast}); !hasCode(rep, report.Compression) {
		t.Errorf("trailer with a wrong frame digest: %v, want Q310", codes(rep))
	}
}

// TestFramesPerShard: format 2 cuts a frame before each shard and before
// the manifest, whatever the number of cores (the bytes are the same
// with 1 and 4), and a bundle cut otherwise (with a trailer that matches
// it) is refused.
func TestFramesPerShard(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40 MB")
	}
	rs := testRecords(5)
	for _, r := range rs {
		r.Text = strings.Repeat("word ", 7<<20/5) // two shards
	}
	opts := testOptions(t)
	prev := runtime.GOMAXPROCS(1)
	good := build(t, opts, rs)
	runtime.GOMAXPROCS(4)
	if four := build(t, opts, rs); !bytes.Equal(four, good) {
		t.Error("GOMAXPROCS 1 and 4 write different bytes")
	}
	runtime.GOMAXPROCS(prev)
	tb, err := decodeAll(good)
	if err != nil {
		t.Fatal(err)
	}
	spans, _ := tarSpans(t, tb)
	want := []int64{}
	for _, sp := range spans {
		if _, rel, _ := strings.Cut(sp.name, "/"); rel == pathManifest || isShard(rel) {
			want = append(want, int64(sp.hdr))
		}
	}
	want = append(want, int64(len(tb)))
	var x Trailer
	if err := jsonUnmarshal(good[layoutOf(t, good).trailer+8:], &x); err != nil {
		t.Fatal(err)
	}
	var ends []int64
	var end int64
	for _, f := range x.Frames {
		end += f.TarBytes
		ends = append(ends, end)
	}
	if len(ends) != len(want) || len(ends) != 4 {
		t.Fatalf("frames end at %v, want %v", ends, want)
	}
	for i := range ends {
		if ends[i] != want[i] {
			t.Fatalf("frames end at %v, want %v", ends, want)
		}
	}
	// One frame for everything, with a trailer that says so.
	var one bytes.Buffer
	zw, _ := newEncoder(&one)
	zw.Write(tb)
	zw.Close()
	s := sha256.Sum256(one.Bytes())
	f := Frame{TarBytes: int64(len(tb)), Bytes: int64(one.Len()), SHA256: hex.EncodeToString(s[:])}
	one.Write(trailerFrame(Trailer{Format: Format, TarBytes: int64(len(tb)), TarSHA256: sum(tb), Frames: []Frame{f}}))
	if rep := checkBytes(t, one.Bytes(), CheckOptions{}); !hasCode(rep, report.Compression) {
		t.Errorf("one frame with a matching trailer: %v, want Q310 (frames are cut by the format's rule)", codes(rep))
	}
}

// TestParseChecksumFile reads what quire build writes and refuses the rest.
func TestParseChecksumFile(t *testing.T) {
	h := strings.Repeat("ab", 32)
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{h + "  b.tar.zst\n", true},
		{h + " *b.tar.zst\n", true},
		{strings.ToUpper(h) + "  b.tar.zst\n", true},
		{h + "  b.tar.zst", true},
		{h + "  c.tar.zst\n", false},
		{h + " b.tar.zst\n", false},
		{h[:62] + "  b.tar.zst\n", false},
		{h + "  b.tar.zst\n" + h + "  b.tar.zst\n", false},
		{"", false},
	} {
		got, err := ParseChecksumFile([]byte(tt.in), "b.tar.zst")
		if (err == nil) != tt.ok || (tt.ok && got != h) {
			t.Errorf("ParseChecksumFile(%q) = %q, %v; want ok %t", tt.in, got, err, tt.ok)
		}
	}
}

// FuzzParseChecksumFile: no panic, and a digest it accepts is 64
// lowercase hex digits that read back from the line quire build writes.
func FuzzParseChecksumFile(f *testing.F) {
	f.Add([]byte(strings.Repeat("ab", 32)+"  b.tar.zst\n"), "b.tar.zst")
	f.Add([]byte(strings.Repeat("AB", 32)+" *b.tar.zst"), "b.tar.zst")
	f.Add([]byte("x  b\n"), "b")
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		sum, err := ParseChecksumFile(b, name)
		if err != nil {
			return
		}
		if !hexRE.MatchString(sum) {
			t.Fatalf("digest %q", sum)
		}
		if again, err := ParseChecksumFile([]byte(sum+"  "+name+"\n"), name); err != nil || again != sum {
			t.Fatalf("the canonical line does not read back: %q %v", again, err)
		}
	})
}

// The line the writers write is the line the checker reads.
func TestChecksumLineRoundTrip(t *testing.T) {
	h := strings.Repeat("0f", 32)
	got, err := ParseChecksumFile([]byte(ChecksumLine(h, "d-1.0.0.tar.zst")), "d-1.0.0.tar.zst")
	if err != nil || got != h {
		t.Fatalf("ParseChecksumFile(ChecksumLine(...)) = %q, %v; want %q", got, err, h)
	}
}

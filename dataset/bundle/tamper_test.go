package bundle

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/quire-archive/quire/internal/interop"
)

// TestTamper flips bytes across the whole bundle (zstd header, blocks,
// checksum, trailer), truncates it and appends to it: every change must
// be reported, and nothing may panic.
func TestTamper(t *testing.T) {
	good := build(t, testOptions(t), testRecords(20))
	check := func(what string, b []byte) {
		t.Helper()
		rep, _, err := Check(bytes.NewReader(b), CheckOptions{})
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !rep.HasErrors() {
			t.Errorf("%s: no problem reported", what)
		}
	}
	offsets := map[int]bool{}
	for i := 0; i < 16 && i < len(good); i++ {
		offsets[i] = true // frame header and first block header
	}
	for i := len(good) - 120; i < len(good); i++ {
		offsets[i] = true // end of the last block, checksum, trailer
	}
	for i := 0; i < len(good); i += len(good)/150 + 1 {
		offsets[i] = true
	}
	for off := range offsets {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			b := bytes.Clone(good)
			b[off] ^= mask
			check("flip byte "+itoa(off), b)
		}
	}
	for n := 0; n < len(good); n += len(good)/100 + 1 {
		check("truncate at "+itoa(n), good[:n])
	}
	check("truncate last byte", good[:len(good)-1])
	check("append zstd frame", append(bytes.Clone(good), compress(t, []byte("x"))...))
	check("append zero", append(bytes.Clone(good), 0))
}

func itoa(n int) string { return strconv.Itoa(n) }

func fmtInt(n int) string { return strconv.Itoa(n) }

// TestDeterminism writes the same records under different GOMAXPROCS,
// time zones and umasks and wants the same bytes.
func TestDeterminism(t *testing.T) {
	rs := testRecords(50)
	want := build(t, testOptions(t), rs)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	defer func(l *time.Location) { time.Local = l }(time.Local)
	for i, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		time.Local = time.FixedZone("X", (i*7-5)*3600)
		old := syscall.Umask([]int{0o022, 0o077, 0o000}[i])
		got := build(t, testOptions(t), rs)
		syscall.Umask(old)
		if !bytes.Equal(got, want) {
			t.Errorf("GOMAXPROCS=%d: bundle differs", procs)
		}
	}
}

// TestExternalTools extracts a bundle with GNU tar and zstd, which must
// skip the trailer frame, and re-verifies the bag with sha256sum -c and
// the Payload-Oxum, and with the Library of Congress's reference
// validator, bagit-python (interop/check_bag.py; needs QUIRE_PYTHON):
// independent checks of the BagIt layer.
func TestExternalTools(t *testing.T) {
	for _, tool := range []string{"tar", "zstd", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	opts := testOptions(t)
	opts.Notes = []byte("# Release notes\n")
	b := build(t, opts, testRecords(30))
	dir := t.TempDir()
	file := filepath.Join(dir, "news-1.0.0.tar.zst")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(dir string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	run(dir, "zstd", "-t", "-q", file)
	out := filepath.Join(dir, "x")
	os.Mkdir(out, 0o755)
	run(out, "tar", "--zstd", "-xf", file)
	bag := filepath.Join(out, "news-1.0.0")
	run(bag, "sha256sum", "--strict", "-c", "manifest-sha256.txt")
	run(bag, "sha256sum", "--strict", "-c", "tagmanifest-sha256.txt")
	if os.Getenv(interop.Env) != "" || os.Getenv("CI") != "" {
		t.Log(interop.Run(t, "check_bag.py", bag, "bagit"))
	}
	var n, size int64
	filepath.Walk(filepath.Join(bag, "data"), func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			n++
			size += fi.Size()
		}
		return nil
	})
	info, _ := os.ReadFile(filepath.Join(bag, "bag-info.txt"))
	if want := "Payload-Oxum: " + fmtInt(int(size)) + "." + fmtInt(int(n)) + "\n"; !strings.Contains(string(info), want) {
		t.Errorf("bag-info.txt:\n%s\nwant %q", info, want)
	}
	listing := run(dir, "tar", "--zstd", "-tvf", file)
	if strings.Contains(listing, "drw") || strings.Count(listing, "-rw-r--r-- 0/0") != strings.Count(listing, "\n") {
		t.Errorf("tar listing has other than 0644 root files:\n%s", listing)
	}
	dec := run(dir, "sh", "-c", "zstd -dc "+file+" | sha256sum")
	if !strings.Contains(dec, sum(mustDecode(t, b))) {
		t.Errorf("zstd -dc output differs from the tar stream")
	}
}

func mustDecode(t *testing.T, b []byte) []byte {
	top, ms := unpack(t, b)
	_ = top
	_ = ms
	tarBytes, err := decodeAll(b)
	if err != nil {
		t.Fatal(err)
	}
	return tarBytes
}

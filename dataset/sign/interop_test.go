package sign

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// These tests check quire's files against the reference implementation,
// the minisign command (Debian package "minisign"; CI installs it). They
// are skipped when it is not installed.

func needMinisign(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("minisign")
	if err != nil {
		t.Skip("minisign not installed; apt-get install minisign")
	}
	return path
}

// runMinisign runs the minisign command in dir with stdin and returns its
// combined output and whether it exited 0.
func runMinisign(t *testing.T, dir, stdin string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(needMinisign(t), args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("minisign %s: %v", strings.Join(args, " "), err)
	}
	return string(out), err == nil
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A bundle signed by quire verifies with "minisign -V -H" (-H: the
// signature must be prehashed); a changed bundle does not.
func TestInteropQuireSignsMinisignVerifies(t *testing.T) {
	needMinisign(t)
	dir := t.TempDir()
	sk := testKey(t, 5)
	writeFile(t, dir, "quire.pub", pubFile(t, sk.Public()))
	writeFile(t, dir, "b.tar.zst", bundle)
	writeFile(t, dir, "b.tar.zst.minisig", signBytes(t, sk, bundle, Options{Name: "b.tar.zst", Comment: "release 1"}))

	out, ok := runMinisign(t, dir, "", "-V", "-H", "-p", "quire.pub", "-m", "b.tar.zst")
	if !ok {
		t.Fatalf("minisign rejected quire's signature:\n%s", out)
	}
	if !strings.Contains(out, "Trusted comment: file:b.tar.zst\tsha256:") || !strings.Contains(out, "comment:release 1") {
		t.Errorf("minisign output does not show quire's trusted comment:\n%s", out)
	}

	tampered := bytes.Clone(bundle)
	tampered[len(tampered)/2] ^= 0x20
	writeFile(t, dir, "b.tar.zst", tampered)
	if out, ok := runMinisign(t, dir, "", "-V", "-p", "quire.pub", "-m", "b.tar.zst"); ok {
		t.Errorf("minisign accepted a changed bundle:\n%s", out)
	}
}

// A file signed by minisign with a key made by "minisign -G -W" verifies
// with quire, and quire can sign with that secret key; a changed file
// fails.
func TestInteropMinisignSignsQuireVerifies(t *testing.T) {
	needMinisign(t)
	dir := t.TempDir()
	if out, ok := runMinisign(t, dir, "", "-G", "-W", "-p", "m.pub", "-s", "m.key"); !ok {
		t.Fatalf("minisign -G: %s", out)
	}
	writeFile(t, dir, "f.bin", bundle)
	if out, ok := runMinisign(t, dir, "", "-S", "-s", "m.key", "-m", "f.bin"); !ok {
		t.Fatalf("minisign -S: %s", out)
	}
	pubText, sigText := readFile(t, filepath.Join(dir, "m.pub")), readFile(t, filepath.Join(dir, "f.bin.minisig"))
	info, err := VerifyFile(bytes.NewReader(pubText), bytes.NewReader(bundle), bytes.NewReader(sigText))
	if err != nil {
		t.Fatalf("quire rejected minisign's signature: %v\n%s", err, sigText)
	}
	if info.File != "f.bin" {
		t.Errorf("file from minisign's trusted comment %q, want %q", info.File, "f.bin")
	}

	tampered := append(bytes.Clone(bundle), '\n')
	if _, err := VerifyFile(bytes.NewReader(pubText), bytes.NewReader(tampered), bytes.NewReader(sigText)); !errors.Is(err, ErrModified) {
		t.Errorf("changed file: got %v, want ErrModified", err)
	}

	// quire reads minisign's unencrypted secret key and signs with it.
	sk, err := ReadSecretKey(bytes.NewReader(readFile(t, filepath.Join(dir, "m.key"))), nil)
	if err != nil {
		t.Fatal(err)
	}
	sig := signBytes(t, sk, bundle, Options{Name: "f.bin"})
	if _, err := VerifyFile(bytes.NewReader(pubText), bytes.NewReader(bundle), bytes.NewReader(sig)); err != nil {
		t.Errorf("quire's signature with minisign's key: %v", err)
	}
}

// minisign signs with secret keys that quire wrote, unencrypted and
// password-protected: the key files are minisign's format exactly.
func TestInteropQuireKeysMinisignSigns(t *testing.T) {
	needMinisign(t)
	dir := t.TempDir()
	writeFile(t, dir, "f.bin", bundle)
	sk := testKey(t, 6)
	writeFile(t, dir, "q.pub", pubFile(t, sk.Public()))

	var plain bytes.Buffer
	if err := WriteUnencryptedSecretKey(&plain, sk); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "plain.key", plain.Bytes())
	if out, ok := runMinisign(t, dir, "", "-S", "-W", "-s", "plain.key", "-m", "f.bin", "-x", "plain.sig"); !ok {
		t.Fatalf("minisign -S with quire's unencrypted key: %s", out)
	}
	if out, ok := runMinisign(t, dir, "", "-V", "-p", "q.pub", "-m", "f.bin", "-x", "plain.sig"); !ok {
		t.Fatalf("minisign -V: %s", out)
	}

	if testing.Short() {
		t.Skip("scrypt at minisign's cost takes seconds")
	}
	var enc bytes.Buffer
	if err := WriteSecretKey(&enc, sk, "s3cret pass"); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "enc.key", enc.Bytes())
	if out, ok := runMinisign(t, dir, "s3cret pass\n", "-S", "-s", "enc.key", "-m", "f.bin", "-x", "enc.sig"); !ok {
		t.Fatalf("minisign -S with quire's encrypted key: %s", out)
	}
	if _, err := VerifyFile(bytes.NewReader(pubFile(t, sk.Public())), bytes.NewReader(bundle), bytes.NewReader(readFile(t, filepath.Join(dir, "enc.sig")))); err != nil {
		t.Errorf("minisign's signature with quire's encrypted key: %v", err)
	}
}

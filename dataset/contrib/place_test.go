package contrib

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func sumHex(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func listDir(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}

func TestPlaceAllOrNone(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	a, b := []byte("first document\n"), []byte("second document\n")
	os.WriteFile(filepath.Join(src, "a"), a, 0o644)
	os.WriteFile(filepath.Join(src, "b"), b, 0o644)
	files := []NewFile{
		{Src: filepath.Join(src, "a"), Name: "004_a.txt", SHA256: sumHex(a)},
		{Src: filepath.Join(src, "b"), Name: "005_b.txt", SHA256: sumHex(b)},
	}
	l, err := LockSeeds(dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Unlock()
	// The second source changed since it was checked: nothing is placed.
	bad := append([]NewFile(nil), files...)
	bad[1].SHA256 = sumHex([]byte("other"))
	if err := l.Place(bad); err == nil || !strings.Contains(err.Error(), "changed since it was checked") {
		t.Fatalf("Place with a changed source: %v", err)
	}
	if got := listDir(t, dst); got != "" {
		t.Fatalf("after a failed add, dir holds %q", got)
	}
	if err := l.Place(files); err != nil {
		t.Fatal(err)
	}
	if got := listDir(t, dst); got != "004_a.txt 005_b.txt" {
		t.Fatalf("dir holds %q", got)
	}
	// Never replaces a file.
	if err := l.Place(files[:1]); err == nil {
		t.Fatal("Place replaced an existing file")
	}
}

func TestRecoverAfterCrash(t *testing.T) {
	dst := t.TempDir()
	a := []byte("placed before the crash\n")
	os.WriteFile(filepath.Join(dst, "004_a.txt"), a, 0o644)
	os.WriteFile(filepath.Join(dst, "006_c.txt"), []byte("not the journal's bytes\n"), 0o644)
	journal := journalHeader + "\npid 999999999\n004_a.txt " + sumHex(a) + "\n005_b.txt " + sumHex([]byte("x")) + "\n006_c.txt " + sumHex([]byte("y")) + "\n"
	os.WriteFile(filepath.Join(dst, JournalName), []byte(journal), 0o644)
	removed, err := Recover(dst)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(removed, " ") != "004_a.txt" {
		t.Errorf("removed %q, want 004_a.txt", removed)
	}
	if got := listDir(t, dst); got != "006_c.txt" {
		t.Errorf("dir holds %q, want only the file the add did not write", got)
	}
	if removed, err := Recover(dst); err != nil || removed != nil {
		t.Errorf("second Recover: %v, %v", removed, err)
	}
	// While an add holds the directory, Recover waits for it; once it is
	// released, the journal is an interrupted add's whatever its pid
	// (here 1, a live process: pids are reused).
	l, err := LockSeeds(dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dst, JournalName), []byte(journalHeader+"\npid 1\n"), 0o644)
	done := make(chan error)
	go func() {
		_, err := Recover(dst)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Recover did not wait for the lock: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	l.Unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := listDir(t, dst); got != "006_c.txt" {
		t.Errorf("dir holds %q, want the journal gone", got)
	}
	// A shared lock neither places nor recovers.
	r, err := ReadLockSeeds(dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Unlock()
	if _, err := r.Recover(); err == nil {
		t.Error("Recover under a shared lock")
	}
	if err := r.Place(nil); err == nil {
		t.Error("Place under a shared lock")
	}
}

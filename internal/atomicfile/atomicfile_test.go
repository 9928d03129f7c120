package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "b.tar.zst")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new, partial"))
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Fatalf("final path changed before Commit: %q", got)
	}
	f.Abort()
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Fatalf("final path changed by Abort: %q", got)
	}
	if err := WriteFile(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if string(got) != "new" || fi.Mode().Perm() != 0o600 {
		t.Errorf("after WriteFile: %q, mode %v", got, fi.Mode())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

func TestCleanRemovesDeadOnly(t *testing.T) {
	dir := t.TempDir()
	dead := filepath.Join(dir, ".x.tar.zst"+tmpMarker+"999999999-123")
	live := filepath.Join(dir, ".x.tar.zst"+tmpMarker+"1-456") // pid 1 exists
	other := filepath.Join(dir, ".hidden")
	for _, p := range []string{dead, live, other} {
		os.WriteFile(p, nil, 0o644)
	}
	removed, err := Clean(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 1 || removed[0] != filepath.Base(dead) {
		t.Errorf("Clean removed %v, want only %s", removed, filepath.Base(dead))
	}
	for _, p := range []string{live, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
}

func TestCommitNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "secret.key")
	f, err := Create(p, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("first"))
	if err := f.CommitNew(); err != nil {
		t.Fatal(err)
	}
	f, err = Create(p, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("second"))
	if err := f.CommitNew(); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("CommitNew over an existing file: got %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "first" {
		t.Fatalf("existing file changed to %q", got)
	}
	fi, err := os.Stat(p)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode(), err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("temporary files left behind: %v", ents)
	}
}

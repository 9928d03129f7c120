package safefile

import (
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// tree makes a directory with a regular file, a link to a file outside
// it, a link to a directory outside it, a FIFO and a subdirectory.
func tree(t *testing.T) (dir, outside string) {
	t.Helper()
	dir, outside = t.TempDir(), t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a.txt"), []byte("plain\n"), 0o644))
	must(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "sub", "b.txt"), []byte("deeper\n"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(dir, "link.txt")))
	must(os.Symlink(outside, filepath.Join(dir, "linkdir")))
	must(syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644))
	l, err := net.Listen("unix", filepath.Join(dir, "sock.txt"))
	must(err)
	t.Cleanup(func() { l.Close() })
	return dir, outside
}

// within fails the test if f does not return within a few seconds: a
// FIFO opened for reading without O_NONBLOCK waits for a writer forever.
func within(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s hangs", what)
	}
}

func TestOpen(t *testing.T) {
	dir, _ := tree(t)
	for _, tc := range []struct {
		name string
		mode fs.FileMode // want a NotRegularError of this type; 0: a file
		dir  bool
	}{
		{"a.txt", 0, false},
		{"sub", 0, true},
		{"link.txt", fs.ModeSymlink, false},
		{"linkdir", fs.ModeSymlink, false},
		{"fifo.txt", fs.ModeNamedPipe, false},
		{"sock.txt", fs.ModeSocket, false},
	} {
		p := filepath.Join(dir, tc.name)
		within(t, "Open "+tc.name, func() {
			f, err := Open(p)
			var nr *NotRegularError
			switch {
			case tc.mode != 0:
				if !errors.As(err, &nr) || nr.Mode != tc.mode || nr.Path != p {
					t.Errorf("Open(%s) = %v, want a NotRegularError for a %s", tc.name, err, TypeName(tc.mode))
				}
			case err != nil:
				t.Errorf("Open(%s): %v", tc.name, err)
			default:
				defer f.Close()
				fi, err := f.Stat()
				if err != nil || fi.IsDir() != tc.dir {
					t.Errorf("Open(%s): stat %v, %v", tc.name, fi, err)
				}
				if !tc.dir {
					if b, err := io.ReadAll(f); err != nil || string(b) != "plain\n" {
						t.Errorf("read %q, %v", b, err)
					}
				}
			}
		})
	}
	if _, err := Open(filepath.Join(dir, "nosuch.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(nosuch) = %v, want ErrNotExist", err)
	}
	if _, err := Open("/dev/null"); !errors.As(err, new(*NotRegularError)) {
		t.Errorf("Open(/dev/null) = %v, want a NotRegularError", err)
	}
}

// TestDirFS: the tree reads like os.DirFS but for what is not a plain
// file or directory, and a link on the way to an entry is not followed.
func TestDirFS(t *testing.T) {
	dir, _ := tree(t)
	fsys := NewDirFS(dir)
	within(t, "fstest", func() {
		var rest []string
		ents, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			rest = append(rest, e.Name())
		}
		if len(rest) != 6 {
			t.Errorf("ReadDir(.) = %v, want 6 entries", rest)
		}
		if b, err := fs.ReadFile(fsys, "sub/b.txt"); err != nil || string(b) != "deeper\n" {
			t.Errorf("sub/b.txt: %q, %v", b, err)
		}
	})
	for _, name := range []string{"link.txt", "fifo.txt", "sock.txt", "linkdir", "linkdir/secret.txt"} {
		within(t, "DirFS.Open "+name, func() {
			f, err := fsys.Open(name)
			if err == nil {
				f.Close()
			}
			var nr *NotRegularError
			if !errors.As(err, &nr) {
				t.Errorf("Open(%s) = %v, want a NotRegularError", name, err)
			}
		})
	}
	if _, err := fsys.Open("../x"); err == nil {
		t.Error("Open(../x) accepted")
	}
	// The directory itself is opened without following a link either.
	link := filepath.Join(t.TempDir(), "tree")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDirFS(link).Open("a.txt"); !errors.As(err, new(*NotRegularError)) {
		t.Errorf("DirFS of a link: Open = %v, want a NotRegularError", err)
	}
}

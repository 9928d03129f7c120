package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// quireWithin runs quire in-process like quire() does, failing the test
// if the command has not returned after a minute: a FIFO read without
// O_NONBLOCK waits for a writer forever.
func quireWithin(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type result struct {
		code        int
		out, errout string
	}
	done := make(chan result, 1)
	go func() {
		c, o, e := quire(t, args...)
		done <- result{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.errout
	case <-time.After(time.Minute):
		t.Fatalf("quire %s hangs", strings.Join(args, " "))
	}
	return 0, "", ""
}

// TestHostileInputsNamed: a symbolic link or a FIFO named on the command
// line is refused exactly as inside a directory (Q109, exit 1): a link is
// never followed (a pull request's link to /etc/passwd must not be read,
// let alone added to seeds/) and a FIFO never hangs the command.
func TestHostileInputsNamed(t *testing.T) {
	dir := t.TempDir()
	seeds := filepath.Join(dir, "seeds")
	if err := copyDir(filepath.Join(repoRoot(t), "seeds"), seeds); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	secret := filepath.Join(dir, "secret.txt")
	if err := os.WriteFile(secret, []byte(strings.Repeat("The runner's secret file holds a long line of prose that reads like an article, word after word after word. ", 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(in, "p.txt")
	if err := os.Symlink(secret, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(in, "f.txt")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	before := listNames(t, seeds)
	for _, tc := range []struct {
		args []string
		what string
	}{
		{[]string{"validate", "-against", seeds, link}, "symbolic link"},
		{[]string{"validate", "-against", seeds, fifo}, "named pipe"},
		{[]string{"validate", "-against", seeds, in}, "symbolic link"},
		{[]string{"add", "-seeds", seeds, link}, "symbolic link"},
		{[]string{"add", "-seeds", seeds, fifo}, "named pipe"},
		{[]string{"add", "-seeds", seeds, in}, "named pipe"},
	} {
		code, out, stderr := quireWithin(t, tc.args...)
		if code != 1 || !strings.Contains(out, "error Q109 not-regular-file") || !strings.Contains(out, tc.what) {
			t.Errorf("quire %s: exit %d, want 1 and Q109 (%s)\nstdout:\n%s\nstderr:\n%s", strings.Join(tc.args, " "), code, tc.what, out, stderr)
		}
		if strings.Contains(out+stderr, "secret file") {
			t.Errorf("quire %s read the link's target", strings.Join(tc.args, " "))
		}
		if got := listNames(t, seeds); got != before {
			t.Fatalf("quire %s changed seeds/:\n%s\nwant\n%s", strings.Join(tc.args, " "), got, before)
		}
	}
}

// listNames lists a directory's entries, hidden ones included.
func listNames(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, "\n")
}

package atomicfile

import (
	"testing"
	"time"
)

// TestLockDir: an exclusive lock excludes every other lock of the
// directory, in the same process too; shared locks share; waiting is
// told once; Unlock lets the waiter in.
func TestLockDir(t *testing.T) {
	dir := t.TempDir()
	a, err := LockDir(dir, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *DirLock)
	waited := make(chan bool, 1)
	go func() {
		b, err := LockDir(dir, false, func() { waited <- true })
		if err != nil {
			t.Error(err)
		}
		got <- b
	}()
	select {
	case <-waited:
	case <-got:
		t.Fatal("a shared lock was granted beside an exclusive one")
	case <-time.After(10 * time.Second):
		t.Fatal("waiting was not called")
	}
	select {
	case <-got:
		t.Fatal("a shared lock was granted beside an exclusive one")
	case <-time.After(50 * time.Millisecond):
	}
	a.Unlock()
	b := <-got
	c, err := LockDir(dir, false, func() { t.Error("two shared locks conflict") })
	if err != nil {
		t.Fatal(err)
	}
	b.Unlock()
	c.Unlock()
	c.Unlock()
	if _, err := LockDir(dir+"/nosuch", true, nil); err == nil {
		t.Error("locked a directory that does not exist")
	}
}

package atomicfile

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// DirLock is an advisory lock on a directory, held with flock(2) on the
// directory itself: no lock file to leave behind, and the kernel
// releases it when the holder exits, however it exits, so a crash never
// leaves a stale lock. Exclusive locks exclude every other lock; shared
// locks exclude exclusive ones. Locks are per open of the directory, so
// two DirLocks of one process conflict as two processes' would.
type DirLock struct {
	f *os.File
}

// LockDir locks dir, exclusively or shared. If another holder's lock is
// in the way, waiting (if not nil) is called once, so the caller can say
// why it is waiting, and LockDir waits until it can take the lock.
func LockDir(dir string, exclusive bool, waiting func()) (*DirLock, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	err = flock(f, how|unix.LOCK_NB)
	if errors.Is(err, unix.EWOULDBLOCK) {
		if waiting != nil {
			waiting()
		}
		err = flock(f, how)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return &DirLock{f}, nil
}

func flock(f *os.File, how int) error {
	for {
		if err := unix.Flock(int(f.Fd()), how); err != unix.EINTR {
			return err
		}
	}
}

// Unlock releases the lock. It is safe to call more than once.
func (l *DirLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the last descriptor releases the lock
	l.f = nil
	return err
}

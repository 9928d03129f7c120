package job

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// failOnce is the tests' fault injection (Options.failOnce): the first
// element of step to get here fails on its first attempt, and that
// attempt is recorded as a file in dir; its later attempts (a runner's
// retry, or the job run again), and every other element of the step,
// go through. With dir "" it does nothing. The record is a file so
// that it outlives a worker, as a runner's retry would.
func failOnce(dir, step, key string) error {
	if dir == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(key))
	mark := filepath.Join(dir, step+"-"+hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(mark); err == nil {
		return nil // this was the element that failed, and this is its retry
	}
	if done, _ := filepath.Glob(filepath.Join(dir, step+"-*")); len(done) > 0 {
		return nil // another element of the step failed already
	}
	f, err := os.OpenFile(mark, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	f.Close()
	return fmt.Errorf("injected failure: first attempt of %s %q", step, key)
}

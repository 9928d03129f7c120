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

// failOnce is the tests' fault injection (Options.failOnce): for about
// half of the keys (by their hash), the first time step is attempted
// for key, it records the attempt as a file in
// dir and fails; later attempts (a runner's retry, or the job run
// again) go through. With dir "" it does nothing. The record is a file
// so that it outlives a worker, as a runner's retry would.
func failOnce(dir, step, key string) error {
	if dir == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(step + "\x00" + key))
	if sum[0]%2 == 1 {
		return nil
	}
	f, err := os.OpenFile(filepath.Join(dir, hex.EncodeToString(sum[:8])), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	f.Close()
	return fmt.Errorf("injected failure: first attempt of %s %q", step, key)
}

package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/quire-archive/quire/dataset/metadata"
)

// metadataPath is where quire build looks for the dataset's metadata
// file: the -metadata flag, else quire.toml beside the seeds directory
// (the dataset repository's root). explicit says the flag named it, so
// that its absence is an error rather than "no metadata".
func metadataPath(flagValue, seeds string) (path string, explicit bool) {
	if flagValue != "" {
		return flagValue, true
	}
	return filepath.Join(filepath.Dir(filepath.Clean(seeds)), metadata.FileName), false
}

// readMetadata reads and checks the metadata file; nil without one. It
// reports every problem and returns the exit status to use on failure.
func (e *env) readMetadata(path string, explicit bool) (*metadata.File, int) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !explicit {
			return nil, exitOK
		}
		e.errorf("metadata: %v", err)
		return nil, exitTrouble
	}
	defer f.Close()
	m, err := metadata.Read(f, path)
	if err != nil {
		var me *metadata.Error
		var joined interface{ Unwrap() []error }
		switch {
		case errors.As(err, &joined):
			for _, err := range joined.Unwrap() {
				e.errorf("%v", err)
			}
		case errors.As(err, &me):
			e.errorf("%v", err)
		default:
			e.errorf("%v", err)
			return nil, exitTrouble
		}
		e.errorf("nothing written: fix %s (docs/METADATA.md), or build without it by moving it away", path)
		return nil, exitInvalid
	}
	return m, exitOK
}

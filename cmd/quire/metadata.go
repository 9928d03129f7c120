package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/quire-archive/quire/dataset/contrib"
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
// reports every problem and returns the exit status to use on failure;
// refused says what the command then does not do ("nothing written"),
// and other what else the user can do.
func (e *env) readMetadata(path string, explicit bool, refused, other string) (*metadata.File, int) {
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
		e.errorf("%s: fix %s (docs/METADATA.md), %s", refused, path, other)
		return nil, exitInvalid
	}
	return m, exitOK
}

// datasetLanguages reads the languages a dataset declares, for the
// language check of quire validate and add: from the -metadata file,
// else from quire.toml beside the dataset when it is a seeds directory,
// where quire build finds it, so that the three commands read the same
// file. A bundle or JSON Lines dataset has no metadata file beside it:
// without -metadata, its records' languages stand in (contrib.Languages).
// A metadata file with a problem is reported, and ok is false: the
// command stops, as a build would, rather than check against languages
// it could not read; refused says what it then does not do.
func (e *env) datasetLanguages(flagValue, dataset, refused string) (ls contrib.Languages, ok bool) {
	path, explicit := flagValue, flagValue != ""
	if !explicit {
		if fi, err := os.Stat(dataset); dataset == "" || err != nil || !fi.IsDir() {
			return contrib.Languages{}, true
		}
		path, _ = metadataPath("", dataset)
	}
	m, code := e.readMetadata(path, explicit, refused, "which declares the dataset's languages, or name another file with -metadata")
	if code != exitOK {
		return contrib.Languages{}, false
	}
	ls.File = path
	if m != nil {
		ls.Declared = m.Languages
	}
	return ls, true
}

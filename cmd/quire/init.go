package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/quire-archive/quire/dataset/metadata"
	"github.com/quire-archive/quire/internal/atomicfile"
)

const initHelp = `
Write quire.toml, the dataset's metadata file, in DIR (default: the
current directory, the dataset repository's root beside seeds/): a
commented starting point for what only the maintainer knows — title,
description, licence (an SPDX identifier), languages, homepage,
citation, source organization and contact.

quire build reads quire.toml from beside the seeds directory and turns
it into the release's dataset card (README.md), data/datapackage.json,
data/croissant.json and the descriptive fields of bag-info.txt. Its
required fields are left empty, so a build refuses the file until they
are filled in. An existing quire.toml is never replaced. The fields and
their rules: docs/METADATA.md.
`

func runInit(e *env, args []string) int {
	fl := newFlags(e, "init", "[DIR]", initHelp)
	pos, code, ok := e.parseFlags(fl, args)
	if !ok {
		return code
	}
	dir := "."
	switch len(pos) {
	case 0:
	case 1:
		dir = pos[0]
	default:
		e.errorf("init takes at most one directory (got %q)", pos)
		return exitTrouble
	}
	path := filepath.Join(dir, metadata.FileName)
	f, err := atomicfile.Create(path, 0o644)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer f.Abort()
	if _, err := f.Write([]byte(metadata.Template)); err != nil {
		e.errorf("write %s: %v", path, err)
		return exitTrouble
	}
	if err := f.CommitNew(); err != nil {
		if errors.Is(err, fs.ErrExist) {
			e.errorf("%s exists; nothing written", path)
			e.hintf("edit it, or remove it first to start again")
			return exitTrouble
		}
		e.errorf("write %s: %v", path, err)
		return exitTrouble
	}
	fmt.Fprintf(e.stdout, "%s\n", path)
	e.hintf("fill in title, description and license in %s, then run quire build", path)
	return exitOK
}

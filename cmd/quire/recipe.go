package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/release"
	"github.com/quire-archive/quire/internal/atomicfile"
)

// What the commands share about the release recipe: its options, its
// errors and its progress, in the CLI's words.

// recipeOptions are the recipe options of a command that derives
// records from a seeds directory: K from its -repeats flag (0: off),
// spills where the listing's go.
func (e *env) recipeOptions(repeats int) release.Options {
	if repeats == 0 {
		repeats = release.RepeatsOff
	}
	// Tests set a small run size to make every spill happen: the
	// listing's and the line counter's.
	return release.Options{Repeats: repeats, TempDir: e.listing.TempDir,
		ListRunSize: e.listing.RunSize, CountRunSize: e.listing.RunSize}
}

// optionError reports an option the release package refused, naming the
// flag that set it, and returns the exit status (usage: 2).
func (e *env) optionError(err error) int {
	var oe *release.OptionError
	if !errors.As(err, &oe) {
		e.errorf("%v", err)
		return exitTrouble
	}
	v := oe.Value
	if _, err := strconv.Atoi(v); err != nil {
		v = strconv.Quote(v) // untrusted text; a number is shown as it is
	}
	if flag, ok := flagNames[oe.Option]; ok {
		e.errorf("%s %s: %v", flag, v, oe.Err)
	} else {
		e.errorf("%s=%s: %v", oe.Option, v, oe.Err)
	}
	return exitTrouble
}

// recipeError reports an error opening a corpus (its listing problems,
// one per line) and returns the exit status.
func (e *env) recipeError(err error, seeds string) int {
	var le *release.ListError
	var oe *release.OptionError
	switch {
	case errors.As(err, &oe):
		return e.optionError(err)
	case errors.As(err, &le):
		for _, p := range le.Problems {
			e.errorf("%s", filepath.Join(seeds, p))
		}
		if le.Dropped > 0 {
			e.errorf("… and %d more problems in %s", le.Dropped, seeds)
		}
		return exitInvalid
	case isIOError(err):
		e.errorf("%s: %v", seeds, err)
		return exitTrouble
	}
	e.errorf("%s: %v", seeds, err)
	return exitInvalid
}

// buildError reports why a build wrote nothing and returns the exit
// status.
func (e *env) buildError(err error, seeds string, res *release.Result) int {
	var de *release.DocErrors
	var ve *release.VersionError
	switch {
	case errors.Is(err, release.ErrUnchanged) && res != nil:
		// The previous release is the release of these documents.
		fmt.Fprintf(e.stderr, "quire: %v: nothing written, %s stays the latest\n", err, res.PreviousVersion)
		fmt.Fprintf(e.stdout, "%s\n", res.PreviousLabel)
		return exitOK
	case errors.Is(err, release.ErrNoDocuments):
		e.errorf("%s: %v to build from", seeds, err)
		return exitInvalid
	case errors.As(err, &de):
		for _, d := range de.Docs {
			e.errorf("%s: %v", filepath.Join(seeds, d.Name), d.Err)
		}
		if de.Dropped > 0 {
			e.errorf("… and %d more documents failed", de.Dropped)
		}
		e.errorf("nothing written: %d of %d documents failed", len(de.Docs)+de.Dropped, de.Total)
		return exitInvalid
	case errors.As(err, &ve):
		e.errorf("%v; nothing written", ve)
		for _, r := range ve.Bump.Reasons {
			e.hintf("%s: %s", r.Level, r.Why)
		}
		return exitInvalid
	}
	if code := e.recipeError(err, seeds); code != exitInvalid {
		return code
	}
	e.errorf("nothing written")
	return exitInvalid
}

// commitBundle renames the finished temporary bundle f to final, and
// writes its sidecar final.sha256, unless final exists with other
// content and force is not set: a released version must not change.
func (e *env) commitBundle(f *atomicfile.File, final, digest string, force bool) int {
	if old, err := fileSHA256(final); err == nil && old != digest && !force {
		e.errorf("%s exists with different content; nothing written", final)
		e.hintf("a released version must not change: bump -version (or use -bump), or pass -force to replace it")
		return exitInvalid
	}
	// The sidecar must never disagree with the bundle, even if the build
	// is killed between the two renames: the new sidecar is written
	// first, the old one removed, the bundle renamed, then the sidecar.
	// A kill can leave a bundle without a sidecar, never a stale one.
	side, err := atomicfile.Create(final+".sha256", 0o644)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer side.Abort()
	if _, err := io.WriteString(side, bundle.ChecksumLine(digest, filepath.Base(final))); err != nil {
		e.errorf("write %s.sha256: %v", final, err)
		return exitTrouble
	}
	if err := os.Remove(final + ".sha256"); err != nil && !errors.Is(err, os.ErrNotExist) {
		e.errorf("%v", err)
		return exitTrouble
	}
	if err := f.Commit(); err != nil {
		e.errorf("write %s: %v", final, err)
		return exitTrouble
	}
	if err := side.Commit(); err != nil {
		e.errorf("write %s.sha256: %v", final, err)
		return exitTrouble
	}
	return exitOK
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// stageProgress shows a progress line of documents for each pass of a
// recipe over the corpus, labelled per stage.
type stageProgress struct {
	e      *env
	off    bool
	labels map[release.Stage]string
	stage  release.Stage
	p      *progress
}

func (e *env) stageProgress(off bool, labels map[release.Stage]string) *stageProgress {
	return &stageProgress{e: e, off: off, labels: labels}
}

// update is a release.Options.Progress.
func (s *stageProgress) update(p release.Progress) {
	if p.Stage != s.stage {
		s.p.finish()
		s.stage = p.Stage
		s.p = s.e.newProgress(s.off, s.labels[p.Stage], "documents", int64(p.Total))
	}
	s.p.update(p.Done, p.Bytes)
}

func (s *stageProgress) finish() { s.p.finish() }

// byteProgress adds a recipe's passes over a corpus to a line counting
// bytes (quire diff's, quire validate's): each stage adds the corpus's
// size to the total as it starts.
func byteProgress(prog *progress) func(release.Progress) {
	if prog == nil {
		return nil
	}
	var stage release.Stage
	var last int64
	return func(p release.Progress) {
		if p.Stage != stage {
			stage, last = p.Stage, 0
			prog.grow(p.TotalBytes)
		}
		prog.add(p.Bytes - last)
		last = p.Bytes
	}
}

package release

import (
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/internal/corpus"
	"github.com/quire-archive/quire/schema"
	"golang.org/x/mod/semver"
)

// NextVersion returns the smallest version after prev that
// diff.CheckVersion accepts for changes that require bump: the release
// of prev itself if prev is a pre-release (1.0.0 after 1.0.0-rc.1), else
// the next patch, minor or major version, in that order. A change that
// requires nothing still gets a new version: a patch.
func NextVersion(prev string, bump diff.Bump) (string, error) {
	if err := bundle.CheckVersion(prev); err != nil {
		return "", fmt.Errorf("previous %w", err)
	}
	core, _, _ := strings.Cut(prev, "+")
	core, pre, _ := strings.Cut(core, "-")
	var n [3]int
	for i, s := range strings.Split(core, ".") {
		v, err := strconv.Atoi(s)
		if err != nil {
			return "", fmt.Errorf("previous version %q: %v", prev, err)
		}
		n[i] = v
	}
	var candidates []string
	if pre != "" {
		candidates = append(candidates, core)
	}
	candidates = append(candidates,
		fmt.Sprintf("%d.%d.%d", n[0], n[1], n[2]+1),
		fmt.Sprintf("%d.%d.0", n[0], n[1]+1),
		fmt.Sprintf("%d.0.0", n[0]+1))
	for _, c := range candidates {
		if diff.CheckVersion(prev, c, bump) == nil {
			return c, nil
		}
	}
	return "", fmt.Errorf("no version after %s satisfies a %s bump", prev, bump.Level)
}

// chooseVersion reads the previous release and returns the version of
// the build: the changes of ids (added, removed: renamed records count
// as removed, which requires the same bump) and of schema decide the
// bump up front, since the version names the bundle's top directory and
// is written first. Record contents can only add a patch, which a new
// version has anyway; Build checks the version against the full
// comparison at the end all the same.
func (b *Builder) chooseVersion(r *Recipe) (string, error) {
	p := b.opts.Previous
	rc, err := p.Open()
	if err != nil {
		return "", fmt.Errorf("previous release %s: %w", p.Label, err)
	}
	defer rc.Close()
	side, err := BundleSide(rc, p.Label)
	if err != nil {
		return "", fmt.Errorf("previous release %w", err)
	}
	res, err := idChanges(side, r.docs.All())
	if err != nil {
		return "", fmt.Errorf("previous release %s: %w", p.Label, err)
	}
	info := side.Info()
	if res.Dataset.Schema, err = diff.SchemaDiff(info.Schema, schema.RecordBytes()); err != nil {
		return "", fmt.Errorf("previous release %s: schema: %w", p.Label, err)
	}
	return NextVersion(info.Version, diff.Required(res))
}

// idChanges counts the ids found on one side only: prev's records and
// the listing are both sorted by id, so they are merged in one pass.
func idChanges(prev diff.Side, docs iter.Seq2[corpus.Doc, error]) (*diff.Result, error) {
	next, stop := iter.Pull2(docs)
	defer stop()
	res := &diff.Result{}
	doc, derr, more := next()
	for {
		rec, err := prev.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		for ; more && derr == nil && doc.ID < rec.ID; doc, derr, more = next() {
			res.Counts.Added++
		}
		if derr != nil {
			return nil, derr
		}
		if more && doc.ID == rec.ID {
			doc, derr, more = next()
		} else {
			res.Counts.Removed++
		}
	}
	for ; more && derr == nil; doc, derr, more = next() {
		res.Counts.Added++
	}
	return res, derr
}

// BundleName is the file name of release version of dataset name.
func BundleName(name, version string) string { return name + "-" + version + ".tar.zst" }

// LatestRelease returns, of the file names in a release directory, the
// bundle of dataset name with the highest version by semver precedence
// (ties, which differ only in build metadata, by name), or "" if there
// is none. Other files (sidecars, signatures, other datasets, temporary
// files) are ignored.
func LatestRelease(files []string, name string) string {
	best, bestV := "", ""
	for _, f := range files {
		v, ok1 := strings.CutPrefix(f, name+"-")
		v, ok2 := strings.CutSuffix(v, ".tar.zst")
		if !ok1 || !ok2 || bundle.CheckVersion(v) != nil {
			continue
		}
		if c := semver.Compare("v"+v, "v"+bestV); best == "" || c > 0 || c == 0 && f > best {
			best, bestV = f, v
		}
	}
	return best
}

package release

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/describe"
	"github.com/quire-archive/quire/dataset/diff"
	"github.com/quire-archive/quire/dataset/metadata"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/schema"
)

// BuildOptions configures a release build: the recipe, and what the
// bundle says about itself.
type BuildOptions struct {
	Options
	Name    string // dataset name (bundle.CheckName)
	Version string // dataset version, semver; "" with Bump
	// Bump chooses Version: the smallest version after Previous's that
	// the changes allow (NextVersion). It needs Previous.
	Bump            bool
	SourceDateEpoch *time.Time // the only timestamp; nil: none
	QuireVersion    string     // the version of quire writing the bundle
	// Previous, if set, is the last release: the build is compared with
	// it as it goes, refuses a version that is not a large enough semver
	// bump, and stores the comparison as release notes in the bundle.
	Previous *Previous
	// WriterTempDir is where the bundle writer spills the manifest's
	// records list ("" means os.TempDir): best on the disk that will
	// hold the bundle.
	WriterTempDir string
	// Metadata is the dataset's metadata file (docs/METADATA.md), nil
	// for none; MetadataName is the name the manifest records for it.
	// The bundle describes itself from it (dataset card, Frictionless,
	// Croissant, bag-info fields), with or without one.
	Metadata     *metadata.File
	MetadataName string
}

// Previous is the last release, opened as often as the build needs it
// (twice with Bump: to choose the version, then to compare).
type Previous struct {
	Label string // its path, in messages and notes
	Open  func() (io.ReadCloser, error)
}

// Result describes a release built.
type Result struct {
	Version string         // the version written
	Summary bundle.Summary // the bundle's sizes and tar sha256
	Rules   bundle.Rules   // the rules record in its manifest
	// With Previous: its label and version, and the bump the changes
	// require.
	PreviousLabel, PreviousVersion string
	Bump                           *diff.Bump
}

// VersionError is a version that does not follow the previous release
// by a large enough semver bump; Bump says what the changes require.
type VersionError struct {
	Previous, Version string
	Bump              diff.Bump
	Err               error
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("version %s after %s: %v", e.Version, e.Previous, e.Err)
}

func (e *VersionError) Unwrap() error { return e.Err }

// ErrUnchanged is returned by a Bump build when the records and the
// dataset information are exactly those of the previous release: there
// is nothing to release.
var ErrUnchanged = errors.New("nothing changed since the previous release")

// Builder builds releases with options checked once, before any
// document is read.
type Builder struct {
	opts BuildOptions
	sch  *schema.Schema
	// chosen is the version chosen with Bump, once it is.
	chosen string
}

// Name returns the dataset's name.
func (b *Builder) Name() string { return b.opts.Name }

// Version returns the version the build writes: Version, or with Bump
// the smallest one the changes since the previous release allow
// (NextVersion), found by reading the previous release and listing
// seeds (no document is read). Build calls it if the caller did not.
func (b *Builder) Version(seeds fs.FS) (string, error) {
	if !b.opts.Bump || b.chosen != "" {
		return b.version(nil)
	}
	r, err := list(seeds, b.opts.Options)
	if err != nil {
		return "", err
	}
	defer r.Close()
	return b.version(r)
}

func (b *Builder) version(r *Recipe) (string, error) {
	switch {
	case !b.opts.Bump:
		return b.opts.Version, nil
	case b.chosen == "":
		v, err := b.chooseVersion(r)
		if err != nil {
			return "", err
		}
		b.chosen = v
	}
	return b.chosen, nil
}

// NewBuilder checks every option (an *OptionError names the one that
// cannot work) and returns a Builder.
func NewBuilder(opts BuildOptions) (*Builder, error) {
	if err := opts.Options.Check(); err != nil {
		return nil, err
	}
	if err := bundle.CheckName(opts.Name); err != nil {
		return nil, &OptionError{Option: "name", Value: opts.Name, Err: errors.New("want " + bundle.NameRule)}
	}
	switch {
	case opts.Bump && opts.Version != "":
		return nil, &OptionError{Option: "version", Value: opts.Version, Err: errors.New("give a version or choose it with bump, not both")}
	case opts.Bump && opts.Previous == nil:
		return nil, &OptionError{Option: "bump", Value: "true", Err: errors.New("a bump needs the previous release")}
	case !opts.Bump:
		if err := bundle.CheckVersion(opts.Version); err != nil {
			return nil, &OptionError{Option: "version", Value: opts.Version, Err: errors.New("want a semantic version " + bundle.VersionRule)}
		}
	}
	if t := opts.SourceDateEpoch; t != nil {
		if err := bundle.CheckSourceDateEpoch(*t); err != nil {
			return nil, &OptionError{Option: "SOURCE_DATE_EPOCH", Value: fmt.Sprint(t.Unix()), Err: err}
		}
	}
	sch, err := schema.Record()
	if err != nil {
		return nil, err
	}
	return &Builder{opts: opts, sch: sch}, nil
}

// Build writes the release of the raw documents in seeds (its root) to
// w: the listing, the repeated-line pre-pass, every record normalized
// and checked on all cores, the bundle, and with Previous the comparison
// and the version gate. If it fails, what was written to w is not a
// bundle and must be discarded. Errors: *ListError, ErrNoDocuments,
// *DocErrors, *VersionError, ErrUnchanged, or trouble reading or
// writing.
func (b *Builder) Build(ctx context.Context, seeds fs.FS, w io.Writer) (*Result, error) {
	o := b.opts
	r, err := list(seeds, o.Options)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if r.Len() == 0 {
		return nil, ErrNoDocuments
	}
	version, err := b.version(r)
	if err != nil {
		return nil, err
	}
	if err := r.count(ctx); err != nil {
		return nil, err
	}
	if err := r.configure(); err != nil {
		return nil, err
	}
	// The bundle describes itself from the metadata file, the manifest
	// and statistics of the records gathered as they are written.
	stats := describe.NewStats()
	var metaFile *bundle.MetadataFile
	if o.Metadata != nil {
		metaFile = &bundle.MetadataFile{Path: o.MetadataName, SHA256: o.Metadata.SHA256}
	}
	bw, err := bundle.NewWriter(w, bundle.WriterOptions{
		Name: o.Name, Version: version, QuireVersion: o.QuireVersion, Schema: b.sch,
		Rules: r.rules, SourceDateEpoch: o.SourceDateEpoch, TempDir: o.WriterTempDir,
		Describe: describe.New(o.Metadata, b.sch.Bytes(), stats, r.norm.RuleFamily),
		Metadata: metaFile,
	})
	if err != nil {
		return nil, err
	}
	defer bw.Abort()
	var rel *releaseDiff
	if o.Previous != nil {
		if rel, err = startReleaseDiff(o.Previous, b.sideInfo(version, r.rules)); err != nil {
			return nil, err
		}
		defer rel.Abort()
	}
	// Encoding and schema validation run on the normalizing workers; the
	// writer only takes checked records in order, and the comparison
	// with the previous release sees each record as it is written.
	type checked struct {
		rec *record.Record
		c   bundle.CheckedRecord
	}
	err = prepared(ctx, r,
		func(rec *record.Record) (checked, error) {
			c, err := bundle.Prepare(b.sch, rec)
			return checked{rec, c}, err
		},
		func(c checked) error {
			if rel != nil {
				if err := rel.Send(c.rec); err != nil {
					return err
				}
			}
			stats.Add(c.rec, c.c.Line())
			return bw.AddChecked(c.c)
		})
	if err != nil {
		return nil, err
	}
	res := &Result{Version: version, Rules: r.rules}
	if rel != nil {
		dr, notes, err := rel.Finish()
		if err != nil {
			return nil, err
		}
		bump := diff.Required(dr)
		res.PreviousLabel, res.PreviousVersion, res.Bump = o.Previous.Label, rel.PreviousVersion(), &bump
		if o.Bump && bump.Level == diff.None { // nothing but the version differs
			return res, fmt.Errorf("%w (%s)", ErrUnchanged, o.Previous.Label)
		}
		if err := diff.CheckVersion(res.PreviousVersion, version, bump); err != nil {
			return res, &VersionError{Previous: res.PreviousVersion, Version: version, Bump: bump, Err: err}
		}
		if err := bw.SetNotes(notes); err != nil {
			return nil, err
		}
	}
	if res.Summary, err = bw.Close(); err != nil {
		return nil, err
	}
	return res, nil
}

// sideInfo describes the bundle being built for the comparison with the
// previous release, as bundleInfo describes a bundle read.
func (b *Builder) sideInfo(version string, rules bundle.Rules) diff.SideInfo {
	created := ""
	if t := b.opts.SourceDateEpoch; t != nil {
		created = t.UTC().Format(time.RFC3339)
	}
	return diff.SideInfo{
		Label: BundleName(b.opts.Name, version), Name: b.opts.Name, Version: version, Schema: b.sch.Bytes(),
		RulesVersion: rules.Version, RulesSHA256: rules.SHA256,
		Fields: manifestFields(bundle.Format, b.opts.QuireVersion, created, rules),
	}
}

// manifestFields are the manifest fields a diff compares besides name,
// version, schema and rules file.
func manifestFields(format, quireVersion, created string, rules bundle.Rules) map[string]string {
	f := map[string]string{"format": format, "quire_version": quireVersion, "created": created,
		"rules.repeats": repeatsField(rules.Repeats)}
	if rules.Engine != "" { // bundles from before it was recorded have none
		f["rules.engine"] = rules.Engine
	}
	return f
}

// repeatsField renders the repeated-line pass's record for comparison.
func repeatsField(r *bundle.Repeats) string {
	if r == nil {
		return "off"
	}
	return fmt.Sprintf("k=%d min_docs=%d docs=%d full=%t digest=%s", r.K, r.MinDocs, r.Docs, r.Full, r.Digest)
}

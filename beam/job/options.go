package job

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/metadata"
	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/release"
	"github.com/quire-archive/quire/schema"
)

// QuireVersion is the quire version recorded in the manifest: the one
// cmd/quire records (its quireVersion), so that both write the same
// bytes. TestQuireVersion holds the two together.
const QuireVersion = "0.1.0"

// Options is what a build is asked for: the flags of quire build, and
// where the pipeline keeps its intermediate files.
type Options struct {
	// Seeds is the directory of raw documents: a local path, or a path
	// in a file system Beam knows (gs://bucket/dir, s3://bucket/dir),
	// readable by every worker.
	Seeds string
	// Out is the output directory of the bundle and its .sha256.
	Out string
	// Staging is the directory where the shards wait for the assembly,
	// writable and readable by every worker. "" means
	// Out/.quire-beam-NAME-VERSION. Cleanup removes it.
	Staging string
	// Name and Version name the bundle (quire build's -name, -version).
	Name, Version string
	// Repeats is quire build's -repeats: 0 turns the corpus-level
	// repeated-line pass off, else a line found in at least Repeats
	// documents is removed (from normalize.MinRepeatCorpus documents on).
	Repeats int
	// SourceDateEpoch is SOURCE_DATE_EPOCH as quire build reads it: the
	// only timestamp in a bundle; nil: none.
	SourceDateEpoch *time.Time
	// Force replaces an existing bundle of the same name with different
	// bytes (quire build -force).
	Force bool

	// Metadata is the dataset's metadata file (quire.toml,
	// docs/METADATA.md) as bytes, named MetadataName in the manifest; ""
	// MetadataName: none. The launcher reads it, as quire build does.
	Metadata     []byte
	MetadataName string

	// failOnce, set by tests, makes some steps fail on the first attempt
	// of some elements, remembering attempts as files in this directory.
	failOnce string
}

// Check validates the options before any document is read, with the
// messages quire build gives: the name, the version, SOURCE_DATE_EPOCH
// and -repeats. The version and the date are checked by the bundle
// writer's own option check, so the job cannot accept what the final
// step would refuse.
func (o *Options) Check() error {
	if o.Seeds == "" || o.Out == "" {
		return errors.New("seeds and output directories are required")
	}
	if o.MetadataName != "" {
		if _, err := metadata.Read(bytes.NewReader(o.Metadata), o.MetadataName); err != nil {
			return err
		}
	}
	if err := bundle.CheckName(o.Name); err != nil {
		return fmt.Errorf("-name %q: %v", o.Name, err)
	}
	if o.Repeats == 1 || o.Repeats < 0 {
		return fmt.Errorf("-repeats %d: want 0 (off) or at least 2", o.Repeats)
	}
	norm, err := normalize.New(normalize.Options{})
	if err != nil {
		return err
	}
	sch, err := schema.Record()
	if err != nil {
		return err
	}
	w, err := bundle.NewWriter(io.Discard, bundle.WriterOptions{
		Name: o.Name, Version: o.Version, QuireVersion: QuireVersion, Schema: sch,
		Rules:           bundle.Rules{Version: norm.RulesVersion(), SHA256: norm.RulesSHA256(), Engine: norm.EngineVersion()},
		SourceDateEpoch: o.SourceDateEpoch,
	})
	if err != nil {
		return err
	}
	w.Abort()
	return nil
}

// ParseSourceDateEpoch reads SOURCE_DATE_EPOCH as quire build does:
// release.ParseSourceDateEpoch, one rule and one limit for both.
func ParseSourceDateEpoch(s string) (*time.Time, error) { return release.ParseSourceDateEpoch(s) }

// BundlePath is where the bundle is written.
func (o *Options) BundlePath() string {
	return join(o.Out, o.Name+"-"+o.Version+".tar.zst")
}

// StagingDir is the staging directory in use.
func (o *Options) StagingDir() string {
	if o.Staging != "" {
		return o.Staging
	}
	return join(o.Out, ".quire-beam-"+o.Name+"-"+o.Version)
}

// join joins a directory and a name in a path that may be a URL
// (gs://b/dir) or a local path, which is joined as quire build joins it
// (so that messages name files the same way).
func join(dir, name string) string {
	if isLocal(dir) {
		return filepath.Join(dir, name)
	}
	return strings.TrimSuffix(dir, "/") + "/" + name
}

// isLocal reports whether path is in the local file system rather than
// in one that Beam reaches by a scheme (gs://, s3://, memfs://).
func isLocal(path string) bool { return !strings.Contains(path, "://") }

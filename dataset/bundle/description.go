package bundle

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MetadataFile identifies the dataset metadata file (quire.toml,
// docs/METADATA.md) a release was described with: the manifest records
// its name and sha256, so that a reader can tell which maintainer's
// description made the card, without the file being part of the bag.
type MetadataFile struct {
	Path   string `json:"path"` // its name, e.g. "quire.toml"
	SHA256 string `json:"sha256"`
}

// check returns what is wrong with f, or "".
func (f *MetadataFile) check() string {
	switch {
	case f == nil:
		return ""
	case f.Path == "" || len(f.Path) > 255 || strings.ContainsAny(f.Path, "/\\") || containsControl(f.Path) || !utf8.ValidString(f.Path):
		return fmt.Sprintf("metadata.path %q: want a file name of 1 to 255 bytes", f.Path)
	case !hexRE.MatchString(f.SHA256):
		return fmt.Sprintf("metadata.sha256 %q is not 64 lowercase hex digits", f.SHA256)
	}
	return ""
}

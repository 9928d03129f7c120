package bundle

import "github.com/quire-archive/quire/dataset/record"

// DecodeLine decodes one record line of the latest version, as
// record.Latest.Decode does.
//
// Deprecated: the codec is record's: use record.Version.Decode for a
// line of a known version, record.Decode for JSON Lines of any version.
func DecodeLine(line []byte) (*record.Record, error) { return record.Latest.Decode(line) }

package bundle

import "github.com/quire-archive/quire/dataset/record"

// DecodeLine decodes one record line as record.Unmarshal does — the same
// record for a line it accepts, the same error for one it rejects — but
// decodes lines in canonical form by the fast parser (fastline.go),
// several times faster than record.Unmarshal. It does not check the
// schema. JSON Lines readers outside this package (quire diff) use it so
// that strict decoding does not bound them.
func DecodeLine(line []byte) (*record.Record, error) {
	if r, ok := parseCanonical(line); ok {
		return r, nil
	}
	return record.Unmarshal(line)
}

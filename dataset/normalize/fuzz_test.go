package normalize

import (
	"testing"
)

// FuzzNormalize checks, for any input: no panic; errors are
// *InputErrors; every line is accounted for; the result is deterministic;
// normalizing the record's text again removes nothing and changes nothing.
func FuzzNormalize(f *testing.F) {
	for _, d := range seedDocs(f) {
		f.Add(d.data)
	}
	f.Add([]byte("Headline Of The Day\r\n\r\ndate 2017-01-01 (CNN) — Some text here that is long enough to be prose."))
	n := newNormalizer(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		checkProperties(t, n, data)
	})
}

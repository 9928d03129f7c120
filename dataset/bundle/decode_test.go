package bundle

import (
	"math/rand"
	"reflect"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// decodeAgrees checks DecodeLine's promise on one line: the same record
// and the same error as record.Unmarshal. It returns whether the fast
// parser decided the line.
func decodeAgrees(t *testing.T, line []byte) bool {
	t.Helper()
	got, gotErr := DecodeLine(line)
	want, wantErr := record.Unmarshal(line)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("DecodeLine error %v, record.Unmarshal error %v, for %q", gotErr, wantErr, line)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeLine decodes\n%#v\nrecord.Unmarshal\n%#v\nfrom %q", got, want, line)
	}
	_, fast := parseCanonical(line)
	return fast
}

func TestDecodeLineAgrees(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	bases := append(articleRecords(3, 300), testRecords(3)...)
	fast, slow := 0, 0
	for i := 0; i < 10000; i++ {
		line, err := record.Marshal(randRecord(rng, bases[i%len(bases)]))
		if err != nil {
			continue
		}
		// Schema violations do not matter here: only decoding does.
		if decodeAgrees(t, line) {
			fast++
		} else {
			slow++
		}
		m := []byte(string(line))
		j := rng.Intn(len(m))
		switch rng.Intn(3) {
		case 0:
			const alphabet = "\"\\{}[],:09aZ\x00\xff un"
			m[j] = alphabet[rng.Intn(len(alphabet))]
		case 1:
			m = append(m[:j], m[j+1:]...)
		case 2:
			m = append(m[:j+1], m[j:]...)
		}
		decodeAgrees(t, m)
	}
	if fast < 2000 || slow < 200 {
		t.Fatalf("fast parser decided %d lines, record.Unmarshal %d; want at least 2000 and 200", fast, slow)
	}
}

func FuzzDecodeLine(f *testing.F) {
	for _, r := range append(articleRecords(2, 200), testRecords(2)...) {
		line, _ := record.Marshal(r)
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line []byte) { decodeAgrees(t, line) })
}

package bundle

import (
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

func readFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	return string(b), err
}

func decodeAll(b []byte) ([]byte, error) {
	dec, err := zstd.NewReader(nil)
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	return dec.DecodeAll(b, nil)
}

// countRecords reads rd to its end and returns the number of records,
// failing tb on the first error.
func countRecords(tb testing.TB, rd *Reader) int {
	tb.Helper()
	n := 0
	for {
		_, _, err := rd.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		n++
	}
}

func TestNameRuleSaysMaxNameBytes(t *testing.T) {
	if !strings.Contains(NameRule, " "+strconv.Itoa(MaxNameBytes)+" ") || CheckName(strings.Repeat("a", MaxNameBytes)) != nil || CheckName(strings.Repeat("a", MaxNameBytes+1)) == nil {
		t.Errorf("NameRule %q, CheckName and MaxNameBytes %d disagree", NameRule, MaxNameBytes)
	}
}

package record_test

import (
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/recordtest"
)

// The codec's own benchmarks, on 500 article records of about 4 KB
// (recordtest.Articles) in the latest version. BenchmarkRecordMarshal,
// BenchmarkRecordUnmarshal, BenchmarkCheckLine and BenchmarkPrepare in
// dataset/bundle measure the same steps as the bundle uses them.

func benchLines(b *testing.B) ([]*record.Record, [][]byte, int64) {
	rs := recordtest.Articles(500, 4000)
	var lines [][]byte
	var n int64
	for _, r := range rs {
		l, err := record.Marshal(r)
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, l)
		n += int64(len(l)) + 1
	}
	return rs, lines, n
}

// BenchmarkParseCanonical is the fast parser on canonical lines: what
// the bundle checker and reader and quire diff's JSON Lines side do to
// almost every line.
func BenchmarkParseCanonical(b *testing.B) {
	_, lines, n := benchLines(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			if _, ok := record.Latest.ParseCanonical(l); !ok {
				b.Fatal("not parsed")
			}
		}
	}
}

// BenchmarkDecodeAnyVersion is record.Decode on the same lines, as quire
// diff reads JSON Lines.
func BenchmarkDecodeAnyVersion(b *testing.B) {
	_, lines, n := benchLines(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			if _, _, err := record.Decode(l); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkMarshalExact is the encoder as Prepare uses it.
func BenchmarkMarshalExact(b *testing.B) {
	rs, _, n := benchLines(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, r := range rs {
			if _, _, err := record.Latest.MarshalExact(r); err != nil {
				b.Fatal(err)
			}
		}
	}
}

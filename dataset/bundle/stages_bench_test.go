package bundle

import (
	"bytes"
	"io"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/internal/recordtest"
	"github.com/quire-archive/quire/schema"
)

// Stage benchmarks on records of about 4 KB, the size of a news article,
// which is what the end-to-end figures in docs/BENCHMARKS.md are about.
// Each reports MB/s of canonical record bytes and records/s.

// articleRecords returns n deterministic records of about size bytes of
// text each, with captions and removed lines like a real record.
func articleRecords(n, size int) []*record.Record { return recordtest.Articles(n, size) }

func benchLines(b *testing.B, rs []*record.Record) ([][]byte, int64) {
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
	return lines, n
}

func reportRecords(b *testing.B, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkRecordMarshal is record.Marshal: canonical encoding.
func BenchmarkRecordMarshal(b *testing.B) {
	rs := articleRecords(500, 4000)
	_, size := benchLines(b, rs)
	b.SetBytes(size)
	for i := 0; i < b.N; i++ {
		for _, r := range rs {
			if _, err := record.Marshal(r); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportRecords(b, len(rs))
}

// BenchmarkRecordUnmarshal is record.Unmarshal: strict decoding.
func BenchmarkRecordUnmarshal(b *testing.B) {
	lines, size := benchLines(b, articleRecords(500, 4000))
	b.SetBytes(size)
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			if _, err := record.Unmarshal(l); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportRecords(b, len(lines))
}

// BenchmarkSchemaValidate is gojsonschema on the record bytes, the schema
// compiled once.
func BenchmarkSchemaValidate(b *testing.B) {
	lines, size := benchLines(b, articleRecords(500, 4000))
	sch, err := schema.Record()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			if vs, err := sch.Validate(l); err != nil || len(vs) > 0 {
				b.Fatal(err, vs)
			}
		}
	}
	reportRecords(b, len(lines))
}

// BenchmarkCheckLine is everything the reader does to one record line:
// strict decoding, the canonical check and the schema.
func BenchmarkCheckLine(b *testing.B) {
	lines, size := benchLines(b, articleRecords(500, 4000))
	sch, err := schema.Record()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			if _, ps := checkLine(l, sch); len(ps) > 0 {
				b.Fatal(ps)
			}
		}
	}
	reportRecords(b, len(lines))
}

// BenchmarkPrepare is what a build does to each record on its workers:
// canonical encoding, the checks a reader would make, the line's sha256.
func BenchmarkPrepare(b *testing.B) {
	rs := articleRecords(500, 4000)
	_, size := benchLines(b, rs)
	sch, err := schema.Record()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	for i := 0; i < b.N; i++ {
		for _, r := range rs {
			if _, err := Prepare(sch, r); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportRecords(b, len(rs))
}

// BenchmarkWriteArticles is Writer.Add for every record and Close, on
// one goroutine: encoding, checks, tar, hashing and zstd.
func BenchmarkWriteArticles(b *testing.B) {
	rs := articleRecords(2000, 4000)
	opts := testOptions(b)
	var tarBytes int64
	for i := 0; i < b.N; i++ {
		w, err := NewWriter(io.Discard, opts)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			if err := w.Add(r); err != nil {
				b.Fatal(err)
			}
		}
		s, err := w.Close()
		if err != nil {
			b.Fatal(err)
		}
		tarBytes = s.TarBytes
	}
	b.SetBytes(tarBytes)
	reportRecords(b, len(rs))
}

// BenchmarkCheckArticles is Check at each level.
func BenchmarkCheckArticles(b *testing.B) {
	bundle := build(b, testOptions(b), articleRecords(2000, 4000))
	tarBytes, _ := decodeAll(bundle)
	for _, l := range []Level{LevelFast, LevelComplete, LevelFull} {
		b.Run(l.String(), func(b *testing.B) {
			b.SetBytes(int64(len(tarBytes)))
			for i := 0; i < b.N; i++ {
				rep, _, err := Check(bytes.NewReader(bundle), CheckOptions{Level: l})
				if err != nil || rep.HasErrors() {
					b.Fatal(err, rep.Problems)
				}
			}
			reportRecords(b, 2000)
		})
	}
}

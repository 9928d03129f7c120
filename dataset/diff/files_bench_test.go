package diff

import (
	"bufio"
	"os"
	"testing"
)

// BenchmarkJSONLFiles diffs two JSON Lines files named by
// QUIRE_DIFF_OLD and QUIRE_DIFF_NEW (e.g. written by quire-gen
// -records), with the stat reporter, as quire diff -stat does. It is
// skipped without them.
func BenchmarkJSONLFiles(b *testing.B) {
	oldPath, newPath := os.Getenv("QUIRE_DIFF_OLD"), os.Getenv("QUIRE_DIFF_NEW")
	if oldPath == "" || newPath == "" {
		b.Skip("set QUIRE_DIFF_OLD and QUIRE_DIFF_NEW to two JSON Lines files")
	}
	open := func(path string) (*os.File, Side) {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		return f, NewJSONLSide(bufio.NewReaderSize(f, 1<<20), SideInfo{Label: path})
	}
	for b.Loop() {
		fo, so := open(oldPath)
		fn, sn := open(newPath)
		res, err := Run(so, sn, Options{}, nil)
		fo.Close()
		fn.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Counts.Old+res.Counts.New), "records/op")
	}
}

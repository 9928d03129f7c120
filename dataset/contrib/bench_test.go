package contrib

import (
	"bytes"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

// BenchmarkCheckRecords checks the seeds' records against the seeds.
func BenchmarkCheckRecords(b *testing.B) {
	seeds := loadSeeds(b)
	var lines [][]byte
	for _, s := range seeds {
		lines = append(lines, s.line)
	}
	in := bytes.Join(lines, []byte("\n"))
	opts := newChecker(b, seeds, nil).opts
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		c, _ := New(opts)
		var rep report.Report
		c.CheckRecords(&rep, "b.jsonl", bytes.NewReader(in))
	}
}

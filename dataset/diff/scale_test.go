package diff

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"testing"

	"github.com/quire-archive/quire/dataset/record"
)

// genSide generates n records on the fly, so a diff of millions of
// records needs no memory for the inputs. The new version edits every
// 10th record, drops every 100th, adds one after every 100th+50th and
// renames every 1000th+7th.
type genSide struct {
	n, i    int
	new     bool
	pending *record.Record
}

func genRecord(i int, id string, edited bool) *record.Record {
	text := fmt.Sprintf("Paragraph one of %d.\n\nParagraph two of %d.\n\nParagraph three.", i, i)
	if edited {
		text = fmt.Sprintf("Paragraph one of %d.\n\nParagraph two of %d, corrected.\n\nParagraph three.", i, i)
	}
	return &record.Record{
		ID:           id,
		Title:        sp("Title " + strconv.Itoa(i)),
		Text:         text,
		Source:       record.Source{Name: id + ".txt", Bytes: 100, SHA256: "0000000000000000000000000000000000000000000000000000000000000000"},
		RulesVersion: "1.0.0",
	}
}

func (g *genSide) Next() (*record.Record, error) {
	if g.pending != nil {
		r := g.pending
		g.pending = nil
		return r, nil
	}
	for g.i < g.n {
		i := g.i
		g.i++
		id := fmt.Sprintf("r%09d", i)
		if !g.new {
			return genRecord(i, id, false), nil
		}
		if i%100 == 50 {
			g.pending = genRecord(-i, id+"-added", false)
		}
		switch {
		case i%100 == 0:
			if g.pending != nil {
				r := g.pending
				g.pending = nil
				return r, nil
			}
			continue
		case i%1000 == 7:
			return genRecord(i, id+"z", false), nil
		default:
			return genRecord(i, id, i%10 == 3), nil
		}
	}
	return nil, io.EOF
}

func (g *genSide) Info() SideInfo { return SideInfo{} }

func expectedCounts(n int) Counts {
	var c Counts
	for i := range n {
		c.Old++
		switch {
		case i%100 == 0:
			c.Removed++
		case i%1000 == 7:
			c.Renamed++
			c.New++
		case i%10 == 3:
			c.Changed++
			c.New++
		default:
			c.Unchanged++
			c.New++
		}
		if i%100 == 50 {
			c.Added++
			c.New++
		}
	}
	return c
}

// memProbe is a Reporter that samples the live heap every every
// changes.
type memProbe struct {
	every, n int
	peak     uint64
}

func (m *memProbe) sample() {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m.peak = max(m.peak, ms.HeapAlloc)
}

func (m *memProbe) Change(*Change) error {
	if m.n++; m.n%m.every == 0 {
		m.sample()
	}
	return nil
}
func (m *memProbe) End(*Result) error { m.sample(); return nil }

func TestScale(t *testing.T) {
	n := 50_000
	if testing.Short() {
		n = 5_000
	}
	probe := &memProbe{every: 1000}
	res, err := Run(&genSide{n: n}, &genSide{n: n, new: true}, Options{}, probe)
	if err != nil {
		t.Fatal(err)
	}
	if want := expectedCounts(n); res.Counts != want {
		t.Errorf("counts: got %+v, want %+v", res.Counts, want)
	}
	// The rename state is 2% of records here; everything else is one
	// record per side. 16 MB is far above what this needs and far below
	// what holding all records would take.
	if probe.peak > 16<<20 {
		t.Errorf("live heap peaked at %d bytes", probe.peak)
	}
	t.Logf("n=%d: live heap peak %.1f MB", n, float64(probe.peak)/(1<<20))
}

// BenchmarkDiff diffs two generated versions of QUIRE_DIFF_N records
// (default 10000) per iteration, JSON output to io.Discard.
func BenchmarkDiff(b *testing.B) {
	n := 10_000
	if s := os.Getenv("QUIRE_DIFF_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(&genSide{n: n}, &genSide{n: n, new: true}, Options{}, NewJSON(io.Discard)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "records/op")
}

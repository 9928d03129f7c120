package bundle

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

var (
	update       = flag.Bool("update", false, "rewrite the fault table in docs/FAULTS.md")
	faultsCorpus = flag.Bool("faults-corpus", false, "write a sample of the fault cases to testdata/fuzz/FuzzCheck")
)

// Bounds each fault case must stay within: generous (the measured
// maxima, in docs/FAULTS.md, are far lower), so that a slow CI machine
// does not fail, but a hang or a leak does. The race detector slows
// Check five- to tenfold, so under -race the time bound is ten times
// larger (raceSlowdown, race_test.go).
const (
	faultMaxTime  = 5 * time.Second * raceSlowdown
	faultMaxAlloc = 512 << 20 // bytes allocated by one Check
)

// fastClasses must be caught by LevelFast already: they damage the
// container, which every level reads.
var fastClasses = []string{"zstd-header-flip", "zstd-block-flip", "zstd-checksum-flip", "trailer-flip", "truncation",
	"trailing-garbage", "tar-header-flip", "tar-padding", "tar-end-blocks", "unsafe-path", "link-device-fifo",
	"decompression-bomb", "line-too-long"}

// faultBase is the valid bundle the suite damages: 20 records in one
// shard, and release notes so every kind of member is present.
func faultBase(t testing.TB) []byte {
	opts := testOptions(t)
	opts.Notes = []byte("# Release notes\n\nFirst release.\n")
	return build(t, opts, testRecords(20))
}

type faultResult struct {
	caught   [3]bool // by LevelFast, LevelComplete, LevelFull
	rep      *report.Report
	dur      time.Duration // of the LevelFull check
	alloc    uint64        // bytes allocated by the LevelFull check
	panicked string
	readerOK bool // Reader read to io.EOF without an error
}

// runFault checks one case at every level and through Reader.
func runFault(sch *schema.Schema, c faultCase) (res faultResult) {
	defer func() {
		if p := recover(); p != nil {
			res.panicked = fmt.Sprint(p)
		}
	}()
	opts := CheckOptions{Schema: sch, MaxDecompressedBytes: c.max, Path: "fault.tar.zst"}
	for i, l := range []Level{LevelFast, LevelComplete, LevelFull} {
		opts.Level = l
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		rep, _, err := Check(bytes.NewReader(c.b), opts)
		d := time.Since(start)
		runtime.ReadMemStats(&after)
		if err != nil {
			res.panicked = "I/O error from an in-memory reader: " + err.Error()
			return res
		}
		res.caught[i] = rep.HasErrors()
		if l == LevelFull {
			res.rep, res.dur, res.alloc = rep, d, after.TotalAlloc-before.TotalAlloc
		}
	}
	opts.Level = LevelFull
	if rd, err := Open(bytes.NewReader(c.b), opts); err == nil {
		for err == nil {
			_, _, err = rd.Next()
		}
		res.readerOK = err == io.EOF
	}
	return res
}

// TestFaults derives more than a thousand damaged bundles from a valid
// one (faults_gen_test.go) and wants every one rejected at LevelFull
// with a problem that names it, by Check and by Reader, never a panic,
// within faultMaxTime and faultMaxAlloc. It also records which level
// first catches each class, and compares that table with docs/FAULTS.md
// (-update rewrites it).
func TestFaults(t *testing.T) {
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	good := faultBase(t)
	if rep := mustCheck(t, good, LevelFull); len(rep.Problems) > 0 {
		t.Fatalf("base bundle: %v", rep.Problems)
	}
	top, ms := unpack(t, good)
	if !bytes.Equal(reseal(t, top, ms), good) {
		t.Fatal("reseal(unpack(good)) differs from good: the harness is not faithful")
	}
	cases := genFaults(t, good)
	if len(cases) < 1000 {
		t.Errorf("%d fault cases, want at least 1000", len(cases))
	}
	type classStat struct {
		n      int
		caught [3]int
		codes  map[report.Code]bool
		dur    time.Duration // the slowest case's LevelFull check
		alloc  uint64        // the most any case's LevelFull check allocated
	}
	stats := map[string]*classStat{}
	var order []string
	var maxDur time.Duration
	var maxAlloc uint64
	var slowest, hungriest string
	for _, c := range cases {
		id := c.class + ": " + c.name
		res := runFault(sch, c)
		st := stats[c.class]
		if st == nil {
			st = &classStat{codes: map[report.Code]bool{}}
			stats[c.class] = st
			order = append(order, c.class)
		}
		st.n++
		if res.panicked != "" {
			t.Errorf("%s: panic: %s", id, res.panicked)
			continue
		}
		for i, ok := range res.caught {
			if ok {
				st.caught[i]++
			}
		}
		if !res.caught[2] {
			t.Errorf("%s: accepted", id)
		}
		if res.readerOK {
			t.Errorf("%s: Reader read it without an error", id)
		}
		got := map[report.Code]bool{}
		for _, p := range res.rep.Problems {
			got[p.Code] = true
			st.codes[p.Code] = true
			if p.Code.Num == 0 || p.Msg == "" {
				t.Errorf("%s: a problem without a code or message: %+v", id, p)
			}
			if c.only && !slices.Contains(c.want, p.Code) {
				t.Errorf("%s: unexpected %v (want only %v): %s", id, p.Code, c.want, p)
			}
		}
		if len(c.want) > 0 && !slices.ContainsFunc(c.want, func(w report.Code) bool { return got[w] }) {
			t.Errorf("%s: want one of %v, got:\n%s", id, c.want, problems(res.rep))
		}
		st.dur, st.alloc = max(st.dur, res.dur), max(st.alloc, res.alloc)
		if c.class == "decompression-bomb" || c.class == "line-too-long" {
			t.Logf("%s: %v, %.1f MiB allocated", id, res.dur.Round(time.Millisecond), float64(res.alloc)/(1<<20))
		}
		if res.dur > maxDur {
			maxDur, slowest = res.dur, id
		}
		if res.alloc > maxAlloc {
			maxAlloc, hungriest = res.alloc, id
		}
		if res.dur > faultMaxTime || res.alloc > faultMaxAlloc {
			t.Errorf("%s: took %v and allocated %d bytes, over the bounds %v and %d", id, res.dur, res.alloc, faultMaxTime, faultMaxAlloc)
		}
	}
	t.Logf("%d cases; slowest %v (%s); most allocated %.1f MiB (%s)", len(cases), maxDur, slowest, float64(maxAlloc)/(1<<20), hungriest)
	for _, cl := range fastClasses {
		if st := stats[cl]; st == nil || st.caught[0] != st.n {
			t.Errorf("class %s: LevelFast must catch every case", cl)
		}
	}

	var tab strings.Builder
	fmt.Fprintf(&tab, "| Class | Cases | Caught by fast | complete | full | Codes reported (full) |\n")
	fmt.Fprintf(&tab, "|---|---:|---:|---:|---:|---|\n")
	total := 0
	for _, cl := range order {
		st := stats[cl]
		total += st.n
		var codes []string
		for c := range st.codes {
			codes = append(codes, c.ID())
		}
		sort.Strings(codes)
		fmt.Fprintf(&tab, "| %s | %d | %d | %d | %d | %s |\n", cl, st.n, st.caught[0], st.caught[1], st.caught[2], strings.Join(codes, " "))
	}
	fmt.Fprintf(&tab, "| **total** | **%d** | | | | |\n", total)
	checkFaultTable(t, tab.String())
	var meas strings.Builder
	for _, cl := range order {
		fmt.Fprintf(&meas, "| %s | %.1f ms | %.1f MiB |\n", cl, float64(stats[cl].dur.Microseconds())/1000, float64(stats[cl].alloc)/(1<<20))
	}
	t.Logf("measured maxima per class (LevelFull check):\n%s", meas.String())

	if *faultsCorpus {
		writeFaultCorpus(t)
	}
}

const (
	tableBegin = "<!-- fault-table: generated by TestFaults in dataset/bundle; go test ./dataset/bundle -run TestFaults -update -->\n"
	tableEnd   = "<!-- /fault-table -->\n"
)

// checkFaultTable compares the table with the one in docs/FAULTS.md.
func checkFaultTable(t *testing.T, table string) {
	path := filepath.Join("..", "..", "docs", "FAULTS.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(doc), tableBegin)
	old, after, ok2 := strings.Cut(rest, tableEnd)
	if !ok1 || !ok2 {
		t.Fatalf("%s: no fault table markers", path)
	}
	if old == table {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(before+tableBegin+table+tableEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: fault table out of date (run with -update):\n%s", path, table)
}

// writeFaultCorpus writes small fault cases, two per class, as seed
// inputs of FuzzCheck; TestFaults covers the big ones.
func writeFaultCorpus(t *testing.T) {
	opts := testOptions(t)
	opts.Notes = []byte("# notes\n")
	small := build(t, opts, testRecords(4))
	dir := filepath.Join("testdata", "fuzz", "FuzzCheck")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	perClass := map[string][]faultCase{}
	var classes []string
	for _, c := range genFaults(t, small) {
		// Small inputs only, and no bombs: a few KB that expand to
		// megabytes cost the fuzzer a second per execution.
		if len(c.b) > 8<<10 || c.max != 0 {
			continue
		}
		if tb, err := decodeAll(c.b); err == nil && len(tb) > 1<<20 {
			continue
		}
		if perClass[c.class] == nil {
			classes = append(classes, c.class)
		}
		perClass[c.class] = append(perClass[c.class], c)
	}
	for _, cl := range classes {
		cs := perClass[cl]
		for k, c := range []faultCase{cs[0], cs[len(cs)/2]} {
			entry := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", c.b)
			name := filepath.Join(dir, fmt.Sprintf("fault-%s-%d", cl, k))
			if err := os.WriteFile(name, []byte(entry), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

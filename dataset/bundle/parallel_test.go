package bundle

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/quire-archive/quire/dataset/record"
	"github.com/quire-archive/quire/dataset/report"
)

// TestCheckWorkersSameReport: Check hands records to workers in
// batches; the report must not depend on how many, and every problem
// must carry the line and record of the line it is about.
func TestCheckWorkersSameReport(t *testing.T) {
	b := build(t, testOptions(t), articleRecords(3000, 700))
	top, ms := unpack(t, b)
	i := find(ms, shardPath(0))
	lines := strings.SplitAfter(string(ms[i].body), "\n")
	lines = lines[:len(lines)-1]
	bad := map[int]report.Code{}
	for n := 7; n < len(lines); n += 211 {
		switch (n / 211) % 4 {
		case 0:
			lines[n] = strings.Replace(lines[n], `"published":"2024-03-05"`, `"published":"2024-13-05"`, 1)
			bad[n+1] = report.SchemaViolation
		case 1:
			lines[n] = strings.Replace(lines[n], `{"id":`, `{ "id":`, 1)
			bad[n+1] = report.NotCanonical
		case 2:
			lines[n] = lines[n-1] // a duplicate of the line before
			bad[n+1] = report.DuplicateID
		case 3:
			lines[n] = `{"id":` + "\n"
			bad[n+1] = report.RecordJSON
		}
	}
	ms[i].body = []byte(strings.Join(lines, ""))
	bundle := pack(t, top, ms, true)

	var first *report.Report
	for _, workers := range []int{1, 2, 5} {
		rep, _, err := Check(bytes.NewReader(bundle), CheckOptions{Level: LevelFull, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = rep
			continue
		}
		if diff := cmp.Diff(first.Problems, rep.Problems); diff != "" {
			t.Fatalf("workers=%d: report differs from workers=1 (-1 +%d):\n%s", workers, workers, diff)
		}
	}
	found := map[int]bool{}
	for _, p := range first.Problems {
		if c, ok := bad[p.Line]; ok && p.Code == c && p.Member == top+"/"+shardPath(0) {
			found[p.Line] = true
		}
	}
	for n, c := range bad {
		if !found[n] {
			t.Errorf("no %v problem at line %d; report:\n%s", c, n, problems(first))
		}
	}
	// The duplicate at line n+1 is a copy of record n-1: the verdict
	// reached the right line.
	n := 7 + 211*2
	want := fmt.Sprintf("%07d_", n-1)
	for _, p := range first.Problems {
		if p.Line == n+1 && p.Code == report.DuplicateID && !strings.HasPrefix(p.Record, want) {
			t.Errorf("duplicate at line %d names record %q, want %s…", p.Line, p.Record, want)
		}
	}
}

// TestReaderWorkers: Reader checks lines ahead on several goroutines;
// the records and lines it returns, and where it fails, must not depend
// on how many.
func TestReaderWorkers(t *testing.T) {
	recs := articleRecords(3000, 700) // several batches of batchBytes
	b := build(t, testOptions(t), recs)
	top, ms := unpack(t, b)
	i := find(ms, shardPath(0))
	lines := strings.SplitAfter(string(ms[i].body), "\n")
	lines[2500] = strings.Replace(lines[2500], `{"id":`, `{ "id":`, 1)
	ms[i].body = []byte(strings.Join(lines, ""))
	broken := pack(t, top, ms, true)

	for _, workers := range []int{1, 2, 5} {
		rd, err := Open(bytes.NewReader(b), CheckOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for ; ; n++ {
			r, line, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("workers=%d: record %d: %v", workers, n, err)
			}
			if want, _ := record.Marshal(recs[n]); r.ID != recs[n].ID || string(line) != string(want) {
				t.Fatalf("workers=%d: record %d is %q, want %q", workers, n, r.ID, recs[n].ID)
			}
		}
		if n != len(recs) || rd.Manifest() == nil {
			t.Fatalf("workers=%d: %d records (want %d), manifest %v", workers, n, len(recs), rd.Manifest())
		}

		rd, err = Open(bytes.NewReader(broken), CheckOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		for n = 0; ; n++ {
			if _, _, err = rd.Next(); err != nil {
				break
			}
		}
		var ie *InvalidError
		if !errors.As(err, &ie) || n != 2500 || !strings.Contains(err.Error(), "canonical") {
			t.Fatalf("workers=%d: after %d records: %v; want a canonical-form error after 2500", workers, n, err)
		}
	}
}

// TestCheckLeavesNoGoroutines: Check hashes on goroutines of its own
// (asyncSum) and checks records on a pool; whatever the bundle, valid
// or cut anywhere, they must all have ended when it returns.
func TestCheckLeavesNoGoroutines(t *testing.T) {
	b := build(t, testOptions(t), articleRecords(600, 700))
	before := runtime.NumGoroutine()
	for _, n := range []int{len(b), len(b) - 10, len(b) / 2, len(b) / 3, 2000, 100} {
		rep, _, err := Check(bytes.NewReader(b[:n]), CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if n == len(b) && rep.HasErrors() {
			t.Fatalf("valid bundle: %s", problems(rep))
		}
		if n < len(b) && !rep.HasErrors() {
			t.Fatalf("bundle cut at %d of %d bytes: no errors", n, len(b))
		}
	}
	// Pool workers end when their channel closes, a moment after Check
	// returns.
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines before Check, %d after", before, n)
	}
}

package contrib

import (
	"bytes"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

// FuzzCheckRecords feeds arbitrary bytes to the JSON Lines checker. It
// must not panic, must report the same problems twice, and every problem
// must have a known code and a line of the input.
func FuzzCheckRecords(f *testing.F) {
	seeds := loadSeeds(f)
	var all [][]byte
	for _, s := range seeds {
		f.Add(s.line)
		all = append(all, s.line)
		f.Add(bytes.Replace(s.line, []byte(`"text":"`), []byte(`"text":"Sign up for our newsletter\n\n`), 1))
		f.Add(s.line[:len(s.line)/2])
	}
	f.Add(bytes.Join(all, []byte("\n")))
	f.Add([]byte("{\"id\":\"a\",\"id\":\"a\"}\n\xff\n\n{}"))
	f.Add([]byte(`{"id":"\ud800"}`))
	known := map[report.Code]bool{}
	for _, c := range report.All() {
		known[c] = true
	}
	opts := newChecker(f, seeds, func(o *Options) { o.MaxLineBytes = 1 << 16 }).opts
	f.Fuzz(func(t *testing.T, data []byte) {
		run := func() string {
			c, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			var rep report.Report
			if err := c.CheckRecords(&rep, "f.jsonl", bytes.NewReader(data)); err != nil {
				t.Fatalf("CheckRecords on a byte slice: %v", err)
			}
			lines := bytes.Count(data, []byte("\n")) + 1
			for _, p := range rep.Problems {
				if !known[p.Code] || p.Path != "f.jsonl" || p.Line < 1 || p.Line > lines {
					t.Fatalf("bad problem %v (input has %d lines)", p, lines)
				}
			}
			return codes(&rep)
		}
		if a, b := run(), run(); a != b {
			t.Fatalf("two runs differ:\n%s\n---\n%s", a, b)
		}
	})
}

package contrib

import (
	"bytes"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/report"
)

// TestJSONLWithBOM: a JSON Lines file that starts with a UTF-8
// byte-order mark is JSON Lines (IsJSONL, the one rule every command
// uses), and the checker says what is wrong with it — the mark, as an
// error, since JSON Lines has none — then checks its records as if the
// mark were not there, instead of calling the first record broken JSON.
func TestJSONLWithBOM(t *testing.T) {
	seeds := loadSeeds(t)
	in := append([]byte("\ufeff"), seeds[0].line...)
	in = append(in, '\n')
	if !IsJSONL(in) {
		t.Fatal("IsJSONL is false with a BOM")
	}
	c := newChecker(t, nil, nil)
	var rep report.Report
	if err := c.CheckRecords(&rep, "bom.jsonl", bytes.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	got := codes(&rep)
	if !strings.Contains(got, "bom.jsonl:1:1: error Q103 bom") {
		t.Errorf("no Q103 error at 1:1:\n%s", got)
	}
	if has(&rep, report.RecordJSON) || has(&rep, report.NotCanonical) {
		t.Errorf("the record after the mark is reported broken:\n%s", got)
	}
}

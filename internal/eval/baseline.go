package eval

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/quire-archive/quire/dataset/normalize"
	"github.com/quire-archive/quire/dataset/record"
)

// LineLength is the reference baseline: keep every line of at
// least Min characters (the scorer's measure: runes after trimming), drop
// the rest. It writes a proper audit trail, so it goes through the same
// scorer and consistency checks as the real normalizer.
type LineLength struct{ Min int }

// Rule is the rule id the baseline writes into Removed.
func (b LineLength) Rule() string { return fmt.Sprintf("len<%d", b.Min) }

// Normalize implements Normalizer.
func (b LineLength) Normalize(in normalize.Input) (*record.Record, error) {
	sum := sha256.Sum256(in.Data)
	r := &record.Record{
		ID:           in.ID,
		Source:       record.Source{Name: in.Name, Bytes: int64(len(in.Data)), SHA256: hex.EncodeToString(sum[:])},
		RulesVersion: "baseline",
	}
	var kept []string
	for i, ln := range SplitLines(in.Data) {
		switch c := measure(ln); {
		case c == 0:
		case c >= b.Min:
			kept = append(kept, strings.TrimSpace(ln))
		default:
			r.Removed = append(r.Removed, record.Removed{Line: i + 1, Text: ln, Rule: b.Rule()})
		}
	}
	r.Text = strings.Join(kept, "\n\n")
	return r, nil
}

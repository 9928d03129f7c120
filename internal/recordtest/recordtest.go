// Package recordtest makes deterministic, valid records for the tests
// and benchmarks of the packages that write, check and read them
// (dataset/bundle, dataset/record/linecheck), so that each does not keep
// its own copy. It imports dataset/record only.
package recordtest

import (
	"fmt"
	"strings"

	"github.com/quire-archive/quire/dataset/record"
)

func str(s string) *string { return &s }

// Simple returns n small valid records with ids in order: a title, a
// date, a caption and a removed line, no outlet, authors or language.
func Simple(n int) []*record.Record {
	var rs []*record.Record
	for i := 0; i < n; i++ {
		text := fmt.Sprintf("Paragraph %d of a test article.\n\nSecond paragraph, with ünïcode & <html>.", i)
		rs = append(rs, &record.Record{
			ID:           fmt.Sprintf("doc-%06d", i),
			Title:        str(fmt.Sprintf("Title %d", i)),
			Published:    str("2024-01-02"),
			Text:         text,
			Captions:     []record.Caption{{Line: 3, Text: "A photo", Credit: str("AP")}},
			Removed:      []record.Removed{{Line: 1, Text: "Advertisement", Rule: "ads:banner"}},
			Source:       record.Source{Name: fmt.Sprintf("doc-%06d.txt", i), Bytes: int64(len(text) + 20), SHA256: strings.Repeat("ab", 32)},
			RulesVersion: "1.2.0",
		})
	}
	return rs
}

// Articles returns n valid records with ids in order, of about size
// bytes of text each, with captions and removed lines like a real
// record.
func Articles(n, size int) []*record.Record {
	words := strings.Fields("the council said on tuesday that its plan for the city's new harbour " +
		"would cost more than expected, and residents — who had waited years — asked why " +
		"Zürich São Paulo naïve café “quoted” 2024 reporters officials minister")
	rs := make([]*record.Record, n)
	for i := range rs {
		var b strings.Builder
		for j := 0; b.Len() < size; j++ {
			b.WriteString(words[(i*7+j*13)%len(words)])
			switch {
			case j%97 == 96:
				b.WriteString(".\n\n")
			case j%17 == 16:
				b.WriteString(". ")
			default:
				b.WriteByte(' ')
			}
		}
		text := strings.TrimSpace(b.String())
		rs[i] = &record.Record{
			ID:        fmt.Sprintf("%07d_%016x", i, uint64(i)*0x9e3779b97f4a7c15),
			Title:     str(fmt.Sprintf("Harbour plan %d costs more than expected", i)),
			Outlet:    str("The Daily"),
			Published: str("2024-03-05"),
			Text:      text,
			Captions:  []record.Caption{{Line: 4, Text: "The harbour at dawn.", Credit: str("Photo: A. Person")}},
			Removed: []record.Removed{
				{Line: 1, Text: "Advertisement", Rule: "boiler:ad"},
				{Line: 30, Text: "Share this article on social media", Rule: "boiler:share", Why: "share prompt"},
			},
			Source:       record.Source{Name: fmt.Sprintf("%07d.txt", i), Bytes: int64(len(text) + 200), SHA256: strings.Repeat("0f", 32)},
			RulesVersion: "1.2.0",
		}
	}
	return rs
}

package contrib

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/quire-archive/quire/dataset/report"
)

// TestUTF16Named: a document saved as UTF-16 or UTF-32 (what some
// Windows editors write) is one error that names the encoding and the
// conversion, not a flood of invalid bytes and NULs with advice to
// convert from windows-1252.
func TestUTF16Named(t *testing.T) {
	text := strings.Repeat("The council voted on Tuesday to repair the old bridge. ", 20)
	u16 := func(order binary.ByteOrder, bom bool) []byte {
		var b bytes.Buffer
		units := utf16.Encode([]rune(text))
		if bom {
			units = append([]uint16{0xfeff}, units...)
		}
		binary.Write(&b, order, units)
		return b.Bytes()
	}
	u32 := func(order binary.ByteOrder) []byte {
		var b bytes.Buffer
		binary.Write(&b, order, append([]rune{0xfeff}, []rune(text)...))
		return b.Bytes()
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"le.txt", u16(binary.LittleEndian, true), "UTF-16 little-endian (byte-order mark FF FE)"},
		{"be.txt", u16(binary.BigEndian, true), "UTF-16 big-endian (byte-order mark FE FF)"},
		{"le-nobom.txt", u16(binary.LittleEndian, false), "UTF-16 little-endian (no byte-order mark"},
		{"be-nobom.txt", u16(binary.BigEndian, false), "UTF-16 big-endian (no byte-order mark"},
		{"le32.txt", u32(binary.LittleEndian), "UTF-32 little-endian (byte-order mark FF FE 00 00)"},
		{"be32.txt", u32(binary.BigEndian), "UTF-32 big-endian (byte-order mark 00 00 FE FF)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChecker(t, nil, nil)
			var rep report.Report
			if _, err := c.CheckDocument(&rep, tc.name, bytes.NewReader(tc.data)); err != nil {
				t.Fatal(err)
			}
			got := codes(&rep)
			if e, _ := rep.Counts(); e != 1 || !strings.Contains(got, "error Q101 invalid-utf8: the file is "+tc.want) || !strings.Contains(got, "iconv -f UTF-") {
				t.Errorf("want one Q101 naming %q and iconv, got:\n%s", tc.want, got)
			}
		})
	}
}

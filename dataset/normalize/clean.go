package normalize

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/quire-archive/quire/dataset/report"
)

// Line is one non-blank line after input hygiene.
type Line struct {
	N     int    // 1-based line number in the raw input (split at LF, CRLF, CR)
	Block int    // 0-based block index: blocks are runs of non-blank lines
	Text  string // cleaned text: NFC, single spaces, trimmed, never empty
}

// Cleaned is a document after input hygiene, with the notes a validator
// reports as warnings.
type Cleaned struct {
	Lines []Line
	// BOM is set when the input started with a UTF-8 byte-order mark.
	BOM bool
	// LF, CRLF and CR count the line endings of each kind.
	LF, CRLF, CR int
	// Invisible counts the invisible, format and control characters
	// removed (spaces mapped to U+0020 are not counted).
	Invisible int
}

// MixedNewlines reports whether more than one kind of line ending occurs.
func (c *Cleaned) MixedNewlines() bool {
	kinds := 0
	for _, n := range []int{c.LF, c.CRLF, c.CR} {
		if n > 0 {
			kinds++
		}
	}
	return kinds > 1
}

var bom = []byte("\ufeff")

// Clean applies input hygiene to one raw document. It rejects (with an
// *InputError) documents over MaxDocumentBytes, invalid UTF-8, NUL bytes
// and documents with no text; it never repairs bytes it cannot read.
func Clean(data []byte) (*Cleaned, error) {
	if len(data) > MaxDocumentBytes {
		return nil, &InputError{Code: report.DocTooLarge, Offset: -1,
			Msg: fmt.Sprintf("document is %d bytes, over the limit of %d", len(data), MaxDocumentBytes)}
	}
	if err := checkBytes(data); err != nil {
		return nil, err
	}
	c := &Cleaned{}
	if bytes.HasPrefix(data, bom) {
		c.BOM = true
		data = data[len(bom):]
	}
	// One string for the whole document: lines are cut from it, not
	// allocated one by one.
	all := string(data)
	c.Lines = make([]Line, 0, bytes.Count(data, []byte{'\n'})+1)
	n, block, blank, off := 0, 0, false, 0
	splitLines(data, func(raw []byte, end lineEnd) {
		n++
		switch end {
		case endLF:
			c.LF++
		case endCRLF:
			c.CRLF++
		case endCR:
			c.CR++
		}
		text, removed := cleanLine(all[off : off+len(raw)])
		off += len(raw) + len(end)
		c.Invisible += removed
		if text == "" {
			blank = true
			return
		}
		if blank && len(c.Lines) > 0 {
			block++
		}
		blank = false
		c.Lines = append(c.Lines, Line{N: n, Block: block, Text: text})
	})
	if len(c.Lines) == 0 {
		return nil, &InputError{Code: report.DocEmpty, Offset: -1, Msg: "document has no text"}
	}
	return c, nil
}

// lineEnd is how a raw line ended: its terminator, "" for the last line
// without one.
type lineEnd string

const (
	endNone lineEnd = ""
	endLF   lineEnd = "\n"
	endCRLF lineEnd = "\r\n"
	endCR   lineEnd = "\r"
)

// splitLines calls line for each line of data split at LF, CRLF and CR,
// without its terminator: n terminators give n+1 lines (the last one
// empty when data ends with a terminator), and empty data one empty line.
func splitLines(data []byte, line func(raw []byte, end lineEnd)) {
	// Most documents have no CR: then a line ends at the next LF, which
	// IndexByte finds with SIMD (IndexAny of two bytes does not).
	hasCR := bytes.IndexByte(data, '\r') >= 0
	for {
		var i int
		if hasCR {
			i = bytes.IndexAny(data, "\r\n")
		} else {
			i = bytes.IndexByte(data, '\n')
		}
		if i < 0 {
			line(data, endNone)
			return
		}
		switch {
		case data[i] == '\n':
			line(data[:i], endLF)
			data = data[i+1:]
		case i+1 < len(data) && data[i+1] == '\n':
			line(data[:i], endCRLF)
			data = data[i+2:]
		default:
			line(data[:i], endCR)
			data = data[i+1:]
		}
	}
}

// checkBytes finds the first invalid UTF-8 sequence or NUL byte.
func checkBytes(data []byte) error {
	if utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 {
		return nil
	}
	line := 1
	for off := 0; off < len(data); {
		b := data[off]
		if b < utf8.RuneSelf {
			switch b {
			case 0:
				return &InputError{Code: report.NULByte, Offset: int64(off), Line: line, Msg: "NUL byte"}
			case '\n':
				line++
			case '\r':
				if off+1 >= len(data) || data[off+1] != '\n' {
					line++
				}
			}
			off++
			continue
		}
		r, size := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && size == 1 {
			return &InputError{Code: report.InvalidUTF8, Offset: int64(off), Line: line,
				Msg: fmt.Sprintf("invalid UTF-8 byte %#02x", b)}
		}
		off += size
	}
	return nil
}

// cleanLine maps Unicode spaces to a space, removes invisible characters,
// applies NFC, collapses runs of spaces and trims. It returns the number
// of characters removed.
//
// ZERO WIDTH JOINER and NON-JOINER are kept only between two visible
// non-ASCII characters (emoji sequences, Indic and Arabic-script words,
// where they change the rendering); elsewhere, as in Latin text, they are
// invisible noise and are removed. Every other format character (Cf:
// soft hyphen, ZWSP, word joiner, BOM, bidi controls, tags) and every
// control character other than tab is removed. Vertical tab, form feed,
// NEL and the Unicode line and paragraph separators become spaces, so
// that words they separate stay apart.
func cleanLine(s string) (string, int) {
	if isPlainASCII(s) {
		return collapse(s), 0
	}
	if common, inert := commonRunes(s); inert {
		return collapse(s), 0 // already NFC
	} else if common {
		return collapse(norm.NFC.String(s)), 0
	}
	var b strings.Builder
	b.Grow(len(s))
	removed := 0
	var prev rune = -1
	for i, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f || r >= 0x2010 && r <= 0x2027 || r >= 0xc0 && r < 0x600:
			b.WriteRune(r) // letters, curly quotes, dashes: the common case, neither space nor invisible
		case r == '\t' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case r == 0x200C || r == 0x200D:
			var next rune = -1
			if j := i + utf8.RuneLen(r); j < len(s) {
				next, _ = utf8.DecodeRuneInString(s[j:])
			}
			if visibleNonASCII(prev) && visibleNonASCII(next) {
				b.WriteRune(r)
			} else {
				removed++
			}
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Cc, r):
			removed++
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return collapse(norm.NFC.String(b.String())), removed
}

// commonRunes reports whether s holds only runes cleanLine copies as
// they are (the first case of its switch), so that it can skip the copy,
// and, inert, whether they are also runes NFC leaves alone (nfcInert).
func commonRunes(s string) (common, inert bool) {
	inert = true
	for _, r := range s {
		if !(r >= 0x20 && r < 0x7f || r >= 0x2010 && r <= 0x2027 || r >= 0xc0 && r < 0x600) {
			return false, false
		}
		inert = inert && nfcInert(r)
	}
	return true, inert
}

// nfcInert reports whether NFC leaves r alone wherever it stands: ASCII,
// Latin-1 to Latin Extended-B letters, and the dashes and quotes of
// U+2010–U+2027 are all starters that NFC neither decomposes nor
// composes with a neighbour (TestNFCInert checks every one, and every
// pair). Latin text with curly quotes then skips NFC's look-ups.
func nfcInert(r rune) bool {
	return r < 0x7f || r >= 0xc0 && r <= 0x24f || r >= 0x2010 && r <= 0x2027
}

func visibleNonASCII(r rune) bool {
	return r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsSymbol(r))
}

func isPlainASCII[T string | []byte](s T) bool {
	// Eight bytes at a time: no byte with the high bit, none below 0x20
	// and none 0x7f (a word that might have a tab goes byte by byte).
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		below := (w - 0x20*lo) & ^w & hi
		del := ((w ^ 0x7f*lo) - lo) & ^(w ^ 0x7f*lo) & hi
		if w&hi != 0 || del != 0 {
			return false
		}
		if below != 0 && !asciiBytesOK(s[i:i+8]) {
			return false
		}
	}
	return asciiBytesOK(s[i:])
}

func asciiBytesOK[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// collapse turns tabs and runs of spaces into one space and trims.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\t") && !hasDoubleSpace(s) {
		return strings.TrimSpace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// hasDoubleSpace is strings.Contains(s, "  "), eight bytes at a time: on
// text with a space every few bytes, Contains stops at each one.
func hasDoubleSpace(s string) bool {
	const (
		low7   = 0x7f7f7f7f7f7f7f7f
		spaces = 0x2020202020202020
	)
	prev := false // the byte before i is a space
	i := 0
	for ; i+8 <= len(s); i += 8 {
		v := (uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56) ^ spaces
		z := ^((v&low7 + low7) | v | low7) // bit 7 of each byte that was a space, exactly
		if z&(z<<8) != 0 || prev && z&0x80 != 0 {
			return true
		}
		prev = z>>63 != 0
	}
	for ; i < len(s); i++ {
		space := s[i] == ' '
		if space && prev {
			return true
		}
		prev = space
	}
	return false
}

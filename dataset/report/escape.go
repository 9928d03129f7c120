package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character that is not printable written
// as in a Go string literal: control characters (\n, \r, \x1b, C1
// controls such as \u0085), line and paragraph separators, bidirectional
// and other format characters (\u202e), non-ASCII spaces, and invalid
// UTF-8 bytes (\xff). Untrusted text — file names, archive members,
// record keys, quoted input — goes through it before it reaches a line
// of output, so it can neither start a line of its own (a fake problem,
// a GitHub workflow command) nor move a terminal's cursor or reorder
// what a reader sees. Printable text, the common case, is returned as it
// is, without allocating.
func Escape(s string) string {
	if printable(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case printableRune(r):
			b.WriteString(s[i : i+size])
		default:
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		}
		i += size
	}
	return b.String()
}

// ShowPath is a path as it appears at the start of an output line: as
// it is when it is printable, else quoted as a Go string, so that a
// name holding an escaped "\n" cannot be mistaken for one holding a
// backslash and an "n".
func ShowPath(path string) string {
	if printable(path) {
		return path
	}
	return strconv.QuoteToASCII(path)
}

// printable reports whether Escape would leave s as it is.
func printable(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !printableRune(r) {
			return false
		}
		i += size
	}
	return true
}

// printableRune is strconv's notion of printable, plus the ASCII space.
func printableRune(r rune) bool { return r == ' ' || unicode.IsPrint(r) }

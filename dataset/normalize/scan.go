package normalize

import "strings"

// One reading of a line's bytes for step 1 of the page model
// (features.go): the marks of a list item, the separator tokens, the
// marks of code, the length in runes, and whether a glued teaser's lead
// can start anywhere. Each of these was a loop over the whole line of
// its own; in one loop, the bytes that matter to none of them (small
// letters, most of a line) cost a table look-up each.
//
// s is a cleaned line (Clean: valid UTF-8, single spaces, trimmed).
// lineref_test.go keeps the separate loops; TestLineChecksAgree and
// FuzzLineChecks hold scanLine to them.

// lineScan is what scanLine finds.
type lineScan struct {
	runes int
	shape uint16 // the marks of a list item (features.shape)
	seps  int    // separator tokens: | » › • · / - – — standing alone
	code  bool   // codeLike
	glue  bool   // a capital where gluedTeaser looks for a lead: glued to a small letter or digit, or after ": "
}

// Byte classes of scanLine: what a byte can take part in.
const (
	bSpace uint8 = 1 << iota // ends a token; may start " = " (code)
	bShape                   // a mark of a list item (shapeBits), or the lead byte of "–" and "—"
	bCode                    // may start a mark of code (codeMark)
	bUpper                   // an ASCII capital
	bCont                    // a UTF-8 continuation byte: part of the rune before it
)

var byteClass = func() (t [256]uint8) {
	t[' '] = bSpace
	for c := range 256 {
		if shapeBits[c] != 0 {
			t[c] |= bShape
		}
		if c >= 0x80 && c < 0xC0 {
			t[c] = bCont
		}
	}
	t[0xE2] |= bShape
	for _, c := range []byte("(){};=!-:&|._") {
		t[c] |= bCode
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= bUpper
	}
	return t
}()

// shapeBits are the marks of a list item by byte: digits, colon, dash,
// "@", brackets, "|", "/", "$", "%", "#"; scanLine adds "–" and "—" (as
// "-") and a number at the line's start (1024). Lines of one list share
// their marks; menus of plain words have none.
var shapeBits = [256]uint16{
	'0': 1, '1': 1, '2': 1, '3': 1, '4': 1, '5': 1, '6': 1, '7': 1, '8': 1, '9': 1,
	':': 2, '-': 4, '@': 8, '(': 16, ')': 16, '|': 32, '/': 64, '$': 128, '%': 256, '#': 512,
}

// scanLine reads a cleaned line once.
func scanLine(s string) lineScan {
	var sc lineScan
	sc.code = codePrompt(s)
	marks, codeFrom := 0, 0 // marks of code found, and where the next may start
	token, cont := 0, 0     // start of the current token; continuation bytes
	for i := 0; i < len(s); i++ {
		c := s[i]
		k := byteClass[c]
		if k == 0 {
			continue
		}
		if k == bCont {
			cont++
			continue
		}
		if k&bShape != 0 {
			sc.shape |= shapeBits[c]
			if c == 0xE2 && (strings.HasPrefix(s[i:], "–") || strings.HasPrefix(s[i:], "—")) {
				sc.shape |= shapeBits['-']
			}
		}
		if k&bSpace != 0 {
			sc.seps += separator(s[token:i])
			token = i + 1
		}
		if k&(bCode|bSpace) != 0 && !sc.code && i >= codeFrom && i+1 < len(s) {
			if n, two := codeMark(s, i); n > 0 {
				if marks++; marks >= 3 {
					sc.code = true
				}
				if two {
					codeFrom = i + 2
				}
			}
		}
		if !sc.glue && 0 < i && i+1 < len(s) {
			switch {
			case k&bUpper != 0:
				p, n := s[i-1], s[i+1]
				sc.glue = (p >= 'a' && p <= 'z' || isDigit(p)) && (n == ' ' || n >= 'a' && n <= 'z')
			case c == ':':
				sc.glue = i+2 < len(s) && s[i+1] == ' ' && s[i+2] >= 'A' && s[i+2] <= 'Z'
			}
		}
	}
	sc.seps += separator(s[token:])
	sc.runes = len(s) - cont
	if s != "" && isDigit(s[0]) {
		sc.shape |= 1024 // a quantity or a number leads: "1 tsp cinnamon", "2. Never urged …"
	}
	return sc
}

// separator is 1 for a token that stands for a separator in a menu or a
// link row, else 0.
func separator(w string) int {
	if len(w) == 0 || len(w) > 3 {
		return 0
	}
	switch w {
	case "|", "»", "›", "•", "·", "/", "-", "–", "—":
		return 1
	}
	return 0
}

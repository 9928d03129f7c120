package normalize

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/quire-archive/quire/dataset/record"
)

// maxPiecesPerLine bounds the pieces Account matches against one line;
// the normalizer cuts a line into at most four.
const maxPiecesPerLine = 12

// Account checks that rec accounts for every line of a cleaned document
// exactly once: each line is the title, a line of text, a caption (text
// and credit), removed, or cut into several of these whose non-space
// characters, concatenated in order, are the line's non-space characters.
// Nothing may be left over. It returns the first line that fails.
func Account(lines []Line, rec *record.Record) error {
	var segs []string
	for _, s := range strings.Split(rec.Text, "\n") {
		if s != "" {
			segs = append(segs, s)
		}
	}
	byLine := map[int][]string{}
	for _, c := range rec.Captions {
		byLine[c.Line] = append(byLine[c.Line], c.Text)
		if c.Credit != nil {
			byLine[c.Line] = append(byLine[c.Line], *c.Credit)
		}
	}
	for _, r := range rec.Removed {
		byLine[r.Line] = append(byLine[r.Line], r.Text)
	}
	known := map[int]bool{}
	seg, titleUsed := 0, rec.Title == nil
	for _, l := range lines {
		known[l.N] = true
		fixed := byLine[l.N]
		if len(fixed)+2 > maxPiecesPerLine {
			return fmt.Errorf("line %d: %d pieces", l.N, len(fixed))
		}
		target := squeeze(l.Text)
		ok := false
		// Try the line with the next text segment, the title, both or
		// neither, in that order.
		for _, opt := range [][2]bool{{true, false}, {false, true}, {true, true}, {false, false}} {
			useSeg, useTitle := opt[0], opt[1]
			if (useSeg && seg >= len(segs)) || (useTitle && titleUsed) {
				continue
			}
			ps := append([]string(nil), fixed...)
			if useSeg {
				ps = append(ps, segs[seg])
			}
			if useTitle {
				ps = append(ps, *rec.Title)
			}
			if covers(target, ps) {
				if useSeg {
					seg++
				}
				if useTitle {
					titleUsed = true
				}
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("line %d: %q is not accounted for exactly once", l.N, l.Text)
		}
	}
	if seg < len(segs) {
		return fmt.Errorf("text line %q matches no input line", segs[seg])
	}
	if !titleUsed {
		return fmt.Errorf("title %q matches no input line", *rec.Title)
	}
	for n := range byLine {
		if !known[n] {
			return fmt.Errorf("line %d: caption or removed piece for a line that is blank or absent", n)
		}
	}
	return nil
}

// covers reports whether the pieces, in some order, concatenate to
// target after spaces are dropped. Pieces are few, so a depth-first
// search is cheap.
func covers(target string, pieces []string) bool {
	sq := make([]string, len(pieces))
	for i, p := range pieces {
		sq[i] = squeeze(p)
	}
	used := make([]bool, len(sq))
	var try func(rest string, left int) bool
	try = func(rest string, left int) bool {
		if left == 0 {
			return rest == ""
		}
		for i, p := range sq {
			if !used[i] && strings.HasPrefix(rest, p) {
				used[i] = true
				if try(rest[len(p):], left-1) {
					return true
				}
				used[i] = false
			}
		}
		return false
	}
	return try(target, len(sq))
}

// squeeze drops white space.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// TestOutputCannotBeForged: untrusted strings (file names, archive
// members, JSON pointers, messages quoting input) never start a line of
// their own in the text or github formats, so a file named
// "a\n  error Q101 …" or "a\n::error …" cannot add a fake problem line or
// a fake workflow command, and no terminal escape or bidi control reaches
// the output.
func TestOutputCannotBeForged(t *testing.T) {
	hostile := []string{
		"a.txt\n  error Q101 invalid-utf8: forged",
		"b.txt\n::error file=x.txt,line=1::forged",
		"c.txt\r::warning::forged",
		"d\x1b[2K\x1b[1Gerror Q999 forged.txt",
		"e\u2028::error::forged.txt",
		"f\u202etxt.exe",
		"g\x85::error::forged.txt",
		"h\xff\n::error::forged.txt",
	}
	var r Report
	for i, h := range hostile {
		p := Problem{Path: h, Offset: -1, Line: i + 1}
		r.Addf(p, InvalidUTF8, "message quoting %s", h)
		p.Member, p.Pointer = h, "/"+h
		r.Addf(p, SchemaViolation, "member %s", h)
	}
	r.Sort()
	for _, format := range []string{FormatText, FormatGitHub} {
		var b bytes.Buffer
		if err := Write(&b, format, &r, Run{Inputs: len(hostile)}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if bad := regexp.MustCompile(`[\x00-\x08\x0b-\x1f\x7f\x{80}-\x{9f}\x{2028}\x{2029}\x{202a}-\x{202e}\x{2066}-\x{2069}]`).FindString(out); bad != "" {
			t.Errorf("%s output holds control character %q:\n%s", format, bad, out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		var want int
		switch format {
		case FormatText: // a heading per path, a line per problem, the summary
			want = len(hostile) + len(r.Problems) + 1
			for _, l := range lines {
				if strings.HasPrefix(l, "::") {
					t.Errorf("text line %q looks like a workflow command", l)
				}
			}
		case FormatGitHub: // a command per problem, the summary
			want = len(r.Problems) + 1
			for _, l := range lines[:len(lines)-1] {
				if !strings.HasPrefix(l, "::error file=") {
					t.Errorf("github line %q is not one of quire's commands", l)
				}
			}
		}
		if len(lines) != want {
			t.Errorf("%s: %d lines, want %d:\n%s", format, len(lines), want, out)
		}
	}
}

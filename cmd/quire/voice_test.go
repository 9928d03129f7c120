package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestOneVoice: every command answers a mistake on its command line the
// same way — exit 2, nothing on stdout, and on stderr one "quire: error:"
// line and one "quire: hint:" line pointing to its help; never a bare
// message of the flag package followed by the whole usage text.
func TestOneVoice(t *testing.T) {
	line := regexp.MustCompile(`^quire: error: [^\n]+\nquire: hint: run 'quire [a-z]+ -h' for usage\n$`)
	check := func(args ...string) {
		t.Helper()
		code, out, stderr := quire(t, args...)
		if code != exitTrouble || out != "" || !line.MatchString(stderr) {
			t.Errorf("quire %s: exit %d, stdout %q, stderr:\n%s", strings.Join(args, " "), code, out, stderr)
		}
	}
	for _, c := range commands() {
		check(c.name, "-nosuchflag")
	}
	// Commands that need arguments and got none.
	for _, c := range []string{"validate", "add", "normalize", "inspect", "sign", "diff", "completion"} {
		check(c)
	}
	check("inspect", "-format", "xml", "x.tar.zst")
	check("completion", "tcsh")
	check("version", "extra")
	check("validate", "-near-threshold", "abc", "x.txt")

	code, _, stderr := quire(t)
	if code != exitTrouble || !strings.HasPrefix(stderr, "quire: error: no command given\n") {
		t.Errorf("quire: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = quire(t, "frobnicate")
	if code != exitTrouble || stderr != "quire: error: unknown command \"frobnicate\"\nquire: hint: run 'quire help' for the list of commands\n" {
		t.Errorf("quire frobnicate: exit %d, stderr %q", code, stderr)
	}
	// Help that is asked for goes to stdout, exit 0.
	for _, c := range commands() {
		code, out, stderr := quire(t, c.name, "-h")
		if code != exitOK || stderr != "" || !strings.HasPrefix(out, "USAGE\n  quire "+c.name) {
			t.Errorf("quire %s -h: exit %d, stderr %q, stdout %.40q", c.name, code, stderr, out)
		}
	}
}

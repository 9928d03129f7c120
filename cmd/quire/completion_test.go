package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// helpFlags lists the flags a command's -h output documents: the lines
// "  -name …" of its FLAGS section, as flag.PrintDefaults writes them.
// It is read from the help text, not from the flag sets completion
// uses, so the test below does not check completion against itself.
func helpFlags(t *testing.T, cmd string) []string {
	t.Helper()
	code, out, stderr := quire(t, cmd, "-h")
	if code != exitOK {
		t.Fatalf("quire %s -h: exit %d\n%s", cmd, code, stderr)
	}
	_, flags, ok := strings.Cut(out, "\nFLAGS\n")
	if !ok {
		return nil
	}
	flags, _, _ = strings.Cut(flags, "\nEXIT STATUS")
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^  -([A-Za-z0-9-]+)`).FindAllStringSubmatch(flags, -1) {
		names = append(names, m[1])
	}
	return names
}

// completionScript runs quire completion SHELL.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	code, out, stderr := quire(t, "completion", shell)
	if code != exitOK || stderr != "" {
		t.Fatalf("quire completion %s: exit %d\n%s", shell, code, stderr)
	}
	return out
}

// TestCompletionEveryFlag: every command, and every flag each command's
// help documents, appears in the bash, zsh and fish scripts, in the
// command's part of the script. Adding a flag without it reaching the
// completions cannot happen, since the scripts are made from the flag
// sets; this test would catch a regression of that.
func TestCompletionEveryFlag(t *testing.T) {
	scripts := map[string]string{}
	for _, sh := range shells {
		scripts[sh] = completionScript(t, sh)
	}
	part := func(sh, cmd string) string {
		s := scripts[sh]
		switch sh {
		case "bash", "zsh":
			indent := map[string]string{"bash": "    ", "zsh": "        "}[sh]
			_, rest, ok := strings.Cut(s, "\n"+indent+cmd+")\n")
			if !ok {
				t.Errorf("%s: no part for %s", sh, cmd)
				return ""
			}
			body, _, _ := strings.Cut(rest, "\n"+indent+"    ;;\n")
			return body
		default:
			var lines []string
			for _, l := range strings.Split(s, "\n") {
				if strings.Contains(l, "'__fish_seen_subcommand_from "+cmd+"'") {
					lines = append(lines, l)
				}
			}
			return strings.Join(lines, "\n")
		}
	}
	n := 0
	for _, c := range commands() {
		for sh, s := range scripts {
			if !regexp.MustCompile(`\b` + c.name + `\b`).MatchString(s) {
				t.Errorf("%s: command %s missing", sh, c.name)
			}
		}
		for _, f := range helpFlags(t, c.name) {
			n++
			for sh, want := range map[string]string{
				"bash": " -" + f + " ",
				"zsh":  "'-" + f + "[",
				"fish": " -o " + f + " ",
			} {
				p := part(sh, c.name)
				if sh == "bash" {
					p = strings.ReplaceAll(p, `flags="`, `flags=" `)
					p = strings.ReplaceAll(p, `"`, ` `)
				}
				if !strings.Contains(p, want) {
					t.Errorf("%s: flag -%s of %s missing (want %q in its part)", sh, f, c.name, want)
				}
			}
		}
	}
	if n < 30 {
		t.Errorf("only %d flags found in the commands' help: is helpFlags broken?", n)
	}
}

// TestCompletionInShells runs the scripts in the real shells users have:
// bash's completion function is called as bash calls it; fish's complete
// -C lists what fish would offer; zsh loads the script with compinit.
// A shell that is not installed is skipped (CI installs all three).
func TestCompletionInShells(t *testing.T) {
	dir := t.TempDir()
	write := func(sh string) string {
		p := filepath.Join(dir, "quire."+sh)
		if err := os.WriteFile(p, []byte(completionScript(t, sh)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	shell := func(t *testing.T, name string, args ...string) string {
		t.Helper()
		path, err := exec.LookPath(name)
		if err != nil {
			t.Skipf("%s not installed; apt-get install %s", name, name)
		}
		cmd := exec.Command(path, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return string(out)
	}
	os.WriteFile(filepath.Join(dir, "article.txt"), nil, 0o644)
	os.Mkdir(filepath.Join(dir, "seedsdir"), 0o755)
	cases := []struct {
		line string   // what the user typed, completion asked at its end
		want []string // offered, at least
	}{
		{"quire va", []string{"validate"}},
		{"quire validate -for", []string{"-format"}},
		{"quire validate --for", []string{"--format"}},
		{"quire validate -format ", []string{"text", "json", "github"}},
		{"quire validate -level ", []string{"fast", "complete", "full"}},
		{"quire diff -format ", []string{"markdown"}},
		{"quire diff -color ", []string{"auto", "always", "never"}},
		{"quire add -seeds see", []string{"seedsdir"}},
		{"quire validate art", []string{"article.txt"}},
		{"quire completion ", []string{"bash", "fish", "zsh"}},
		{"quire help ", []string{"validate", "completion"}},
	}
	t.Run("bash", func(t *testing.T) {
		script := write("bash")
		var b strings.Builder
		b.WriteString("source " + script + "\n")
		for _, c := range cases {
			words := strings.Fields(c.line)
			if strings.HasSuffix(c.line, " ") {
				words = append(words, "")
			}
			var quoted []string
			for _, w := range words {
				quoted = append(quoted, "'"+w+"'")
			}
			b.WriteString("COMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=" + strconv.Itoa(len(words)-1) + "; _quire; echo \"${COMPREPLY[*]}\"\n")
		}
		out := strings.Split(shell(t, "bash", "-c", b.String()), "\n")
		for i, c := range cases {
			for _, w := range c.want {
				if !strings.Contains(" "+out[i]+" ", " "+w+" ") {
					t.Errorf("bash: %q offers %q, want %q among them", c.line, out[i], w)
				}
			}
		}
	})
	t.Run("fish", func(t *testing.T) {
		script := write("fish")
		var b strings.Builder
		b.WriteString("source " + script + "\n")
		for _, c := range cases {
			b.WriteString("set -l r (complete -C " + fishQuote(c.line) + " | string split -f1 \\t); echo \"$r\"\n")
		}
		out := strings.Split(shell(t, "fish", "--no-config", "-c", b.String()), "\n")
		for i, c := range cases {
			for _, w := range c.want {
				if strings.HasPrefix(w, "--") {
					continue // fish offers the single-dash form of old-style options
				}
				if !strings.Contains(" "+out[i]+" ", " "+w+" ") && !strings.Contains(" "+out[i]+" ", " "+w+"/ ") {
					t.Errorf("fish: %q offers %q, want %q among them", c.line, out[i], w)
				}
			}
		}
	})
	t.Run("zsh", func(t *testing.T) {
		script := write("zsh")
		shell(t, "zsh", "-n", script)
		out := shell(t, "zsh", "-f", "-c", "autoload -U compinit && compinit -u -d "+filepath.Join(dir, "zcompdump")+" && source "+script+" && print -r -- ${_comps[quire]}")
		if strings.TrimSpace(out) != "_quire" {
			t.Errorf("zsh: quire completes with %q, want _quire", out)
		}
	})
}

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionText: the version names quire's own version, the module
// version and the revision from the build information, and says so when
// one is not known.
func TestVersionText(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Path: "github.com/quire-archive/quire/cmd/quire",
		Main: debug.Module{Path: "github.com/quire-archive/quire", Version: "v0.0.0-20261206161811-1db6318e4910+dirty"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "1db6318e4910082a008c45a92162e7580da602d2"},
			{Key: "vcs.time", Value: "2026-12-06T16:18:11Z"}, {Key: "vcs.modified", Value: "true"}}}
	want := "quire " + quireVersion + "\n" +
		"module   github.com/quire-archive/quire v0.0.0-20261206161811-1db6318e4910+dirty\n" +
		"revision 1db6318e4910082a008c45a92162e7580da602d2 2026-12-06T16:18:11Z (modified: built with uncommitted changes)\n" +
		"go       go1.26.8\n"
	if got := versionText(bi, true); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	bi = &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/quire-archive/quire", Version: "v1.2.0"}}
	if got := versionText(bi, true); !strings.Contains(got, "module   github.com/quire-archive/quire v1.2.0\nrevision unknown (not built in a version control checkout)\n") {
		t.Errorf("go install MODULE@VERSION:\n%s", got)
	}
	if got := versionText(nil, false); !strings.Contains(got, "quire "+quireVersion+"\n") || !strings.Contains(got, "revision unknown") {
		t.Errorf("no build info:\n%s", got)
	}
	// quire version, quire -version and quire --version say the same.
	var outs []string
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		code, out, stderr := quire(t, args...)
		if code != exitOK || stderr != "" || !strings.HasPrefix(out, "quire "+quireVersion+"\n") {
			t.Errorf("quire %s: exit %d, stdout %q, stderr %q", args[0], code, out, stderr)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] || outs[1] != outs[2] {
		t.Errorf("version outputs differ: %q", outs)
	}
}

// TestVersionInstalled installs quire with go install into a temporary
// GOBIN, as a user does, and checks what quire --version says of it: the
// module and, in a git clone (CI's checkout), the commit it was built
// from. A git worktree, whose .git is a file, is not a checkout the go
// command stamps, and the binary says that the revision is unknown.
func TestVersionInstalled(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skip("no go tool to install quire")
		}
	}
	root := repoRoot(t)
	gobin := t.TempDir()
	install := exec.Command(goTool, "install", "./cmd/quire")
	install.Dir = root
	// -buildvcs=auto: stamp the revision where the go command can, even
	// if the environment's GOFLAGS turned it off.
	install.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=-buildvcs=auto")
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(gobin, "quire"), "--version").Output()
	if err != nil {
		t.Fatalf("quire --version: %v", err)
	}
	got := string(out)
	if !strings.HasPrefix(got, "quire "+quireVersion+"\nmodule   github.com/quire-archive/quire ") {
		t.Errorf("quire --version:\n%s", got)
	}
	fi, err := os.Stat(filepath.Join(root, ".git"))
	git, gitErr := exec.LookPath("git")
	if err != nil || !fi.IsDir() || gitErr != nil {
		t.Logf("not a git clone (or no git): the revision cannot be stamped")
		if !strings.Contains(got, "\nrevision unknown") {
			t.Errorf("quire --version claims a revision:\n%s", got)
		}
		return
	}
	head, err := exec.Command(git, "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "\nrevision " + strings.TrimSpace(string(head)) + " "; !strings.Contains(got, want) {
		t.Errorf("quire --version does not name HEAD (%q):\n%s", want, got)
	}
}

package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

const versionHelp = `
Print quire's version, and how this binary was built: the module version
and the version control revision that go build or go install recorded
(see 'go version -m'), and the Go version. 'quire -version' and
'quire --version' do the same.

The first line, "quire VERSION", is the version every bundle's manifest
records; it is a constant of the source, not of the build, so the same
sources write the same bundle bytes whoever builds them. The revision
tells which commit a binary was built from; it is "unknown" for a build
outside a version control checkout (such as go install MODULE@VERSION,
which records the module version instead) or with -buildvcs=false.
`

func runVersion(e *env, args []string) int {
	fs := newFlags(e, "version", "", versionHelp)
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return e.usageError(fs, "unexpected argument %q", pos[0])
	}
	read := e.buildInfo
	if read == nil {
		read = debug.ReadBuildInfo
	}
	fmt.Fprint(e.stdout, versionText(read()))
	return exitOK
}

// versionText describes the binary from its build information.
func versionText(bi *debug.BuildInfo, ok bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "quire %s\n", quireVersion)
	if !ok || bi == nil {
		b.WriteString("module   unknown (no build information)\nrevision unknown\n")
		return b.String()
	}
	mod := bi.Main.Version
	if mod == "" {
		mod = "(devel)"
	}
	path := bi.Main.Path
	if path == "" {
		path = bi.Path
	}
	fmt.Fprintf(&b, "module   %s %s\n", path, mod)
	set := map[string]string{}
	for _, s := range bi.Settings {
		set[s.Key] = s.Value
	}
	if rev := set["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, "revision %s", rev)
		if t := set["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " %s", t)
		}
		if set["vcs.modified"] == "true" {
			b.WriteString(" (modified: built with uncommitted changes)")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("revision unknown (not built in a version control checkout)\n")
	}
	if bi.GoVersion != "" {
		fmt.Fprintf(&b, "go       %s\n", bi.GoVersion)
	}
	return b.String()
}

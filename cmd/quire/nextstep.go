package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"golang.org/x/mod/semver"
)

// The release that quire add's next step makes: build's defaults, since
// add has no -out or -name (build -out and -name choose others).
const (
	releaseDir  = "dist"
	releaseName = "dataset"
)

// releaseFile matches a release bundle of releaseName and captures its
// version.
var releaseFile = regexp.MustCompile(`^` + regexp.QuoteMeta(releaseName) + `-(.+)\.tar\.zst$`)

// nextStep is the command that makes the release after an add of new
// records: plain "quire build" for the first release, else a build of
// the next minor version against the latest release in releaseDir, with
// -previous so that build checks the version is bump enough and writes
// release notes. A minor bump is what added records need (below 1.0.0,
// a minor bump is enough for any change); the second result, if not
// empty, says why it might not be enough from 1.0.0 on.
func nextStep(seeds string) (cmd, caveat string) {
	cmd = "quire build"
	if seeds != "seeds" {
		cmd += " -seeds " + seeds
	}
	prev, version := latestRelease(releaseDir)
	if prev == "" {
		return cmd, ""
	}
	v := "v" + strings.TrimPrefix(version, "v")
	var major, minor int
	fmt.Sscanf(semver.MajorMinor(v), "v%d.%d", &major, &minor)
	next := fmt.Sprintf("%d.%d.0", major, minor+1)
	cmd += fmt.Sprintf(" -version %s -previous %s/%s", next, releaseDir, prev)
	if major > 0 {
		caveat = fmt.Sprintf("%s is a minor bump from %s, which added records need; if the seeds changed in other ways since, build says which bump they need", next, version)
	}
	return cmd, caveat
}

// latestRelease returns the file name and version of the highest
// version of releaseName in dir, or "" if there is none.
func latestRelease(dir string) (name, version string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return "", ""
	}
	for _, e := range ents {
		m := releaseFile.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		v := "v" + strings.TrimPrefix(m[1], "v")
		if !semver.IsValid(v) || semver.Canonical(v) != v {
			continue
		}
		if version == "" || semver.Compare(v, "v"+strings.TrimPrefix(version, "v")) > 0 {
			name, version = e.Name(), m[1]
		}
	}
	return name, version
}

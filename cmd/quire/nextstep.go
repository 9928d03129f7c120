package main

// nextStep is the command that makes the release after an add: quire
// build -bump, which builds 0.1.0 when dist/ holds no release yet and
// otherwise the smallest version after the latest release there that
// the changes allow, compared with it (release notes, version gate).
// add has no -out or -name, so build's defaults are the ones meant.
func nextStep(seeds string) (cmd, caveat string) {
	cmd = "quire build -bump"
	if seeds != "seeds" {
		cmd += " -seeds " + seeds
	}
	return cmd, ""
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/dataset/sign"
	"github.com/quire-archive/quire/internal/safefile"
)

// verifyPubkey is "quire validate --pubkey PUBKEY BUNDLE": it checks
// the minisign signature sigPath ("" means BUNDLE.minisig) of the bundle
// against the public key file pubkeyPath.
//
// Call it before the bundle is parsed, and parse the bundle only if the
// signature holds: when a recipient asked for authenticity, bytes that
// are not the publisher's should not reach the bundle parser at all.
// Checksums cannot stand in for this: anyone who changes a bundle can
// recompute them all (docs/THREAT-MODEL.md).
//
// A signature that does not hold (wrong key, damaged or forged, bundle
// modified, malformed files, legacy signature) is a problem with its
// Q7xx code (exit 1). Trouble reading a file is reported on stderr and
// ok is false (exit 2). On success info describes the signature; its
// trusted comment is authentic and names the file that was signed.
func verifyPubkey(e *env, pubkeyPath string, bundle *input, sigPath string, prog *progress) (info sign.Info, probs []report.Problem, ok bool) {
	found := sigPath == ""
	if found {
		sigPath = bundle.path + ".minisig"
	}
	p := report.At(bundle.path)
	if _, err := os.Stat(pubkeyPath); err != nil {
		e.errorf("-pubkey: %v", err)
		return info, nil, false
	}
	// A missing signature is a problem with the release, in the report
	// like any other (and in -format json's stream), not I/O trouble.
	fi, err := os.Lstat(sigPath)
	if errors.Is(err, fs.ErrNotExist) {
		p.Code, p.Severity = report.SigMissing, report.SigMissing.Severity
		p.Msg = fmt.Sprintf("no signature file %s: ask the publisher for it, or give its path with -signature", sigPath)
		return info, []report.Problem{p}, true
	}
	// The signature found beside the bundle, like its .sha256 file, came
	// with the download: a link there is not followed, a FIFO not waited
	// on. One named with -signature is the user's choice (a pipe of the
	// shell's <(…) included).
	if found && err == nil && !fi.Mode().IsRegular() {
		e.errorf("-pubkey: %v", &safefile.NotRegularError{Path: sigPath, Mode: fi.Mode().Type()})
		return info, nil, false
	}
	info, err = checkSignature(pubkeyPath, bundle, sigPath, prog)
	if err == nil {
		return info, nil, true
	}
	code, known := sign.Code(err)
	if !known {
		e.errorf("-pubkey: %v", err)
		return info, nil, false
	}
	p.Code, p.Severity, p.Msg = code, code.Severity, err.Error()
	return info, []report.Problem{p}, true
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/dataset/sign"
)

// verifyPubkey is "quire validate --pubkey PUBKEY BUNDLE": it checks
// the minisign signature sigPath ("" means BUNDLE.minisig) of bundlePath
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
	if sigPath == "" {
		sigPath = bundle.path + ".minisig"
	}
	p := report.At(bundle.path)
	if _, err := os.Stat(pubkeyPath); err != nil {
		e.errorf("-pubkey: %v", err)
		return info, nil, false
	}
	// A missing signature is a problem with the release, in the report
	// like any other (and in -format json's stream), not I/O trouble.
	if _, err := os.Lstat(sigPath); errors.Is(err, fs.ErrNotExist) {
		p.Code, p.Severity = report.SigMissing, report.SigMissing.Severity
		p.Msg = fmt.Sprintf("no signature file %s: ask the publisher for it, or give its path with -signature", sigPath)
		return info, []report.Problem{p}, true
	}
	info, err := checkSignature(pubkeyPath, bundle, sigPath, prog)
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

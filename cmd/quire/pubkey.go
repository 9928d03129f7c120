package main

import (
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
func verifyPubkey(e *env, pubkeyPath, bundlePath, sigPath string, prog *progress) (info sign.Info, probs []report.Problem, ok bool) {
	if sigPath == "" {
		sigPath = bundlePath + ".minisig"
	}
	info, err := checkSignature(pubkeyPath, bundlePath, sigPath, prog)
	if err == nil {
		return info, nil, true
	}
	code, known := sign.Code(err)
	if !known {
		e.errorf("--pubkey: %v", err)
		return info, nil, false
	}
	p := report.At(bundlePath)
	p.Code, p.Severity, p.Msg = code, code.Severity, err.Error()
	return info, []report.Problem{p}, true
}

// Package sign makes and checks detached signatures of quire bundles in
// the minisign format, so a recipient can check a release with quire or
// with the standard minisign tool.
//
//   - The format is minisign's (Ed25519; key, secret key and signature
//     files as minisign writes them); aead.dev/minisign does the
//     cryptography and the encoding. This package adds strict, bounded
//     parsing with errors that name the file kind and line, and errors
//     that tell a wrong key from a damaged signature from a changed file.
//   - Signatures are always prehashed (BLAKE2b-512, minisign's default
//     since 0.10 and what "minisign -V -H" requires), so a bundle of any
//     size is signed and checked in one pass with constant memory.
//     Legacy (non-prehashed) signatures are rejected for that reason.
//   - The trusted (signed) comment names the bundle's file name and its
//     SHA-256 in minisign's tab-separated "key:value" style:
//     "file:NAME<TAB>sha256:HEX", then "comment:TEXT" if one is given.
//     Signatures are deterministic: no timestamp, so signing the same
//     bundle with the same key gives the same bytes.
//   - Secret keys are scrypt-encrypted with a password exactly as
//     minisign does; an unencrypted key is written only on an explicit
//     call (WriteUnencryptedSecretKey, "quire keygen -W").
//   - Every input is read through a limit (MaxKeyFileBytes,
//     MaxSignatureFileBytes); declared sizes are never trusted.
//
// Paths, file permissions and passwords from terminals belong to
// cmd/quire. Imports: aead.dev/minisign, dataset/report (for problem
// codes); nothing imports this package but cmd/quire.
package sign

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"aead.dev/minisign"

	"github.com/quire-archive/quire/dataset/report"
)

// Limits on the files this package reads. Real files are far smaller
// (a public key is 113 bytes, a signature under 400); anything larger is
// not a minisign file and is rejected without reading it all.
const (
	MaxKeyFileBytes       = 4096
	MaxSignatureFileBytes = 4096
	// MaxCommentBytes bounds the trusted comment quire writes. minisign
	// reads comment lines into a 1024-byte buffer with the
	// "trusted comment: " prefix, so a longer one would not verify there.
	MaxCommentBytes = 1000
)

// Errors a caller can test for with errors.Is. The error returned wraps
// one of these with the details (key IDs, hashes).
var (
	// ErrWrongKey: the signature was made by a different key (its key
	// ID is not the public key's).
	ErrWrongKey = errors.New("signed by a different key")
	// ErrBadSignature: the key IDs match but the signature does not
	// verify even over its own trusted comment: the signature file is
	// damaged or forged, or the public key is not the signer's.
	ErrBadSignature = errors.New("signature is not valid")
	// ErrModified: the signature is authentic, but the file is not the
	// file that was signed.
	ErrModified = errors.New("file differs from the file that was signed")
	// ErrLegacy: a non-prehashed signature ("minisign -S -l"); checking
	// one needs the whole file in memory, which quire does not do.
	ErrLegacy = errors.New("legacy (non-prehashed) signature")
	// ErrWrongPassword: the password does not decrypt the secret key.
	ErrWrongPassword = errors.New("wrong password for the secret key")
	// ErrNoPassword: an empty password; quire never encrypts with one
	// (ask for an unencrypted key explicitly instead).
	ErrNoPassword = errors.New("empty password")
)

// FormatError is a malformed key or signature file.
type FormatError struct {
	Kind string // "public key", "secret key" or "signature"
	Line int    // 1-based line, 0 for the file as a whole
	Msg  string
}

func (e *FormatError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("malformed %s file: %s", e.Kind, e.Msg)
	}
	return fmt.Sprintf("malformed %s file: line %d: %s", e.Kind, e.Line, e.Msg)
}

// KeyID is the 64-bit identifier minisign gives a key pair. It is a hint
// for finding the right public key, not a security property.
type KeyID uint64

// String formats the ID as minisign prints it: upper-case hex, no
// leading zeros.
func (id KeyID) String() string { return strings.ToUpper(strconv.FormatUint(uint64(id), 16)) }

// PublicKey checks signatures.
type PublicKey struct{ k minisign.PublicKey }

// ID returns the key's ID.
func (p *PublicKey) ID() KeyID { return KeyID(p.k.ID()) }

// String returns the key in minisign's one-line base64 form, as given to
// "minisign -P".
func (p *PublicKey) String() string { return p.k.String() }

// raw returns the Ed25519 public key bytes, for checking the trusted
// comment's signature on its own (see Verify).
func (p *PublicKey) raw() []byte {
	b, _ := base64.StdEncoding.DecodeString(p.k.String())
	return b[2+8:]
}

// SecretKey makes signatures. Its String method is deliberately absent
// and it has no exported fields, so it is not printed by accident.
type SecretKey struct{ k minisign.PrivateKey }

// ID returns the key's ID.
func (s *SecretKey) ID() KeyID { return KeyID(s.k.ID()) }

// Public returns the public half of the key pair.
func (s *SecretKey) Public() *PublicKey {
	return &PublicKey{k: s.k.Public().(minisign.PublicKey)}
}

// minisign's binary layouts, little-endian.
const (
	algEd         = 0x6445 // "Ed": key algorithm; legacy signature algorithm
	algHashed     = 0x4445 // "ED": prehashed signature algorithm
	kdfNone       = 0x0000
	kdfScrypt     = 0x6353 // "Sc"
	chkBlake2b    = 0x3242 // "B2"
	publicKeyLen  = 2 + 8 + 32
	secretKeyLen  = 2 + 2 + 2 + 32 + 8 + 8 + 104
	signatureLen  = 2 + 8 + 64
	globalSigLen  = 64
	untrustedPref = "untrusted comment: "
	trustedPref   = "trusted comment: "
	// The most scrypt work a secret key file may ask for: libsodium's
	// "sensitive" limits, which is what minisign uses and accepts.
	maxScryptOps = 0x2000000
	maxScryptMem = 0x40000000
)

func le16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }

// Code returns the report code for an error from Verify, VerifyFile,
// ReadPublicKey or ReadSignature, and false for other errors (I/O).
func Code(err error) (report.Code, bool) {
	var fe *FormatError
	switch {
	case errors.As(err, &fe):
		return report.SigMalformed, true
	case errors.Is(err, ErrWrongKey):
		return report.SigWrongKey, true
	case errors.Is(err, ErrBadSignature):
		return report.SigInvalid, true
	case errors.Is(err, ErrModified):
		return report.SigModified, true
	case errors.Is(err, ErrLegacy):
		return report.SigLegacy, true
	}
	return report.Code{}, false
}

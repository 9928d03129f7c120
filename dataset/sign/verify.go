package sign

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"aead.dev/minisign"
)

// Options are the comments written into a signature.
type Options struct {
	// Name is the bundle's file name (no directory), recorded in the
	// trusted comment so a signature cannot pass for another release's
	// without the recipient being able to notice.
	Name string
	// Comment is optional free text for the trusted comment, one line.
	Comment string
}

// Info describes a signed or verified file.
type Info struct {
	KeyID          KeyID
	TrustedComment string // authentic after Verify succeeded
	File           string // the trusted comment's "file:" field, "" if none
	Comment        string // the trusted comment's "comment:" field, "" if none
	SHA256         string // hex SHA-256 of the bytes read
	Bytes          int64  // number of bytes read
}

// Sign reads bundle to its end and writes a minisign signature of it to
// w. The signature is checked with the reader's code before it is
// written, so Sign never writes a signature that Verify rejects.
func Sign(w io.Writer, sk *SecretKey, bundle io.Reader, opts Options) (Info, error) {
	if err := checkField("file name", opts.Name); err != nil {
		return Info{}, err
	}
	if opts.Name == "" || strings.ContainsRune(opts.Name, '/') {
		return Info{}, fmt.Errorf("file name %q: want a base name", opts.Name)
	}
	if err := checkField("comment", opts.Comment); err != nil {
		return Info{}, err
	}
	h := sha256.New()
	mr := minisign.NewReader(io.TeeReader(bundle, h))
	n, err := io.Copy(io.Discard, mr)
	if err != nil {
		return Info{}, fmt.Errorf("read: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	trusted := "file:" + opts.Name + "\tsha256:" + sum
	if opts.Comment != "" {
		trusted += "\tcomment:" + opts.Comment
	}
	if len(trusted) > MaxCommentBytes {
		return Info{}, fmt.Errorf("trusted comment is %d bytes, the limit is %d", len(trusted), MaxCommentBytes)
	}
	text := mr.SignWithComments(sk.k, trusted, "signature from quire secret key "+sk.ID().String())

	sig, err := ReadSignature(strings.NewReader(string(text)))
	if err != nil {
		return Info{}, fmt.Errorf("internal error: own signature does not parse: %w", err)
	}
	if !mr.Verify(sk.k.Public().(minisign.PublicKey), sig.text) {
		return Info{}, errors.New("internal error: own signature does not verify")
	}
	if _, err := w.Write(text); err != nil {
		return Info{}, err
	}
	info := Info{KeyID: sk.ID(), TrustedComment: trusted, SHA256: sum, Bytes: n}
	info.File, _ = field(trusted, "file")
	info.Comment, _ = field(trusted, "comment")
	return info, nil
}

// VerifyFile reads a public key file, a signature file and the signed
// file, and checks the signature. See Verify for the errors.
func VerifyFile(pubkey, file, sig io.Reader) (Info, error) {
	pub, err := ReadPublicKey(pubkey)
	if err != nil {
		return Info{}, err
	}
	s, err := ReadSignature(sig)
	if err != nil {
		return Info{}, err
	}
	return Verify(pub, s, file)
}

// Verify reads file to its end and checks that sig is pub's signature of
// it. The error says which of these went wrong (errors.Is):
//
//   - ErrLegacy: a non-prehashed signature, checked before reading;
//   - ErrWrongKey: the signature names another key ID;
//   - ErrBadSignature: the signature of the trusted comment does not
//     verify, so the signature file itself is damaged or forged;
//   - ErrModified: the signature is authentic but the file's content
//     is not what was signed (with both SHA-256s when the trusted
//     comment has one);
//   - otherwise an I/O error from file.
//
// The trusted comment's signature covers the file's signature, which is
// what lets Verify tell a changed file from a damaged signature.
// Callers should compare Info.File with the name they expect.
func Verify(pub *PublicKey, sig *Signature, file io.Reader) (Info, error) {
	if sig.s.Algorithm != minisign.HashEdDSA {
		return Info{}, fmt.Errorf("%w: re-sign without \"minisign -l\"", ErrLegacy)
	}
	if sig.KeyID() != pub.ID() {
		return Info{}, fmt.Errorf("%w: the signature's key ID is %s, the public key's is %s", ErrWrongKey, sig.KeyID(), pub.ID())
	}
	global := append(sig.s.Signature[:], sig.s.TrustedComment...)
	if !ed25519.Verify(pub.raw(), global, sig.s.CommentSignature[:]) {
		return Info{}, fmt.Errorf("%w: the signature file is damaged or forged, or the public key is not the signer's", ErrBadSignature)
	}

	h := sha256.New()
	mr := minisign.NewReader(io.TeeReader(file, h))
	n, err := io.Copy(io.Discard, mr)
	if err != nil {
		return Info{}, fmt.Errorf("read: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	signedSum, hasSum := field(sig.s.TrustedComment, "sha256")
	if !mr.Verify(pub.k, sig.text) {
		if hasSum {
			return Info{}, fmt.Errorf("%w: sha256 %s, signed sha256 %s", ErrModified, sum, signedSum)
		}
		return Info{}, ErrModified
	}
	if hasSum && signedSum != sum {
		// The content matches the signature, but the signer's claim
		// about it does not: trust neither.
		return Info{}, fmt.Errorf("%w: the trusted comment says sha256 %s, the file's is %s", ErrBadSignature, signedSum, sum)
	}
	info := Info{KeyID: pub.ID(), TrustedComment: sig.s.TrustedComment, SHA256: sum, Bytes: n}
	info.File, _ = field(sig.s.TrustedComment, "file")
	info.Comment, _ = field(sig.s.TrustedComment, "comment")
	return info, nil
}

// field returns the value of key in a trusted comment of tab-separated
// "key:value" fields (minisign writes "timestamp:…<TAB>file:…").
func field(comment, key string) (string, bool) {
	for _, f := range strings.Split(comment, "\t") {
		if v, ok := strings.CutPrefix(f, key+":"); ok {
			return v, true
		}
	}
	return "", false
}

// checkField rejects text that would break the one-line, tab-separated
// trusted comment: control characters, and invalid UTF-8.
func checkField(what, s string) error {
	for i, r := range s {
		if r == unicode.ReplacementChar && !strings.HasPrefix(s[i:], "\uFFFD") {
			return fmt.Errorf("%s %q: invalid UTF-8 at byte %d", what, s, i)
		}
		if unicode.IsControl(r) {
			return fmt.Errorf("%s %q: control character %U at byte %d", what, s, r, i)
		}
	}
	return nil
}

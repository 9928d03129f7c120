package sign

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"strings"

	"aead.dev/minisign"
)

// GenerateKey makes a new key pair with entropy from random, or from
// crypto/rand if random is nil (tests pass a fixed reader).
func GenerateKey(random io.Reader) (*SecretKey, error) {
	if random == nil {
		random = rand.Reader
	}
	_, k, err := minisign.GenerateKey(random)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	return &SecretKey{k: k}, nil
}

// WritePublicKey writes pub as a minisign public key file, which
// "minisign -V -p FILE" reads.
func WritePublicKey(w io.Writer, pub *PublicKey) error {
	text, err := pub.k.MarshalText()
	if err != nil {
		return err
	}
	_, err = w.Write(append(text, '\n'))
	return err
}

// WriteSecretKey writes sk encrypted with password, as minisign does:
// scrypt with libsodium's "sensitive" cost (about 1 GiB of memory and a
// few seconds, on purpose) derives a key stream that hides the key and a
// BLAKE2b checksum. An empty password is refused with ErrNoPassword.
func WriteSecretKey(w io.Writer, sk *SecretKey, password string) error {
	if password == "" {
		return ErrNoPassword
	}
	text, err := minisign.EncryptKey(password, sk.k)
	if err != nil {
		return fmt.Errorf("encrypt secret key: %w", err)
	}
	_, err = w.Write(append(text, '\n'))
	return err
}

// WriteUnencryptedSecretKey writes sk in the clear, like "minisign -G -W".
// Anyone who reads the file can sign as its owner.
func WriteUnencryptedSecretKey(w io.Writer, sk *SecretKey) error {
	text, err := sk.k.MarshalText()
	if err != nil {
		return err
	}
	_, err = w.Write(append(text, '\n'))
	return err
}

// ReadPublicKey reads a minisign public key file: an untrusted comment
// line, then the base64 key.
func ReadPublicKey(r io.Reader) (*PublicKey, error) {
	const kind = "public key"
	lines, err := readLines(r, kind, MaxKeyFileBytes, 2)
	if err != nil {
		return nil, err
	}
	b, err := decodeLine(kind, 2, lines[1], publicKeyLen)
	if err != nil {
		return nil, err
	}
	if a := le16(b); a != algEd {
		return nil, &FormatError{kind, 2, fmt.Sprintf("key algorithm %#04x, want Ed25519 (\"Ed\")", a)}
	}
	var k minisign.PublicKey
	if err := k.UnmarshalText([]byte(lines[1])); err != nil {
		return nil, &FormatError{kind, 2, err.Error()}
	}
	return &PublicKey{k: k}, nil
}

// ReadSecretKey reads a minisign secret key file. If the key is
// encrypted, password is called once for the password; it is not called
// for an unencrypted key, so a caller need not prompt for nothing.
func ReadSecretKey(r io.Reader, password func() (string, error)) (*SecretKey, error) {
	const kind = "secret key"
	lines, err := readLines(r, kind, MaxKeyFileBytes, 2)
	if err != nil {
		return nil, err
	}
	b, err := decodeLine(kind, 2, lines[1], secretKeyLen)
	if err != nil {
		return nil, err
	}
	// Check the header here, so that a malformed file is reported as
	// such and not as a wrong password (the library cannot tell).
	kdf := le16(b[2:])
	switch {
	case le16(b) != algEd:
		return nil, &FormatError{kind, 2, fmt.Sprintf("key algorithm %#04x, want Ed25519 (\"Ed\")", le16(b))}
	case kdf != kdfNone && kdf != kdfScrypt:
		return nil, &FormatError{kind, 2, fmt.Sprintf("key derivation %#04x, want scrypt (\"Sc\") or none", kdf)}
	case le16(b[4:]) != chkBlake2b:
		return nil, &FormatError{kind, 2, fmt.Sprintf("checksum algorithm %#04x, want BLAKE2b (\"B2\")", le16(b[4:]))}
	case kdf == kdfScrypt && (binary.LittleEndian.Uint64(b[38:]) > maxScryptOps || binary.LittleEndian.Uint64(b[46:]) > maxScryptMem):
		return nil, &FormatError{kind, 2, "scrypt cost above minisign's limits"}
	}

	var k minisign.PrivateKey
	if kdf == kdfNone {
		if err := k.UnmarshalText([]byte(lines[1])); err != nil {
			return nil, &FormatError{kind, 2, err.Error()}
		}
	} else {
		pw, err := password()
		if err != nil {
			return nil, err
		}
		if k, err = minisign.DecryptKey(pw, []byte(lines[1])); err != nil {
			return nil, ErrWrongPassword
		}
	}
	// An unencrypted key has no checksum, so damage to it would go
	// unnoticed until nobody can verify its signatures. Sign and check
	// a message to be sure the two halves belong together.
	msg := []byte("quire key self-test")
	pub := k.Public().(minisign.PublicKey)
	if !minisign.Verify(pub, msg, minisign.SignWithComments(k, msg, "", "")) {
		return nil, &FormatError{kind, 2, "the secret and public halves of the key do not match: the key is damaged"}
	}
	return &SecretKey{k: k}, nil
}

// Signature is a parsed minisign signature file.
type Signature struct {
	s    minisign.Signature
	text []byte // the file, with line ends normalized to LF
}

// KeyID returns the ID of the key the signature claims to be made by.
func (s *Signature) KeyID() KeyID { return KeyID(s.s.KeyID) }

// TrustedComment returns the signed comment. It is authentic only after
// Verify succeeded.
func (s *Signature) TrustedComment() string { return s.s.TrustedComment }

// ReadSignature reads a minisign signature file: untrusted comment,
// base64 signature, trusted comment, base64 signature of the signature
// and the trusted comment.
func ReadSignature(r io.Reader) (*Signature, error) {
	const kind = "signature"
	lines, err := readLines(r, kind, MaxSignatureFileBytes, 4)
	if err != nil {
		return nil, err
	}
	b, err := decodeLine(kind, 2, lines[1], signatureLen)
	if err != nil {
		return nil, err
	}
	if a := le16(b); a != algEd && a != algHashed {
		return nil, &FormatError{kind, 2, fmt.Sprintf("signature algorithm %#04x, want prehashed Ed25519 (\"ED\")", a)}
	}
	if err := checkPrefix(kind, 3, lines[2], trustedPref); err != nil {
		return nil, err
	}
	if _, err := decodeLine(kind, 4, lines[3], globalSigLen); err != nil {
		return nil, err
	}
	text := []byte(strings.Join(lines, "\n") + "\n")
	var s minisign.Signature
	if err := s.UnmarshalText(text); err != nil {
		return nil, &FormatError{kind, 0, err.Error()}
	}
	return &Signature{s: s, text: text}, nil
}

// readLines reads a small line-oriented file of exactly want lines. The
// last line's newline is optional and a CR before a newline is dropped
// (a file that went through a Windows checkout), as minisign does.
func readLines(r io.Reader, kind string, limit int64, want int) ([]string, error) {
	data, err := io.ReadAll(&io.LimitedReader{R: r, N: limit + 1})
	if err != nil {
		return nil, fmt.Errorf("read %s file: %w", kind, err)
	}
	if int64(len(data)) > limit {
		return nil, &FormatError{kind, 0, fmt.Sprintf("larger than %d bytes", limit)}
	}
	if len(data) == 0 {
		return nil, &FormatError{kind, 0, "empty"}
	}
	data = bytes.TrimSuffix(data, []byte("\n"))
	lines := strings.Split(string(data), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	// Every minisign file starts so; checked first, because for a file
	// that is not a minisign file at all it is the useful message.
	if err := checkPrefix(kind, 1, lines[0], untrustedPref); err != nil {
		return nil, err
	}
	if len(lines) < want {
		return nil, &FormatError{kind, len(lines) + 1, fmt.Sprintf("missing: the file has %d lines, want %d", len(lines), want)}
	}
	if len(lines) > want {
		return nil, &FormatError{kind, want + 1, fmt.Sprintf("unexpected: the file has %d lines, want %d", len(lines), want)}
	}
	return lines, nil
}

func checkPrefix(kind string, n int, line, prefix string) error {
	if !strings.HasPrefix(line, prefix) {
		return &FormatError{kind, n, fmt.Sprintf("want %q, got %q", prefix+"…", clip(line))}
	}
	return nil
}

func decodeLine(kind string, n int, line string, size int) ([]byte, error) {
	b, err := base64.StdEncoding.Strict().DecodeString(line)
	if err != nil {
		return nil, &FormatError{kind, n, fmt.Sprintf("not base64: %v", err)}
	}
	if len(b) != size {
		return nil, &FormatError{kind, n, fmt.Sprintf("%d bytes, want %d", len(b), size)}
	}
	return b, nil
}

// clip shortens an untrusted line for an error message.
func clip(s string) string {
	const max = 40
	if len(s) > max {
		return s[:max] + "…"
	}
	return s
}

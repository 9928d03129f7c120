package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/quire-archive/quire/dataset/sign"
	"github.com/quire-archive/quire/internal/atomicfile"
)

const signHelp = `
Sign a release bundle with a minisign secret key (see quire keygen),
writing the signature to BUNDLE.minisig atomically, next to the bundle.
The signature's trusted comment records the bundle's file name and its
SHA-256, and -t COMMENT if given. Signing the same bundle with the same
key gives the same signature bytes.

Recipients check it with quire validate --pubkey PUBKEY BUNDLE, or with
minisign -Vm BUNDLE -p PUBKEY.

If the secret key is encrypted, the password comes from -password-file,
the environment variable QUIRE_PASSWORD (visible to other processes of the
same user), or the terminal, in that order. sign exits 0 or 2; on
failure no signature file is written or changed.
`

func runSign(e *env, args []string) int {
	fs := newFlags(e, "sign", "[-s SECKEY] [-t COMMENT] [-password-file FILE] BUNDLE", signHelp)
	secPath := fs.String("s", "", "the secret key `SECKEY` (default ~/.minisign/minisign.key)")
	comment := fs.String("t", "", "add `COMMENT` (one line) to the trusted comment")
	pwFile := fs.String("password-file", "", "read the password from the first line of `FILE`")
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || pos[0] == "-" {
		return e.usageError(fs, "want one BUNDLE file")
	}
	path := pos[0]
	sec := *secPath
	if sec == "" {
		var err error
		if sec, err = defaultSecretKey(e); err != nil {
			e.errorf("%v", err)
			e.hintf("give the secret key's path with -s")
			return exitTrouble
		}
	}

	// The bundle first: a mistyped name should not cost a password.
	bundle, err := os.Open(path)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer bundle.Close()
	skFile, err := os.Open(sec)
	if err != nil {
		e.errorf("%v", err)
		if errors.Is(err, os.ErrNotExist) && *secPath == "" {
			e.hintf("make a key pair with 'quire keygen', or give the secret key with -s")
		}
		return exitTrouble
	}
	sk, err := sign.ReadSecretKey(skFile, func() (string, error) { return readPassword(e, *pwFile, false) })
	skFile.Close()
	if err != nil {
		e.errorf("%s: %v", sec, err)
		return exitTrouble
	}

	sigPath := path + ".minisig"
	out, err := atomicfile.Create(sigPath, 0o644)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	defer out.Abort()
	info, err := sign.Sign(out, sk, bundle, sign.Options{Name: filepath.Base(path), Comment: *comment})
	if err != nil {
		e.errorf("%s: %v", path, err)
		return exitTrouble
	}
	if err := out.Commit(); err != nil {
		e.errorf("write %s: %v", sigPath, err)
		return exitTrouble
	}
	fmt.Fprintf(e.stdout, "signed %s with key %s: %s\nsha256 %s\n", path, info.KeyID, sigPath, info.SHA256)
	return exitOK
}

// checkSignature checks the minisign signature sigPath of the bundle
// against the public key file pubPath; for "quire validate --pubkey".
// Errors name the file they are about; sign.Code maps them to report
// codes (false: I/O trouble).
func checkSignature(pubPath string, bundle *input, sigPath string, prog *progress) (sign.Info, error) {
	pubkey, err := os.ReadFile(pubPath) // ReadPublicKey bounds what it parses
	if err != nil {
		return sign.Info{}, err
	}
	pub, err := sign.ReadPublicKey(bytes.NewReader(pubkey))
	if err != nil {
		return sign.Info{}, fmt.Errorf("%s: %w", pubPath, err)
	}
	sf, err := os.Open(sigPath)
	if err != nil {
		return sign.Info{}, err
	}
	defer sf.Close()
	sig, err := sign.ReadSignature(sf)
	if err != nil {
		return sign.Info{}, fmt.Errorf("%s: %w", sigPath, err)
	}
	prog.grow(bundle.size())
	info, err := sign.Verify(pub, sig, prog.reader(bundle.f))
	if err != nil {
		return info, fmt.Errorf("%s: %w", bundle.path, err)
	}
	return info, nil
}

// maxPasswordFileBytes bounds the password file read: a password is a
// line, not a file.
const maxPasswordFileBytes = 4096

// readPassword returns the password from file, $QUIRE_PASSWORD or the
// terminal, in that order. On a terminal, confirm asks twice.
func readPassword(e *env, file string, confirm bool) (string, error) {
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", err
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxPasswordFileBytes+1))
		if err != nil {
			return "", fmt.Errorf("read password file: %w", err)
		}
		if len(b) > maxPasswordFileBytes {
			return "", fmt.Errorf("password file %s is larger than %d bytes", file, maxPasswordFileBytes)
		}
		line, _, _ := bytes.Cut(b, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			return "", fmt.Errorf("password file %s: the first line is empty", file)
		}
		return string(line), nil
	}
	if pw := e.getenv("QUIRE_PASSWORD"); pw != "" {
		return pw, nil
	}
	tty, ok := e.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(tty.Fd())) {
		return "", errors.New("a password is needed and standard input is not a terminal; use -password-file or set QUIRE_PASSWORD")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(e.stderr, prompt)
		b, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(e.stderr)
		return string(b), err
	}
	pw, err := ask("Password: ")
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", errors.New("empty password (for an unencrypted key, use -W)")
	}
	if confirm {
		again, err := ask("Password (again): ")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", errors.New("the passwords do not match")
		}
	}
	return pw, nil
}

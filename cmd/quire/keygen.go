package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/quire-archive/quire/dataset/sign"
	"github.com/quire-archive/quire/internal/atomicfile"
)

const keygenHelp = `
Make a key pair for signing releases, in minisign's format: the public key
(give it to recipients) and the secret key (keep it; never publish it).
Recipients check a signed bundle with

  quire validate --pubkey PUBKEY BUNDLE
  minisign -Vm BUNDLE -p PUBKEY

The defaults are minisign's, so one key pair serves both tools: the public
key goes to ./minisign.pub, the secret key to ~/.minisign/minisign.key
($MINISIGN_CONFIG_DIR/minisign.key if that is set), outside the release
directory so it is not published with a release by accident.

The secret key is encrypted with a password (scrypt, as minisign does; it
takes a few seconds and about 1 GiB of memory on purpose). The password
comes from, in this order: -password-file, the environment variable
QUIRE_PASSWORD, or the terminal (asked twice, not echoed). Environment
variables are visible to other processes of the same user (for example
in /proc/PID/environ); prefer a password file readable only by you. -W
writes the secret key unencrypted: anyone who can read it can sign.

Key files are written atomically. The secret key is created readable by
its owner only (mode 0600), and an existing key file is never replaced
unless -f is given. keygen exits 0 or 2.
`

func runKeygen(e *env, args []string) int {
	fs := newFlags(e, "keygen", "[-p PUBKEY] [-s SECKEY] [-W] [-f] [-password-file FILE]", keygenHelp)
	pubPath := fs.String("p", "minisign.pub", "write the public key to `PUBKEY`")
	secPath := fs.String("s", "", "write the secret key to `SECKEY` (default ~/.minisign/minisign.key)")
	unencrypted := fs.Bool("W", false, "do not encrypt the secret key (no password)")
	force := fs.Bool("f", false, "replace existing key files")
	pwFile := fs.String("password-file", "", "read the password from the first line of `FILE`")
	pos, code, ok := e.parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return e.usageError(fs, "unexpected argument %q", pos[0])
	}
	if *unencrypted && *pwFile != "" {
		e.errorf("-W and -password-file contradict each other")
		return exitTrouble
	}
	sec := *secPath
	if sec == "" {
		var err error
		if sec, err = defaultSecretKey(e); err != nil {
			e.errorf("%v", err)
			e.hintf("give the secret key's path with -s")
			return exitTrouble
		}
	}
	if filepath.Clean(sec) == filepath.Clean(*pubPath) {
		e.errorf("the public and secret key paths are the same: %s", sec)
		return exitTrouble
	}
	if !*force {
		for _, p := range []string{sec, *pubPath} {
			if _, err := os.Lstat(p); err == nil {
				e.errorf("%s exists", p)
				e.hintf("use -f to replace it, or -p/-s to write elsewhere")
				return exitTrouble
			}
		}
	}

	var password string
	if !*unencrypted {
		var err error
		if password, err = readPassword(e, *pwFile, true); err != nil {
			e.errorf("%v", err)
			return exitTrouble
		}
	}
	sk, err := sign.GenerateKey(nil)
	if err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}

	if err := os.MkdirAll(filepath.Dir(sec), 0o700); err != nil {
		e.errorf("%v", err)
		return exitTrouble
	}
	err = writeKeyFile(sec, 0o600, *force, func(f *atomicfile.File) error {
		if *unencrypted {
			return sign.WriteUnencryptedSecretKey(f, sk)
		}
		return sign.WriteSecretKey(f, sk, password)
	})
	if err != nil {
		e.errorf("write secret key %s: %v", sec, err)
		return exitTrouble
	}
	err = writeKeyFile(*pubPath, 0o644, *force, func(f *atomicfile.File) error {
		return sign.WritePublicKey(f, sk.Public())
	})
	if err != nil {
		// A secret key without its public key is of no use and would
		// block the next keygen; remove the one just made.
		os.Remove(sec)
		e.errorf("write public key %s: %v", *pubPath, err)
		return exitTrouble
	}
	fmt.Fprintf(e.stdout, "key ID:     %s\npublic key: %s\nsecret key: %s (keep it secret)\n", sk.ID(), *pubPath, sec)
	return exitOK
}

// defaultSecretKey is minisign's default secret key path.
func defaultSecretKey(e *env) (string, error) {
	if dir := e.getenv("MINISIGN_CONFIG_DIR"); dir != "" {
		return filepath.Join(dir, "minisign.key"), nil
	}
	home := e.getenv("HOME")
	if home == "" {
		return "", errors.New("$HOME is not set, so there is no default secret key path")
	}
	return filepath.Join(home, ".minisign", "minisign.key"), nil
}

// writeKeyFile writes a key file atomically with mode perm. Unless
// replace is set, an existing file is left as it is and the error says
// so: the check in runKeygen is only a courtesy, this is the guarantee.
func writeKeyFile(path string, perm fs.FileMode, replace bool, write func(*atomicfile.File) error) error {
	f, err := atomicfile.Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := write(f); err != nil {
		return err
	}
	if replace {
		return f.Commit()
	}
	if err := f.CommitNew(); errors.Is(err, fs.ErrExist) {
		return errors.New("the file exists (use -f to replace it)")
	} else if err != nil {
		return err
	}
	return nil
}

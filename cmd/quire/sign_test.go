package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quire-archive/quire/dataset/sign"
)

// runQuire runs quire in-process with the given environment.
func runQuire(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code = run(e, args)
	return out.String(), errb.String(), code
}

// Key files: the secret key is 0600 whatever the umask, the public key
// 0644, neither is printed; and checkSignature, the check behind
// "quire validate --pubkey", accepts the signature and tells the failures
// apart.
func TestKeygenSignCheck(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"HOME": filepath.Join(dir, "home")}
	pub := filepath.Join(dir, "q.pub")
	stdout, stderr, code := runQuire(t, vars, "keygen", "-W", "-p", pub)
	if code != exitOK || stderr != "" {
		t.Fatalf("keygen: exit %d, stderr %q", code, stderr)
	}
	sec := filepath.Join(dir, "home", ".minisign", "minisign.key")
	for path, want := range map[string]os.FileMode{sec: 0o600, filepath.Dir(sec): 0o700 | os.ModeDir, pub: 0o644} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode() & (os.ModeDir | os.ModePerm); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
	secText, _ := os.ReadFile(sec)
	secret := strings.Split(strings.TrimSpace(string(secText)), "\n")[1]
	if strings.Contains(stdout, secret[:20]) {
		t.Errorf("keygen printed the secret key:\n%s", stdout)
	}

	bundle := filepath.Join(dir, "b.tar.zst")
	os.WriteFile(bundle, []byte("bundle bytes"), 0o644)
	if _, stderr, code := runQuire(t, vars, "sign", bundle); code != exitOK || stderr != "" {
		t.Fatalf("sign: exit %d, stderr %q", code, stderr)
	}
	info, err := checkSignature(pub, mustInput(t, bundle), bundle+".minisig", nil)
	if err != nil || info.File != "b.tar.zst" {
		t.Fatalf("checkSignature: %+v, %v", info, err)
	}

	other := filepath.Join(dir, "other.pub")
	if _, _, code := runQuire(t, vars, "keygen", "-W", "-p", other, "-s", filepath.Join(dir, "other.key")); code != exitOK {
		t.Fatal("second keygen failed")
	}
	if _, err := checkSignature(other, mustInput(t, bundle), bundle+".minisig", nil); !errors.Is(err, sign.ErrWrongKey) || !strings.HasPrefix(err.Error(), bundle+": ") {
		t.Errorf("wrong key: got %v, want %s: ErrWrongKey", err, bundle)
	}
	os.WriteFile(bundle, []byte("bundle bytez"), 0o644)
	if _, err := checkSignature(pub, mustInput(t, bundle), bundle+".minisig", nil); !errors.Is(err, sign.ErrModified) {
		t.Errorf("changed bundle: got %v, want ErrModified", err)
	}
	if _, err := checkSignature(pub, mustInput(t, bundle), bundle, nil); err == nil || !strings.Contains(err.Error(), bundle+": malformed signature file: line 1") {
		t.Errorf("bundle as signature: got %v, want a malformed signature file error naming line 1", err)
	}
	if _, err := checkSignature(bundle+".minisig", mustInput(t, bundle), bundle+".minisig", nil); err == nil || !strings.Contains(err.Error(), "malformed public key file: line 3") {
		t.Errorf("signature as public key: got %v, want a malformed public key file error", err)
	}
}

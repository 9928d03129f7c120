package sign

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// testKey returns a key pair made from a fixed seed, so tests are
// repeatable.
func testKey(t testing.TB, seed byte) *SecretKey {
	t.Helper()
	sk, err := GenerateKey(bytes.NewReader(bytes.Repeat([]byte{seed}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	return sk
}

func pubFile(t testing.TB, pub *PublicKey) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WritePublicKey(&b, pub); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var bundle = []byte("pretend this is a zstd-compressed tar\x00\x01\x02 of a release\n")

func signBytes(t testing.TB, sk *SecretKey, data []byte, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Sign(&b, sk, bytes.NewReader(data), opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	sk := testKey(t, 1)
	var skFile bytes.Buffer
	if err := WriteUnencryptedSecretKey(&skFile, sk); err != nil {
		t.Fatal(err)
	}
	sk2, err := ReadSecretKey(&skFile, func() (string, error) {
		t.Error("password asked for an unencrypted key")
		return "", nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sk2.ID() != sk.ID() {
		t.Fatalf("key ID after round trip %s, want %s", sk2.ID(), sk.ID())
	}

	opts := Options{Name: "news-1.0.0.tar.zst", Comment: "release 1.0.0 ✓"}
	var sig bytes.Buffer
	info, err := Sign(&sig, sk2, bytes.NewReader(bundle), opts)
	if err != nil {
		t.Fatal(err)
	}
	if again := signBytes(t, sk, bundle, opts); !bytes.Equal(again, sig.Bytes()) {
		t.Errorf("signing twice gave different bytes:\n%s\n%s", sig.Bytes(), again)
	}
	lines := strings.Split(sig.String(), "\n")
	wantTrusted := "trusted comment: file:news-1.0.0.tar.zst\tsha256:" + info.SHA256 + "\tcomment:release 1.0.0 ✓"
	if len(lines) != 5 || lines[2] != wantTrusted || lines[4] != "" {
		t.Errorf("signature file:\n%s\nwant line 3 %q and a final newline", sig.String(), wantTrusted)
	}

	got, err := VerifyFile(bytes.NewReader(pubFile(t, sk.Public())), bytes.NewReader(bundle), &sig)
	if err != nil {
		t.Fatal(err)
	}
	want := Info{KeyID: sk.ID(), TrustedComment: info.TrustedComment, File: opts.Name, Comment: opts.Comment,
		SHA256: info.SHA256, Bytes: int64(len(bundle))}
	if got != want || info != want {
		t.Errorf("verify info %+v\nsign info %+v\nwant %+v", got, info, want)
	}
}

func TestVerifyErrors(t *testing.T) {
	sk := testKey(t, 1)
	pub := pubFile(t, sk.Public())
	other := pubFile(t, testKey(t, 2).Public())
	sig := signBytes(t, sk, bundle, Options{Name: "b.tar.zst"})

	// Another key that claims sk's ID: only the signature check can tell.
	forged := forgeID(t, other, sk.ID())

	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 0x01
		return c
	}
	sigLines := strings.Split(string(sig), "\n")
	editSig := func(line int, f func(string) string) []byte {
		l := append([]string(nil), sigLines...)
		l[line-1] = f(l[line-1])
		return []byte(strings.Join(l, "\n"))
	}
	editRaw := func(line int, f func([]byte)) []byte {
		return editSig(line, func(s string) string {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				t.Fatal(err)
			}
			f(b)
			return base64.StdEncoding.EncodeToString(b)
		})
	}

	for _, tc := range []struct {
		name      string
		pub, data []byte
		sig       []byte
		want      error
		msg       string
	}{
		{"ok", pub, bundle, sig, nil, ""},
		{"wrong key", other, bundle, sig, ErrWrongKey, "key ID is " + sk.ID().String()},
		{"forged key id", forged, bundle, sig, ErrBadSignature, "damaged or forged"},
		{"first byte changed", pub, flip(bundle, 0), sig, ErrModified, "signed sha256"},
		{"last byte changed", pub, flip(bundle, len(bundle)-1), sig, ErrModified, "signed sha256"},
		{"truncated", pub, bundle[:len(bundle)-1], sig, ErrModified, ""},
		{"byte appended", pub, append(bytes.Clone(bundle), 0), sig, ErrModified, ""},
		{"empty file", pub, nil, sig, ErrModified, ""},
		{"trusted comment edited", pub, bundle, editSig(3, func(s string) string { return strings.Replace(s, "b.tar", "c.tar", 1) }), ErrBadSignature, ""},
		{"signature byte", pub, bundle, editRaw(2, func(b []byte) { b[40] ^= 1 }), ErrBadSignature, ""},
		{"comment signature byte", pub, bundle, editRaw(4, func(b []byte) { b[0] ^= 1 }), ErrBadSignature, ""},
		{"key id in signature", pub, bundle, editRaw(2, func(b []byte) { b[2] ^= 1 }), ErrWrongKey, ""},
		{"legacy algorithm", pub, bundle, editRaw(2, func(b []byte) { b[1] = 'd' }), ErrLegacy, ""},
		{"untrusted comment edited", pub, bundle, editSig(1, func(s string) string { return s + " (edited)" }), nil, ""},
		{"CRLF line ends", pub, bundle, bytes.ReplaceAll(sig, []byte("\n"), []byte("\r\n")), nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := VerifyFile(bytes.NewReader(tc.pub), bytes.NewReader(tc.data), bytes.NewReader(tc.sig))
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("got error %v, want %v", err, tc.want)
			}
			if err != nil && !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not contain %q", err, tc.msg)
			}
			if code, ok := Code(err); err != nil && !ok {
				t.Errorf("no report code for %v", err)
			} else if ok && code.Num < 700 {
				t.Errorf("code %v for a signature error", code)
			}
		})
	}
}

// forgeID returns the public key file pub with its key ID replaced.
func forgeID(t *testing.T, pub []byte, id KeyID) []byte {
	lines := strings.Split(strings.TrimSpace(string(pub)), "\n")
	b, err := base64.StdEncoding.DecodeString(lines[1])
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		b[2+i] = byte(uint64(id) >> (8 * i))
	}
	return []byte(lines[0] + "\n" + base64.StdEncoding.EncodeToString(b) + "\n")
}

func TestMalformed(t *testing.T) {
	sk := testKey(t, 1)
	pub := strings.TrimSpace(string(pubFile(t, sk.Public())))
	pubLines := strings.Split(pub, "\n")
	sigLines := strings.Split(strings.TrimSpace(string(signBytes(t, sk, bundle, Options{Name: "b"}))), "\n")
	var skBuf bytes.Buffer
	WriteUnencryptedSecretKey(&skBuf, sk)
	skLines := strings.Split(strings.TrimSpace(skBuf.String()), "\n")
	raw, _ := base64.StdEncoding.DecodeString(skLines[1])
	reenc := func(f func([]byte)) string {
		b := bytes.Clone(raw)
		f(b)
		return base64.StdEncoding.EncodeToString(b)
	}
	sigText := func(l ...string) string { return strings.Join(l, "\n") + "\n" }

	for _, tc := range []struct {
		kind, text string
		line       int
		msg        string
	}{
		{"public key", "", 0, "empty"},
		{"public key", strings.Repeat("x", MaxKeyFileBytes+1), 0, "larger than 4096 bytes"},
		{"public key", pubLines[1] + "\n", 1, `want "untrusted comment: …"`},
		{"public key", pubLines[0] + "\n", 2, "missing"},
		{"public key", "comment\n" + pubLines[1] + "\n", 1, `want "untrusted comment: …"`},
		{"public key", pubLines[0] + "\n" + pubLines[1] + "!\n", 2, "not base64"},
		{"public key", pubLines[0] + "\n" + pubLines[1][:20] + "\n", 2, "15 bytes, want 42"},
		{"public key", pub + "\n\n", 3, "unexpected"},
		{"public key", pubLines[0] + "\nRW" + strings.Repeat("A", 54) + "\n", 2, "key algorithm"},
		{"signature", sigText(sigLines[:3]...), 4, "missing"},
		{"signature", sigText(sigLines[0], "xyz", sigLines[2], sigLines[3]), 2, "not base64"},
		{"signature", sigText(sigLines[0], sigLines[1], "comment: x", sigLines[3]), 3, `want "trusted comment: …"`},
		{"signature", sigText(sigLines[0], sigLines[1], sigLines[2], sigLines[1]), 4, "74 bytes, want 64"},
		{"signature", sigText(sigLines[0], "Zm9v"+sigLines[1][4:], sigLines[2], sigLines[3]), 2, "signature algorithm"},
		{"signature", sigText(append(sigLines, "extra")...), 5, "unexpected"},
		{"secret key", skLines[0] + "\n", 2, "missing"},
		{"secret key", skLines[0] + "\n" + skLines[1][:100] + "\n", 2, "75 bytes, want 158"},
		{"secret key", skLines[0] + "\n" + reenc(func(b []byte) { b[2] = 'X' }) + "\n", 2, "key derivation"},
		{"secret key", skLines[0] + "\n" + reenc(func(b []byte) { b[4] = 'X' }) + "\n", 2, "checksum algorithm"},
		{"secret key", skLines[0] + "\n" + reenc(func(b []byte) { b[100] ^= 1 }) + "\n", 2, "damaged"},
		{"secret key", skLines[0] + "\n" + reenc(func(b []byte) { b[2], b[3], b[46+7] = 'S', 'c', 0xff }) + "\n", 2, "scrypt cost"},
	} {
		t.Run(fmt.Sprintf("%s/%d/%s", tc.kind, tc.line, tc.msg), func(t *testing.T) {
			var err error
			r := strings.NewReader(tc.text)
			switch tc.kind {
			case "public key":
				_, err = ReadPublicKey(r)
			case "signature":
				_, err = ReadSignature(r)
			case "secret key":
				_, err = ReadSecretKey(r, func() (string, error) { return "pw", nil })
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FormatError", err)
			}
			if fe.Kind != tc.kind || fe.Line != tc.line || !strings.Contains(fe.Msg, tc.msg) {
				t.Errorf("got %q (kind %q, line %d), want kind %q, line %d, message containing %q", err, fe.Kind, fe.Line, tc.kind, tc.line, tc.msg)
			}
		})
	}
}

func TestEncryptedSecretKey(t *testing.T) {
	sk := testKey(t, 3)
	if err := WriteSecretKey(new(bytes.Buffer), sk, ""); !errors.Is(err, ErrNoPassword) {
		t.Errorf("empty password: got %v, want ErrNoPassword", err)
	}
	var file bytes.Buffer
	if err := WriteSecretKey(&file, sk, "correct horse"); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(file.Bytes(), []byte(base64.StdEncoding.EncodeToString(rawSecret(t, sk)[:12]))) {
		t.Fatal("the encrypted key file holds the key in the clear")
	}
	if _, err := ReadSecretKey(bytes.NewReader(file.Bytes()), func() (string, error) { return "wrong horse", nil }); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("wrong password: got %v, want ErrWrongPassword", err)
	}
	cancel := errors.New("no terminal")
	if _, err := ReadSecretKey(bytes.NewReader(file.Bytes()), func() (string, error) { return "", cancel }); !errors.Is(err, cancel) {
		t.Errorf("password callback error: got %v, want it passed on", err)
	}
	asked := 0
	got, err := ReadSecretKey(bytes.NewReader(file.Bytes()), func() (string, error) { asked++; return "correct horse", nil })
	if err != nil {
		t.Fatal(err)
	}
	if asked != 1 || got.ID() != sk.ID() {
		t.Fatalf("asked %d times, key ID %s; want 1 and %s", asked, got.ID(), sk.ID())
	}
	sig := signBytes(t, got, bundle, Options{Name: "b"})
	if _, err := VerifyFile(bytes.NewReader(pubFile(t, sk.Public())), bytes.NewReader(bundle), bytes.NewReader(sig)); err != nil {
		t.Fatal(err)
	}
}

// rawSecret returns the unencrypted 64-byte Ed25519 secret key.
func rawSecret(t *testing.T, sk *SecretKey) []byte {
	var b bytes.Buffer
	WriteUnencryptedSecretKey(&b, sk)
	raw, err := base64.StdEncoding.DecodeString(strings.Split(strings.TrimSpace(b.String()), "\n")[1])
	if err != nil {
		t.Fatal(err)
	}
	return raw[62:126]
}

func TestSignOptions(t *testing.T) {
	sk := testKey(t, 1)
	for _, opts := range []Options{
		{Name: ""},
		{Name: "dir/b.tar.zst"},
		{Name: "b\tsha256:0000"},
		{Name: "b\n"},
		{Name: "b", Comment: "two\nlines"},
		{Name: "b", Comment: "bad \xff utf-8"},
		{Name: "b", Comment: strings.Repeat("x", MaxCommentBytes)},
	} {
		var out bytes.Buffer
		if _, err := Sign(&out, sk, bytes.NewReader(bundle), opts); err == nil || out.Len() > 0 {
			t.Errorf("Sign(%+v): error %v, %d bytes written; want an error and nothing written", opts, err, out.Len())
		}
	}
}

func TestKeyIDString(t *testing.T) {
	for id, want := range map[KeyID]string{0x1E8D520029D2A5C: "1E8D520029D2A5C", 0xABCDEF0123456789: "ABCDEF0123456789"} {
		if got := id.String(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// FuzzRead feeds arbitrary bytes to the three file parsers. Properties:
// no panic; a signature that parses re-parses from its normalized text
// to the same signature; verifying it never panics and never succeeds
// for a file it was not made for.
func FuzzRead(f *testing.F) {
	sk := testKey(f, 1)
	f.Add(pubFile(f, sk.Public()))
	f.Add(signBytes(f, sk, bundle, Options{Name: "b"}))
	var skFile bytes.Buffer
	WriteUnencryptedSecretKey(&skFile, sk)
	f.Add(skFile.Bytes())
	f.Add([]byte("untrusted comment: x\r\nRWQ=\r\n"))
	pub := sk.Public()
	f.Fuzz(func(t *testing.T, data []byte) {
		ReadPublicKey(bytes.NewReader(data))
		ReadSecretKey(bytes.NewReader(data), func() (string, error) { return "", errors.New("no password") })
		sig, err := ReadSignature(bytes.NewReader(data))
		if err != nil {
			return
		}
		again, err := ReadSignature(bytes.NewReader(sig.text))
		if err != nil || !again.s.Equal(sig.s) {
			t.Fatalf("normalized signature does not re-parse to the same: %v", err)
		}
		if _, err := Verify(pub, sig, bytes.NewReader([]byte("not the bundle"))); err == nil {
			t.Fatal("a fuzzed signature verified")
		}
	})
}

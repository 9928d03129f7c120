package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quire-archive/quire/dataset/bundle"
	"github.com/quire-archive/quire/dataset/report"
	"github.com/quire-archive/quire/schema"
)

// A bundle changed by someone without the secret key, with every
// checksum recomputed (here by quire's own writer, which is the most
// faithful re-checksumming there is), passes the plain checks but not
// verifyPubkey; and verifyPubkey tells its failures apart by code.
func TestVerifyPubkeyResealed(t *testing.T) {
	dir := t.TempDir()
	vars := map[string]string{"HOME": filepath.Join(dir, "home"), "SOURCE_DATE_EPOCH": "1700000000"}
	pub := filepath.Join(dir, "q.pub")
	if _, stderr, code := runQuire(t, vars, "keygen", "-W", "-p", pub); code != exitOK {
		t.Fatalf("keygen: exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "dist")
	if _, stderr, code := runQuire(t, vars, "build", "-quiet", "-seeds", filepath.Join(repoRoot(t), "seeds"), "-out", out, "-name", "news", "-version", "1.0.0"); code != exitOK {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	path := filepath.Join(out, "news-1.0.0.tar.zst")
	if _, stderr, code := runQuire(t, vars, "sign", path); code != exitOK {
		t.Fatalf("sign: exit %d: %s", code, stderr)
	}
	var stderr bytes.Buffer
	e := &env{stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
	if info, probs, ok := verifyPubkey(e, pub, mustInput(t, path), "", nil); !ok || len(probs) > 0 || info.File != "news-1.0.0.tar.zst" {
		t.Fatalf("genuine bundle: %+v %v %v %s", info, probs, ok, stderr.String())
	}
	// On a terminal, verifying shows a progress line of its own, before
	// the check's.
	if code, _, stderr := quireTerm(t, true, "validate", "-pubkey", pub, path); code != exitOK ||
		!strings.Contains(stderr, "\rverify ") || !strings.Contains(stderr, "\rvalidate ") || !strings.HasSuffix(stderr, "\r\x1b[K") {
		t.Errorf("validate -pubkey on a terminal: exit %d, stderr %q", code, stderr)
	}

	// Tamper: change one record's text and re-write the bundle.
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	forged := reseal(t, good, func(i int, text string) string {
		if i == 0 {
			return strings.Replace(text, " ", " not ", 1)
		}
		return text
	})
	if bytes.Equal(forged, good) {
		t.Fatal("tampering changed nothing")
	}
	if err := os.WriteFile(path, forged, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := checkBundleFile(mustInput(t, path), bundle.CheckOptions{}, nil)
	if err != nil || len(rep.Problems) > 0 {
		t.Fatalf("the re-checksummed bundle should pass the plain checks: %v %v", err, rep.Problems)
	}
	_, probs, ok := verifyPubkey(e, pub, mustInput(t, path), "", nil)
	if !ok || len(probs) != 1 || probs[0].Code != report.SigModified || probs[0].Path != path {
		t.Errorf("re-checksummed bundle: got %v (ok %v), want one %v naming %s", probs, ok, report.SigModified, path)
	}

	// The other failures, each with its code.
	other := filepath.Join(dir, "other.pub")
	runQuire(t, vars, "keygen", "-W", "-p", other, "-s", filepath.Join(dir, "other.key"))
	sig, _ := os.ReadFile(path + ".minisig")
	damaged := filepath.Join(dir, "damaged.minisig")
	lines := strings.Split(string(sig), "\n")
	lines[1] = lines[1][:20] + strings.Map(func(r rune) rune {
		if r == 'A' {
			return 'B'
		}
		return 'A'
	}, lines[1][20:21]) + lines[1][21:]
	os.WriteFile(damaged, []byte(strings.Join(lines, "\n")), 0o644)
	os.WriteFile(path, good, 0o644)
	for _, tt := range []struct {
		name     string
		pub, sig string
		want     report.Code
	}{
		{"wrong key", other, "", report.SigWrongKey},
		{"damaged signature", pub, damaged, report.SigInvalid},
		{"bundle as signature", pub, path, report.SigMalformed},
		{"signature as public key", path + ".minisig", "", report.SigMalformed},
	} {
		_, probs, ok := verifyPubkey(e, tt.pub, mustInput(t, path), tt.sig, nil)
		if !ok || len(probs) != 1 || probs[0].Code != tt.want || probs[0].Msg == "" {
			t.Errorf("%s: got %v (ok %v), want %v", tt.name, probs, ok, tt.want)
		}
	}
	// A missing signature is a problem in the report (so -format json
	// shows it), naming the file looked for; a missing key is trouble.
	_, probs, ok = verifyPubkey(e, pub, mustInput(t, path), filepath.Join(dir, "nosuch.minisig"), nil)
	if !ok || len(probs) != 1 || probs[0].Code != report.SigMissing || !strings.Contains(probs[0].Msg, "nosuch.minisig") {
		t.Errorf("missing signature file: got %v ok %v, want one %v naming the file", probs, ok, report.SigMissing)
	}
	stderr.Reset()
	if _, probs, ok := verifyPubkey(e, filepath.Join(dir, "nosuch.pub"), mustInput(t, path), "", nil); ok || len(probs) > 0 || !strings.Contains(stderr.String(), "nosuch.pub") {
		t.Errorf("missing public key: got %v ok %v stderr %q, want I/O trouble naming the file", probs, ok, stderr.String())
	}
}

// mustInput opens path as validate does; it is closed when the test ends.
func mustInput(t *testing.T, path string) *input {
	t.Helper()
	in, err := openInput(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

// reseal re-writes a bundle with edit applied to each record's text,
// keeping its name, version, rules and time: every checksum is new and
// right.
func reseal(t *testing.T, b []byte, edit func(i int, text string) string) []byte {
	t.Helper()
	rd, err := bundle.Open(bytes.NewReader(b), bundle.CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sch, err := schema.Record()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var w *bundle.Writer
	for i := 0; ; i++ {
		r, _, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if w == nil {
			m, err := bundle.ReadManifest(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			opts := bundle.WriterOptions{Name: m.Name, Version: m.Version, QuireVersion: m.QuireVersion, Schema: sch, Rules: m.Rules, TempDir: t.TempDir()}
			if m.Created != "" {
				ct, _ := time.Parse(time.RFC3339, m.Created)
				opts.SourceDateEpoch = &ct
			}
			if w, err = bundle.NewWriter(&buf, opts); err != nil {
				t.Fatal(err)
			}
		}
		r.Text = edit(i, r.Text)
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files (and testscript expectations)")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"quire": func() {
			e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
			os.Exit(run(e, os.Args[1:]))
		},
	})
}

// repoRoot is the module root, where seeds/ and golden/ live. It is
// found from this file's path, so tests that change directory still
// find it.
func repoRoot(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// TestScripts runs the end-to-end scripts in testdata/*.txtar against the
// real command. Each script gets a copy of the repository's seeds in
// $WORK/seeds and a fixed SOURCE_DATE_EPOCH.
func TestScripts(t *testing.T) {
	root := repoRoot(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata",
		RequireExplicitExec: false,
		UpdateScripts:       *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status":          cmdStatus,
			"quire-mkbig":     cmdMkBig,
			"quire-gencorpus": cmdGenCorpus,
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("SOURCE_DATE_EPOCH", "1700000000")
			env.Setenv("REPO", root)
			return copyDir(filepath.Join(root, "seeds"), filepath.Join(env.WorkDir, "seeds"))
		},
	})
}

func copyDir(src, dst string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cmdStatus runs a command and checks its exact exit status:
//
//	status 2 quire normalize nosuch.txt
//
// Its stdout and stderr are then available to stdout/stderr checks.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("status: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d\nstderr:\n%s", got, want, ts.ReadFile("stderr"))
	}
}

// cmdMkBig writes a file of N bytes of text: quire-mkbig FILE N.
func cmdMkBig(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: quire-mkbig FILE N")
	}
	n, err := strconv.Atoi(args[1])
	if err != nil {
		ts.Fatalf("quire-mkbig: %v", err)
	}
	line := []byte("All work and no play makes a dull archive.\n")
	b := bytes.Repeat(line, n/len(line)+1)[:n]
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), b, 0o644))
}
